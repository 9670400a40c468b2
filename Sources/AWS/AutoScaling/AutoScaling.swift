/// Amazon EC2 Auto Scaling in one region (query protocol, API 2011-01-01).
///
/// Member names are botocore's: lists go as `Name.member.N`, answers come in `<ActionResult>`.
public struct AutoScaling: Sendable {
    public let client: AWSClient
    public let region: String

    public init(client: AWSClient, region: String) {
        self.client = client
        self.region = region
    }
}

// MARK: - Shared shapes

extension AutoScaling {
    /// `LaunchTemplateSpecification`: a template by id or name, and a version (`$Default`, `$Latest`, a number).
    public struct LaunchTemplateSpecification: Codable, Sendable, Hashable {
        public var launchTemplateId: String?
        public var launchTemplateName: String?
        public var version: String?

        public init(launchTemplateId: String? = nil, launchTemplateName: String? = nil, version: String? = nil) {
            self.launchTemplateId = launchTemplateId
            self.launchTemplateName = launchTemplateName
            self.version = version
        }
    }

    /// A filter on a describe call (`Filter`): `Filters.member.N.Name`, `Filters.member.N.Values.member.M`.
    public struct Filter: Encodable, Sendable, Hashable {
        public var name: String
        public var values: [String]

        public init(name: String, values: [String]) {
            self.name = name
            self.values = values
        }
    }

    /// `BlockDeviceMapping` of a launch configuration.
    public struct BlockDeviceMapping: Codable, Sendable, Hashable {
        public var deviceName: String
        public var virtualName: String?
        public var ebs: Ebs?
        public var noDevice: Bool?

        public init(deviceName: String, virtualName: String? = nil, ebs: Ebs? = nil, noDevice: Bool? = nil) {
            self.deviceName = deviceName
            self.virtualName = virtualName
            self.ebs = ebs
            self.noDevice = noDevice
        }
    }

    /// `Ebs` of a launch configuration's block device.
    public struct Ebs: Codable, Sendable, Hashable {
        public var snapshotId: String?
        public var volumeSize: Int?
        public var volumeType: String?
        public var deleteOnTermination: Bool?
        public var iops: Int?
        public var encrypted: Bool?
        public var throughput: Int?

        public init(
            snapshotId: String? = nil, volumeSize: Int? = nil, volumeType: String? = nil,
            deleteOnTermination: Bool? = nil, iops: Int? = nil, encrypted: Bool? = nil, throughput: Int? = nil
        ) {
            self.snapshotId = snapshotId
            self.volumeSize = volumeSize
            self.volumeType = volumeType
            self.deleteOnTermination = deleteOnTermination
            self.iops = iops
            self.encrypted = encrypted
            self.throughput = throughput
        }
    }

    /// `InstanceMonitoring`.
    public struct InstanceMonitoring: Codable, Sendable, Hashable {
        public var enabled: Bool?

        public init(enabled: Bool? = nil) {
            self.enabled = enabled
        }
    }

    /// `InstanceMetadataOptions` of a launch configuration: the members EC2's `RunInstances` takes too.
    public typealias InstanceMetadataOptions = AWS.InstanceMetadataOptions
}
