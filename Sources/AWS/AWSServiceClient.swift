/// A client of one AWS service in one region: the one place a service's actions are called and its listings paged.
///
/// Every operation of a conforming client goes through `call` (which speaks the service's wire protocol) or
/// `paginator`; the conformances below name each client's service.
protocol AWSServiceClient: Sendable {
    /// The service this client speaks to.
    static var service: AWSService { get }
    /// The transport the client's requests go through.
    var client: AWSClient { get }
    /// The region the client's requests go to.
    var region: String { get }

    /// The error a failed call throws for the service's `error`: the error itself unless the service has a
    /// more specific one (DynamoDB's failed condition).
    static func refined(_ error: AWSError) -> any Error
}

extension AWSServiceClient {
    static func refined(_ error: AWSError) -> any Error { error }

    /// Calls `action` in the service's wire protocol (query or JSON) and decodes its answer.
    func call<Output: Decodable>(
        _ action: String, _ input: some Encodable, signing: AWSRequest.Signing = .provider,
        output: Output.Type = Output.self
    ) async throws -> Output {
        do {
            switch Self.service.wireProtocol {
            case .ec2, .query:
                return try await client.query(
                    Self.service, region: region, action: action, input: input, signing: signing, output: output)
            case .json:
                return try await client.json(
                    Self.service, region: region, action: action, input: input, signing: signing, output: output)
            }
        } catch let error as AWSError {
            throw Self.refined(error)
        }
    }

    /// Every page of the listing `action`, following `NextToken` from `request`.
    func paginator<Request: PaginatedRequest & Encodable, Response: PaginatedResponse & Decodable>(
        _ action: String, _ request: Request, response: Response.Type = Response.self
    ) -> Paginator<Request, Response> {
        Paginator(request, service: Self.service, action: action) { [self] page in
            try await call(action, page, output: Response.self)
        }
    }
}

// MARK: - The clients

extension EC2: AWSServiceClient { static let service = AWSService.ec2 }
extension AutoScaling: AWSServiceClient { static let service = AWSService.autoScaling }
extension SSM: AWSServiceClient { static let service = AWSService.ssm }
extension SNS: AWSServiceClient { static let service = AWSService.sns }
extension STS: AWSServiceClient { static let service = AWSService.sts }
