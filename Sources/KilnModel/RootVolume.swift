// MARK: - Root volume

/// `spec.build.rootVolume`: the builder's root volume, which becomes the image's.
public struct RootVolume: Sendable, Hashable, Codable {
    /// Size in GiB, 1...16384 (default 16).
    public var sizeGiB: Int
    /// EBS volume type (default gp3).
    public var type: VolumeType
    /// Encrypted (default true).
    public var encrypted: Bool
    /// `alias/…`, a key id or a key ARN; only with `encrypted`. `nil`: the account's default EBS key.
    public var kmsKey: String?

    /// Creates a root volume with the manifest defaults.
    public init(sizeGiB: Int = 16, type: VolumeType = .gp3, encrypted: Bool = true, kmsKey: String? = nil) {
        self.sizeGiB = sizeGiB
        self.type = type
        self.encrypted = encrypted
        self.kmsKey = kmsKey
    }
}

/// An EBS volume type allowed for the root volume.
public enum VolumeType: String, Sendable, Hashable, Codable, CaseIterable {
    case gp2
    case gp3
    case io1
    case io2
}
