/// Amazon EC2 in one region (EC2 query protocol, API 2016-11-15).
///
/// Member names follow botocore's EC2 model: a coding key is the member's `locationName` (what responses carry)
/// or its serialised name; requests send it with a capital first letter, as EC2 expects.
public struct EC2: Sendable {
    public let client: AWSClient
    public let region: String

    public init(client: AWSClient, region: String) {
        self.client = client
        self.region = region
    }
}

// MARK: - Tags

extension EC2.Tag {
    /// A tag read from an answer; a tag without a value has the empty one.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        key = try container.decode(String.self, forKey: .key)
        value = try container.decodeIfPresent(String.self, forKey: .value) ?? ""
    }
}

extension Array where Element == EC2.Tag {
    /// The tags of `dictionary`, sorted by key (requests come out the same every time).
    public init(_ dictionary: [String: String]) {
        self = dictionary.map { EC2.Tag(key: $0.key, value: $0.value) }.sorted { $0.key < $1.key }
    }
}

// MARK: - Shared shapes

extension EC2 {
    /// A tag (`Tag`). Other modules build tag lists from dictionaries: `[EC2.Tag](["kiln:image": "web"])`.
    public struct Tag: Codable, Sendable, Hashable {
        public var key: String
        public var value: String
    }

    /// A filter on a describe call (`Filter`): `Filter.N.Name`, `Filter.N.Value.M`.
    public struct Filter: Encodable, Sendable, Hashable {
        public var name: String
        public var values: [String]

        public init(name: String, values: [String]) {
            self.name = name
            self.values = values
        }

        enum CodingKeys: String, CodingKey {
            case name, values = "value"
        }
    }

    /// Tags to put on resources a call creates (`TagSpecification`).
    public struct TagSpecification: Encodable, Sendable, Hashable {
        public var resourceType: String
        public var tags: [Tag]

        /// `resourceType`: `instance`, `volume`, `image`, `snapshot`, `launch-template`, …
        public init(resourceType: String, tags: [Tag]) {
            self.resourceType = resourceType
            self.tags = tags
        }

        enum CodingKeys: String, CodingKey {
            case resourceType, tags = "tag"
        }
    }

    /// A block device of an image or an instance request (`BlockDeviceMapping`).
    public struct BlockDeviceMapping: Codable, Sendable, Hashable {
        public var deviceName: String?
        public var virtualName: String?
        public var ebs: EbsBlockDevice?
        public var noDevice: String?

        public init(
            deviceName: String? = nil, virtualName: String? = nil, ebs: EbsBlockDevice? = nil, noDevice: String? = nil
        ) {
            self.deviceName = deviceName
            self.virtualName = virtualName
            self.ebs = ebs
            self.noDevice = noDevice
        }
    }

    /// An EBS volume of a block device mapping (`EbsBlockDevice`).
    public struct EbsBlockDevice: Codable, Sendable, Hashable {
        public var deleteOnTermination: Bool?
        public var iops: Int?
        public var snapshotId: String?
        public var volumeSize: Int?
        /// `gp3`, `gp2`, `io1`, `io2`, `st1`, `sc1`, `standard`.
        public var volumeType: String?
        public var kmsKeyId: String?
        public var throughput: Int?
        public var encrypted: Bool?

        public init(
            deleteOnTermination: Bool? = nil, iops: Int? = nil, snapshotId: String? = nil, volumeSize: Int? = nil,
            volumeType: String? = nil, kmsKeyId: String? = nil, throughput: Int? = nil, encrypted: Bool? = nil
        ) {
            self.deleteOnTermination = deleteOnTermination
            self.iops = iops
            self.snapshotId = snapshotId
            self.volumeSize = volumeSize
            self.volumeType = volumeType
            self.kmsKeyId = kmsKeyId
            self.throughput = throughput
            self.encrypted = encrypted
        }
    }

    /// Why a resource is in its state (`StateReason`).
    public struct StateReason: Decodable, Sendable, Hashable {
        public var code: String?
        public var message: String?

        public init(code: String? = nil, message: String? = nil) {
            self.code = code
            self.message = message
        }
    }

    /// A call answered with `<return>true</return>`.
    public struct ReturnResponse: Decodable, Sendable, Hashable {
        public var `return`: Bool?
    }
}

extension Array where Element == EC2.Tag {
    /// The value of the tag `key`, if present.
    public subscript(tag key: String) -> String? {
        first { $0.key == key }?.value
    }
}
