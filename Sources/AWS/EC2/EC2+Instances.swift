import Foundation

// MARK: - Operations

extension EC2 {
    /// Every instance matching the request, reservations flattened (all pages of `DescribeInstances`).
    public func describeInstances(_ request: DescribeInstancesRequest) async throws -> [Instance] {
        try await describeInstancesPages(request).allItems().flatMap(\.instances)
    }

    /// The pages of `DescribeInstances` (each a list of reservations).
    public func describeInstancesPages(_ request: DescribeInstancesRequest) -> Paginator<
        DescribeInstancesRequest, DescribeInstancesResponse
    > {
        paginator("DescribeInstances", request)
    }

    /// `RunInstances`: the reservation with the launched instances.
    public func runInstances(_ request: RunInstancesRequest) async throws -> Reservation {
        try await call("RunInstances", request)
    }

    /// `StopInstances`.
    public func stopInstances(instanceIds: [String]) async throws -> [InstanceStateChange] {
        try await call("StopInstances", InstanceIDsRequest(instanceIds: instanceIds), output: StateChanges.self)
            .changes
    }

    /// `TerminateInstances`.
    public func terminateInstances(instanceIds: [String]) async throws -> [InstanceStateChange] {
        try await call("TerminateInstances", InstanceIDsRequest(instanceIds: instanceIds), output: StateChanges.self)
            .changes
    }
}

// MARK: - Shapes

extension EC2 {
    /// An instance (`Instance`).
    public struct Instance: Decodable, Sendable, Hashable {
        public var instanceId: String
        public var imageId: String?
        public var state: InstanceState?
        public var instanceType: String?
        public var launchTime: Date?
        public var subnetId: String?
        public var vpcId: String?
        public var privateIpAddress: String?
        public var publicIpAddress: String?
        public var keyName: String?
        public var clientToken: String?
        public var iamInstanceProfile: IamInstanceProfile?
        public var metadataOptions: InstanceMetadataOptions?
        public var stateReason: StateReason?
        public var stateTransitionReason: String?
        @XMLList public var tags: [Tag]

        /// The launch template the instance came from, read from the `aws:ec2launchtemplate:*` tags EC2 sets.
        public var launchTemplate: InstanceLaunchTemplate? {
            guard let id = tags[tag: "aws:ec2launchtemplate:id"] else { return nil }
            return InstanceLaunchTemplate(
                launchTemplateId: id, version: tags[tag: "aws:ec2launchtemplate:version"])
        }

        public init(
            instanceId: String, imageId: String? = nil, state: EC2.InstanceState? = nil, instanceType: String? = nil,
            launchTime: Date? = nil, subnetId: String? = nil, vpcId: String? = nil, privateIpAddress: String? = nil,
            publicIpAddress: String? = nil, keyName: String? = nil, clientToken: String? = nil,
            iamInstanceProfile: EC2.IamInstanceProfile? = nil, metadataOptions: EC2.InstanceMetadataOptions? = nil,
            stateReason: EC2.StateReason? = nil, stateTransitionReason: String? = nil, tags: [EC2.Tag] = []
        ) {
            self.instanceId = instanceId
            self.imageId = imageId
            self.state = state
            self.instanceType = instanceType
            self.launchTime = launchTime
            self.subnetId = subnetId
            self.vpcId = vpcId
            self.privateIpAddress = privateIpAddress
            self.publicIpAddress = publicIpAddress
            self.keyName = keyName
            self.clientToken = clientToken
            self.iamInstanceProfile = iamInstanceProfile
            self.metadataOptions = metadataOptions
            self.stateReason = stateReason
            self.stateTransitionReason = stateTransitionReason
            self._tags = XMLList(wrappedValue: tags)
        }

        enum CodingKeys: String, CodingKey {
            case instanceId, imageId, instanceType, launchTime, subnetId, vpcId, privateIpAddress, keyName, clientToken
            case iamInstanceProfile, metadataOptions, stateReason, state = "instanceState"
            case publicIpAddress = "ipAddress", stateTransitionReason = "reason", tags = "tagSet"
        }
    }

    /// The launch template of an instance.
    public struct InstanceLaunchTemplate: Sendable, Hashable {
        public var launchTemplateId: String
        public var version: String?
    }

    /// `InstanceState`: `code` 0 pending, 16 running, 32 shutting-down, 48 terminated, 64 stopping, 80 stopped.
    public struct InstanceState: Decodable, Sendable, Hashable {
        public var code: Int?
        /// `pending`, `running`, `shutting-down`, `terminated`, `stopping`, `stopped`.
        public var name: String

        public init(code: Int? = nil, name: String) {
            self.code = code
            self.name = name
        }
    }

    /// The instance profile of an instance (`IamInstanceProfile`).
    public struct IamInstanceProfile: Decodable, Sendable, Hashable {
        public var arn: String?
        public var id: String?

        public init(arn: String? = nil, id: String? = nil) {
            self.arn = arn
            self.id = id
        }
    }

    /// `InstanceMetadataOptionsResponse`.
    public struct InstanceMetadataOptions: Decodable, Sendable, Hashable {
        public var state: String?
        /// `required` when IMDSv2 is enforced.
        public var httpTokens: String?
        public var httpPutResponseHopLimit: Int?
        public var httpEndpoint: String?
    }

    /// `Reservation`: what `RunInstances` returns and `DescribeInstances` lists.
    public struct Reservation: Decodable, Sendable, Hashable {
        public var reservationId: String?
        public var ownerId: String?
        @XMLList public var instances: [Instance]

        enum CodingKeys: String, CodingKey {
            case reservationId, ownerId, instances = "instancesSet"
        }
    }

    /// `DescribeInstancesRequest`.
    public struct DescribeInstancesRequest: Encodable, PaginatedRequest {
        public var instanceIds: [String]?
        public var filters: [Filter]?
        public var maxResults: Int?
        public var nextToken: String?

        public init(instanceIds: [String]? = nil, filters: [Filter]? = nil, maxResults: Int? = nil) {
            self.instanceIds = instanceIds
            self.filters = filters
            self.maxResults = maxResults
        }

        enum CodingKeys: String, CodingKey {
            case instanceIds = "instanceId", filters = "filter", maxResults, nextToken
        }
    }

    /// `DescribeInstancesResult`: one page of reservations.
    public struct DescribeInstancesResponse: Decodable, PaginatedResponse {
        @XMLList public var reservations: [Reservation]
        public var nextToken: String?
        public var items: [Reservation] { reservations }

        enum CodingKeys: String, CodingKey {
            case reservations = "reservationSet", nextToken
        }
    }

    /// `InstanceStateChange`.
    public struct InstanceStateChange: Decodable, Sendable, Hashable {
        public var instanceId: String
        public var currentState: InstanceState?
        public var previousState: InstanceState?
    }

    struct StateChanges: Decodable, Sendable {
        @XMLList var changes: [InstanceStateChange]

        enum CodingKeys: String, CodingKey {
            case changes = "instancesSet"
        }
    }

    struct InstanceIDsRequest: Encodable, Sendable {
        var instanceIds: [String]

        enum CodingKeys: String, CodingKey {
            case instanceIds = "instanceId"
        }
    }
}
