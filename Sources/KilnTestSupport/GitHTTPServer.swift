import Foundation
import Synchronization

/// A smart-HTTP git server on 127.0.0.1 (`git http-backend` behind a small Python server) that requires HTTP basic
/// authentication with one token, for testing token credentials end to end; with a certificate it speaks HTTPS
/// (real TLS, Python's `ssl` module).
///
/// With a token, every request without `Authorization: Basic base64(username:token)` gets `401`. Fetch and push are enabled for
/// every repository below `basePath`. Killed by the process id it started (on `stop()` or when released).
public final class GitHTTPServer: Sendable {
    /// An error starting the server.
    public struct StartError: Error, CustomStringConvertible {
        public let description: String
    }

    /// The directory whose repositories are served.
    public let basePath: String
    /// The loopback port the server listens on.
    public let port: Int
    /// The certificate the server presents, when it speaks HTTPS.
    public let certificate: TLSCertificate?

    private let process: Mutex<Process?>

    /// Starts the server and waits (up to `timeout` seconds) until it listens.
    public init(
        basePath: String, token: String?, username: String = "x-access-token", certificate: TLSCertificate? = nil,
        timeout: Double = 10
    ) throws {
        self.basePath = basePath
        self.certificate = certificate
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("kiln-http-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let script = scratch.appendingPathComponent("server.py")
        let portFile = scratch.appendingPathComponent("port")
        try Data(Self.script.utf8).write(to: script)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments =
            ["python3", script.path, basePath, username, portFile.path]
            + (certificate.map { [$0.certificatePath, $0.keyPath] } ?? [])
        var environment = GitCommand.baseEnvironment(home: basePath)
        if let token { environment["KILN_TEST_TOKEN"] = token }
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()

        let deadline = Date().addingTimeInterval(timeout)
        var port: Int?
        while port == nil, Date() < deadline, process.isRunning {
            port = (try? String(contentsOf: portFile, encoding: .utf8)).flatMap { Int($0) }
            if port == nil { usleep(20_000) }
        }
        guard let port, GitDaemon.canConnect(port: port) else {
            GitDaemon.kill(process)
            throw StartError(description: "the git HTTP server did not start")
        }
        self.port = port
        self.process = Mutex(process)
    }

    deinit { stop() }

    /// The URL of a repository below `basePath`, e.g. `url(for: "origin.git")`: `http://127.0.0.1:…`, or with a
    /// certificate `https://<its host>:…`.
    public func url(for repository: String) -> String {
        guard let certificate else { return "http://127.0.0.1:\(port)/\(repository)" }
        return "https://\(certificate.host):\(port)/\(repository)"
    }

    /// Stops the server (SIGKILL to the process it started) and waits for it; safe to call twice.
    public func stop() {
        guard let process = process.withLock({ $0.take() }) else { return }
        GitDaemon.kill(process)
    }

    private static let script = #"""
        import base64, http.server, os, ssl, subprocess, sys

        root, username, port_file = sys.argv[1], sys.argv[2], sys.argv[3]
        token = os.environ.get("KILN_TEST_TOKEN")
        expected = "Basic " + base64.b64encode((username + ":" + token).encode()).decode() if token else None


        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                self.serve()

            def do_POST(self):
                self.serve()

            def log_message(self, *args):
                pass

            def body(self):
                if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
                    data = b""
                    while True:
                        size = int(self.rfile.readline().split(b";")[0].strip(), 16)
                        if size == 0:
                            self.rfile.readline()
                            return data
                        data += self.rfile.read(size)
                        self.rfile.readline()
                return self.rfile.read(int(self.headers.get("Content-Length") or 0))

            def serve(self):
                if expected is not None and self.headers.get("Authorization") != expected:
                    self.send_response(401)
                    self.send_header("WWW-Authenticate", 'Basic realm="kiln"')
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                path, _, query = self.path.partition("?")
                body = self.body()
                env = dict(os.environ, GIT_PROJECT_ROOT=root, GIT_HTTP_EXPORT_ALL="1", REMOTE_USER=username,
                           REMOTE_ADDR="127.0.0.1", REQUEST_METHOD=self.command, PATH_INFO=path, QUERY_STRING=query,
                           CONTENT_TYPE=self.headers.get("Content-Type", ""), CONTENT_LENGTH=str(len(body)),
                           HTTP_CONTENT_ENCODING=self.headers.get("Content-Encoding", ""),
                           GIT_PROTOCOL=self.headers.get("Git-Protocol", ""))
                output = subprocess.run(["git", "http-backend"], input=body, env=env, capture_output=True).stdout
                separator = b"\r\n\r\n" if b"\r\n\r\n" in output else b"\n\n"
                head, _, payload = output.partition(separator)
                status, headers = 200, []
                for line in head.decode().splitlines():
                    name, _, value = line.partition(":")
                    if name.lower() == "status":
                        status = int(value.split()[0])
                    elif name:
                        headers.append((name, value.strip()))
                self.send_response(status)
                for name, value in headers:
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)


        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        if len(sys.argv) > 5:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(sys.argv[4], sys.argv[5])
            # The handshake happens in the request's thread, so a silent client never blocks the server.
            server.socket = context.wrap_socket(server.socket, server_side=True, do_handshake_on_connect=False)
        with open(port_file + ".tmp", "w") as f:
            f.write(str(server.server_address[1]))
        os.rename(port_file + ".tmp", port_file)
        server.serve_forever()
        """#
}
