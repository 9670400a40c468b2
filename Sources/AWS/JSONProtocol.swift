import Foundation

/// The JSON 1.0/1.1 protocols (SSM, DynamoDB): a JSON POST with `X-Amz-Target`, a JSON answer.
extension AWSClient {
    /// Calls a JSON-protocol action and decodes its answer. Timestamps are epoch seconds both ways.
    func json<Output: Decodable>(
        _ service: AWSService, region: String, action: String, input: some Encodable,
        signing: AWSRequest.Signing = .provider, output: Output.Type = Output.self
    ) async throws -> Output {
        guard case .json(let version, let targetPrefix) = service.wireProtocol else {
            throw AWSError.invalidRequest("\(service.serviceID) does not speak JSON", service: service, action: action)
        }
        let body = try JSONProtocolCoding.encoder().encode(input)
        let request = AWSRequest(
            service: service, region: region, action: action,
            headers: [
                .init("Content-Type", "application/x-amz-json-\(version)"),
                .init("X-Amz-Target", "\(targetPrefix).\(action)"),
            ],
            body: Array(body), signing: signing)
        let response = try await send(request)
        if let empty = EmptyResponse() as? Output { return empty }
        let data = response.body.isEmpty ? Data("{}".utf8) : Data(response.body)
        do {
            return try JSONProtocolCoding.decoder().decode(Output.self, from: data)
        } catch {
            throw AWSError.invalidResponse(
                DecodingFailure.summary(error), statusCode: response.status, requestID: response.requestID,
                service: service, action: action)
        }
    }
}

/// The JSON protocols' coding: members by their wire names (see ``WireName``), epoch-second timestamps, base64
/// blobs, `nil` members left out.
enum JSONProtocolCoding {
    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .awsWireNames
        encoder.dateEncodingStrategy = .secondsSince1970
        encoder.outputFormatting = .sortedKeys
        return encoder
    }

    static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .awsWireNames
        decoder.dateDecodingStrategy = .secondsSince1970
        return decoder
    }
}
