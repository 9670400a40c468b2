import Foundation
import KilnTestSupport
import Testing

@testable import AWS

/// One request encoded by Kiln and described for botocore, which serialises it as the AWS SDKs do.
struct SerializationCase: Sendable {
    /// What Kiln put on the wire.
    enum Encoded: Sendable {
        /// Query protocols: the name/value pairs (with `Action` and `Version`) and the form body.
        case query([String: String], body: String)
        /// JSON protocols: the body.
        case json(Data)
    }

    var service: String
    var operation: String
    /// The same request in botocore's parameter names, as JSON.
    var params: String
    var encode: @Sendable () throws -> Encoded

    /// A query-protocol case: `request` encoded in the service's style.
    static func query(
        _ service: AWSService, _ operation: String, _ params: String, _ request: some Encodable & Sendable
    ) -> SerializationCase {
        SerializationCase(service: service.signingName, operation: operation, params: params) {
            let style: QueryEncoder.Style = service == .ec2 ? .ec2 : .query
            let pairs = try QueryEncoder(style: style).encode(request)
            var all = ["Action": operation, "Version": service.apiVersion]
            for (name, value) in pairs { all[name] = value }
            let body = QueryEncoder.formBody(action: operation, version: service.apiVersion, pairs: pairs)
            return .query(all, body: body)
        }
    }

    /// A JSON-protocol case.
    static func json(
        _ service: AWSService, _ operation: String, _ params: String, _ request: some Encodable & Sendable
    ) -> SerializationCase {
        SerializationCase(service: service.signingName, operation: operation, params: params) {
            .json(try JSONProtocolCoding.encoder().encode(request))
        }
    }
}

/// Runs botocore's serializers once for a batch of cases, in a `python3` subprocess.
enum BotocoreReference {
    /// What botocore produced for one case.
    struct Output: Decodable {
        /// Query protocols: the parameters (values as strings).
        var params: [String: String]?
        /// Query protocols: the body botocore sends (`AWSRequest` form-encodes the parameters with `urlencode`).
        var body: String?
        /// JSON protocols: the body text.
        var json: String?
    }

    static func serialize(_ cases: [SerializationCase]) async throws -> [Output] {
        let input = cases.map { #"{"service":"\#($0.service)","operation":"\#($0.operation)","params":\#($0.params)}"# }
        let result = try await ProcessRunner.run(
            "python3", ["-c", script], environment: ["KILN_BOTOCORE_CASES": "[" + input.joined(separator: ",") + "]"])
        try #require(result.status == 0, "botocore failed: \(result.stderr.suffix(600))")
        return try JSONDecoder().decode([Output].self, from: Data(result.stdout.utf8))
    }

    private static let script = """
        import json, os, sys
        import botocore.session
        from botocore import serialize
        from urllib.parse import urlencode
        session = botocore.session.get_session()
        out = []
        for case in json.loads(os.environ["KILN_BOTOCORE_CASES"]):
            model = session.get_service_model(case["service"])
            operation = model.operation_model(case["operation"])
            serializer = serialize.create_serializer(model.metadata["protocol"], include_validation=True)
            try:
                request = serializer.serialize_to_request(case["params"], operation)
            except Exception as error:
                sys.exit(f"{case['service']} {case['operation']}: {error}")
            body = request["body"]
            if isinstance(body, dict):
                out.append({"params": {k: str(v) for k, v in body.items()}, "body": urlencode(body, doseq=True)})
            else:
                out.append({"json": body.decode() if isinstance(body, bytes) else body})
        print(json.dumps(out))
        """
}
