/// `spec.build`: the builder instance and the bake's limits, with the manifest defaults filled in.
public struct BuildSpec: Sendable, Hashable, Codable {
    /// The region the image is baked in.
    public var region: String
    /// The builder's instance type.
    public var instanceType: String
    /// The builder's subnet; `nil` means the default VPC.
    public var subnet: String?
    /// The builder's security groups (unique).
    public var securityGroups: [String]
    /// IAM instance profile name or ARN (needs SSM access).
    public var instanceProfile: String
    /// Give the builder a public IP (default false).
    public var associatePublicIp: Bool
    /// The builder's root volume, which becomes the image's.
    public var rootVolume: RootVolume
    /// Limit for the whole bake (default 60m).
    public var timeout: ManifestDuration
    /// Failed bakes of one (version, recipe) before giving up (default 3, 1...10).
    public var maxAttempts: Int
    /// Keep a failed builder, stopped and tagged `kiln:phase=failed-kept`, for debugging (default false).
    public var keepOnFailure: Bool

    /// Creates a build spec with the manifest defaults for everything optional.
    public init(
        region: String, instanceType: String, subnet: String? = nil, securityGroups: [String] = [],
        instanceProfile: String, associatePublicIp: Bool = false, rootVolume: RootVolume = RootVolume(),
        timeout: ManifestDuration = .minutes(60), maxAttempts: Int = 3, keepOnFailure: Bool = false
    ) {
        self.region = region
        self.instanceType = instanceType
        self.subnet = subnet
        self.securityGroups = securityGroups
        self.instanceProfile = instanceProfile
        self.associatePublicIp = associatePublicIp
        self.rootVolume = rootVolume
        self.timeout = timeout
        self.maxAttempts = maxAttempts
        self.keepOnFailure = keepOnFailure
    }
}
