import AsyncHTTPClient
import Foundation
import KilnTestSupport
import NIOCore

/// Signs a request with botocore's SigV4 in a python3 subprocess (an independent, known-good signer).
enum BotocoreSigner {
    /// Returns a query-protocol POST to `endpoint` signed for `service`/`region` with the given key.
    static func signedQuery(
        endpoint: URL, service: String, region: String, body: String, key: MotoAccessKey
    ) async throws -> HTTPClientRequest {
        let output = try await ProcessRunner.run(
            "python3", ["-c", script],
            environment: [
                "KILN_URL": endpoint.absoluteString + "/", "KILN_SERVICE": service, "KILN_REGION": region,
                "KILN_BODY": body, "KILN_AKID": key.accessKeyId, "KILN_SECRET": key.secretAccessKey,
            ])
        guard output.status == 0,
            let headers = try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: String]
        else {
            throw HarnessError.processFailed("botocore signing exited \(output.status)")
        }
        var request = HTTPClientRequest(url: endpoint.absoluteString + "/")
        request.method = .POST
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) {
            request.headers.add(name: name, value: value)
        }
        request.body = .bytes(ByteBuffer(string: body))
        return request
    }

    private static let script = """
        import json, os
        from botocore.auth import SigV4Auth
        from botocore.awsrequest import AWSRequest
        from botocore.credentials import Credentials
        env = os.environ
        request = AWSRequest(method="POST", url=env["KILN_URL"], data=env["KILN_BODY"],
                             headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"})
        SigV4Auth(Credentials(env["KILN_AKID"], env["KILN_SECRET"]), env["KILN_SERVICE"],
                  env["KILN_REGION"]).add_auth(request)
        print(json.dumps(dict(request.headers.items())))
        """
}
