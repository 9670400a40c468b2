import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Redaction

/// One attempt: resolve, sign afresh, send, read the whole response.
extension AWSClient {
    /// The largest response body read (EC2 listings of thousands of images are a few MiB).
    static let maxResponseBytes = 64 << 20

    func attempt(_ request: AWSRequest) async throws -> AWSResponse {
        let base = try endpoint(request.service, request.region)
        guard let host = base.host, !host.isEmpty else {
            throw AWSError.connection(
                "the endpoint has no host", service: request.service, action: request.action)
        }
        let hostHeader = base.port.map { "\(host):\($0)" } ?? host
        let path = base.path.isEmpty ? "/" : base.path
        var signable = SignableRequest(
            method: "POST", path: path, headers: [.init("Host", hostHeader)] + request.headers, body: request.body)
        switch request.signing {
        case .provider:
            let credentials = try await credentialProvider.credentials()
            sign(&signable, request: request, credentials: credentials)
        case .credentials(let credentials):
            sign(&signable, request: request, credentials: credentials)
        case .unsigned:
            break
        }

        var components = URLComponents(url: base, resolvingAgainstBaseURL: false)
        components?.path = path
        guard let url = components?.string else {
            throw AWSError.connection("the endpoint is not a URL", service: request.service, action: request.action)
        }
        var http = HTTPClientRequest(url: url)
        http.method = .POST
        for header in signable.headers {
            http.headers.add(name: header.name, value: header.value)
        }
        http.headers.add(name: "User-Agent", value: "kiln")
        http.body = .bytes(ByteBuffer(bytes: signable.body))

        do {
            let deadline = NIODeadline.now() + TimeAmount(timeout)
            let response = try await httpClient.execute(http, deadline: deadline, logger: logger)
            let body = try await response.body.collect(upTo: Self.maxResponseBytes)
            return AWSResponse(
                status: Int(response.status.code),
                headers: response.headers.map { ($0.name, $0.value) },
                body: Array(buffer: body))
        } catch {
            throw Self.transportError(error, request: request)
        }
    }

    private func sign(_ signable: inout SignableRequest, request: AWSRequest, credentials: Credentials) {
        SigV4Signer(service: request.service.signingName, region: request.region)
            .sign(&signable, credentials: credentials, date: Date())
    }

    /// Maps what async-http-client and NIO throw to a typed transport error; cancellation passes through.
    static func transportError(_ error: any Error, request: AWSRequest) -> any Error {
        if error is CancellationError { return error }
        if let client = error as? HTTPClientError {
            switch client {
            case .cancelled:
                return CancellationError()
            case .deadlineExceeded, .readTimeout, .writeTimeout, .connectTimeout, .tlsHandshakeTimeout,
                .getConnectionFromPoolTimeout:
                return AWSError.timeout(
                    "no response in time (\(client.shortDescription))", service: request.service,
                    action: request.action)
            default:
                break
            }
        }
        if error is NIOTooManyBytesError {
            return AWSError.invalidResponse(
                "the response is larger than \(maxResponseBytes) bytes", statusCode: 200, requestID: nil,
                service: request.service, action: request.action)
        }
        if let channel = error as? ChannelError, case .connectTimeout = channel {
            return AWSError.timeout("connect timed out", service: request.service, action: request.action)
        }
        return AWSError.connection(
            "transport failure: \(Redaction.prefix(String(describing: error), characters: 160))",
            service: request.service,
            action: request.action)
    }
}

extension HTTPClientError {
    fileprivate var shortDescription: String {
        String(String(describing: self).prefix(80))
    }
}

extension TimeAmount {
    fileprivate init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
