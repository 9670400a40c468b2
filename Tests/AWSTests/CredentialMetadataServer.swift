import AsyncHTTPClient
import Foundation

/// A loopback stand-in for the two metadata endpoints, speaking their HTTP contracts strictly:
/// - IMDSv2: `PUT /latest/api/token` needs `X-aws-ec2-metadata-token-ttl-seconds` (1–21600); every `GET` needs
///   a token it issued in `X-aws-ec2-metadata-token`, else 401 — so an IMDSv1 fallback would fail the tests.
/// - Container: `GET <containerPath>` needs `Authorization: <containerAuth>` when one is configured.
/// `GET /__log` lists the requests seen as `[method, path, hadValidToken, authorization]`.
struct MetadataServerConfig: Encodable {
    var accessKey = "ASIAMETADATA"
    var secret = Secret.key
    var token = Secret.token
    var expiration = "2030-01-01T00:00:00Z"
    var role: String? = "kiln-role"
    var containerPath = "/v2/credentials/abc"
    var containerAuth: String?
    /// Replaces the credentials document (to test malformed answers).
    var rawDocument: String?
}

enum MetadataServer {
    static func start(_ config: MetadataServerConfig = MetadataServerConfig()) throws -> PythonServer {
        let json = String(decoding: try JSONEncoder().encode(config), as: UTF8.self)
        return try PythonServer(script: script, arguments: [json])
    }

    static let script = #"""
        import json, sys, threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        config = json.loads(sys.argv[1])
        tokens = set()
        log = []
        lock = threading.Lock()
        ROLES = "/latest/meta-data/iam/security-credentials/"

        def document(extra):
            if config.get("rawDocument") is not None:
                return config["rawDocument"]
            body = {"AccessKeyId": config["accessKey"], "SecretAccessKey": config["secret"],
                    "Token": config["token"], "Expiration": config["expiration"]}
            body.update(extra)
            return json.dumps(body)

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def answer(self, status, text=""):
                data = text.encode()
                self.send_response(status)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def record(self):
                valid = self.headers.get("X-aws-ec2-metadata-token") in tokens
                with lock:
                    log.append([self.command, self.path, valid, self.headers.get("Authorization")])
                return valid

            def do_PUT(self):
                if self.path != "/latest/api/token":
                    self.record()
                    return self.answer(404)
                ttl = self.headers.get("X-aws-ec2-metadata-token-ttl-seconds", "")
                self.record()
                if not ttl.isdigit() or not 1 <= int(ttl) <= 21600:
                    return self.answer(400, "missing or invalid TTL")
                with lock:
                    token = "imds-session-%d" % (len(tokens) + 1)
                    tokens.add(token)
                self.answer(200, token)

            def do_GET(self):
                if self.path == "/__log":
                    with lock:
                        return self.answer(200, json.dumps(log))
                valid = self.record()
                if self.path == config["containerPath"]:
                    expected = config.get("containerAuth")
                    if expected is not None and self.headers.get("Authorization") != expected:
                        return self.answer(401, "unauthorized")
                    return self.answer(200, document({"RoleArn": "arn:aws:iam::123456789012:role/task"}))
                if not self.path.startswith("/latest/"):
                    return self.answer(404)
                if not valid:
                    return self.answer(401, "IMDSv2 token required")
                if self.path == ROLES:
                    return self.answer(200, config["role"]) if config.get("role") else self.answer(404)
                if config.get("role") and self.path == ROLES + config["role"]:
                    return self.answer(200, document({"Code": "Success", "Type": "AWS-HMAC"}))
                self.answer(404)

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        print(server.server_address[1], flush=True)
        server.serve_forever()
        """#
}

extension PythonServer {
    /// The requests the metadata server has seen: method, path, whether a valid IMDS token was sent, and the
    /// Authorization header.
    func requestLog() async throws -> [(method: String, path: String, validToken: Bool, authorization: String?)] {
        let response = try await HTTPClient.shared.execute(
            HTTPClientRequest(url: baseURL + "/__log"), timeout: .seconds(5))
        let body = try await response.body.collect(upTo: 1 << 20)
        let rows = try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [[Any]] ?? []
        return rows.map { row in
            (row[0] as? String ?? "", row[1] as? String ?? "", row[2] as? Bool ?? false, row[3] as? String)
        }
    }
}
