/// An instance's metadata service options, as EC2 `RunInstances` (`InstanceMetadataOptionsRequest`) and Auto
/// Scaling launch configurations (`InstanceMetadataOptions`) both spell them.
public struct InstanceMetadataOptions: Codable, Sendable, Hashable {
    /// `required` enforces IMDSv2; `optional` allows IMDSv1.
    public var httpTokens: String?
    public var httpPutResponseHopLimit: Int?
    /// `enabled` or `disabled`.
    public var httpEndpoint: String?

    public init(httpTokens: String? = nil, httpPutResponseHopLimit: Int? = nil, httpEndpoint: String? = nil) {
        self.httpTokens = httpTokens
        self.httpPutResponseHopLimit = httpPutResponseHopLimit
        self.httpEndpoint = httpEndpoint
    }
}
