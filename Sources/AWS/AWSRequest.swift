/// One AWS API call as the transport sends it: a POST to the service's endpoint in a region.
struct AWSRequest: Sendable {
    /// How the request is signed.
    enum Signing: Sendable {
        /// With the client's credential provider.
        case provider
        /// With these credentials (STS `AssumeRole` from a source identity).
        case credentials(Credentials)
        /// Not at all (`AssumeRoleWithWebIdentity`).
        case unsigned
    }

    var service: AWSService
    var region: String
    var action: String
    /// Protocol headers (`Content-Type`, `X-Amz-Target`); `Host` and the signature are added per attempt.
    var headers: [SignableRequest.Header]
    var body: [UInt8]
    var signing: Signing = .provider
}

/// A response with its body read in full.
struct AWSResponse: Sendable {
    var status: Int
    var headers: [(name: String, value: String)]
    var body: [UInt8]

    /// The request id headers AWS services send.
    var requestID: String? {
        headers.first { name, _ in
            let lowered = name.lowercased()
            return lowered == "x-amzn-requestid" || lowered == "x-amz-request-id"
        }?.value
    }
}
