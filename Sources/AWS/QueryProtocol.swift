import Foundation

/// The EC2 and query protocols: a form-encoded POST, an XML answer.
extension AWSClient {
    /// Calls a query-protocol action and decodes its XML answer.
    ///
    /// EC2 answers `<ActionResponse>` with the members at the top; Auto Scaling and STS wrap them in
    /// `<ActionResult>`.
    func query<Output: Decodable>(
        _ service: AWSService, region: String, action: String, input: some Encodable,
        signing: AWSRequest.Signing = .provider, output: Output.Type = Output.self
    ) async throws -> Output {
        let style: QueryEncoder.Style = service.wireProtocol == .ec2 ? .ec2 : .query
        let pairs = try QueryEncoder(style: style).encode(input)
        let body = QueryEncoder.formBody(action: action, version: service.apiVersion, pairs: pairs)
        let request = AWSRequest(
            service: service, region: region, action: action,
            headers: [.init("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")],
            body: Array(body.utf8), signing: signing)
        let response = try await send(request)
        if let empty = EmptyResponse() as? Output { return empty }
        do {
            return try AWSXML.decode(Output.self, from: response.body, resultWrapped: style == .query)
        } catch {
            throw AWSError.invalidResponse(
                DecodingFailure.summary(error), statusCode: response.status, requestID: response.requestID,
                service: service, action: action)
        }
    }
}

/// The answer of an action that returns nothing Kiln reads.
public struct EmptyResponse: Decodable, Sendable, Equatable {
    public init() {}
}

/// `<ActionResponse><ActionResult>…</ActionResult><ResponseMetadata/></ActionResponse>`.
struct QueryResultEnvelope<Result: Decodable>: Decodable {
    var result: Result

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: WireKey.self)
        guard let key = container.allKeys.first(where: { $0.stringValue.hasSuffix("Result") }) else {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "no <…Result> element"))
        }
        result = try container.decode(Result.self, forKey: key)
    }
}

/// A one-line account of a decoding failure: where, and what was expected. Never the document itself.
enum DecodingFailure {
    static func summary(_ error: any Error) -> String {
        if let rejected = error as? AWSXML.Rejected { return rejected.reason }
        guard let decoding = error as? DecodingError else { return "could not decode the response" }
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch decoding {
        case .keyNotFound(let key, let context):
            return "missing \(key.stringValue) at \(path(context))"
        case .valueNotFound(let type, let context):
            return "missing \(type) value at \(path(context))"
        case .typeMismatch(let type, let context):
            return "expected \(type) at \(path(context))"
        case .dataCorrupted(let context):
            return "malformed response at \(path(context))"
        @unknown default:
            return "could not decode the response"
        }
    }
}
