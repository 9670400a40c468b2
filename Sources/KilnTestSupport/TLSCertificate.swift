import Foundation

/// A self-signed TLS certificate and its key, made by the openssl CLI for a test server.
///
/// The certificate is its own authority: trusting `certificatePath` as a CA file makes it valid for `host`, and
/// only for `host`.
public struct TLSCertificate: Sendable {
    /// The PEM certificate (also the CA file that trusts it).
    public let certificatePath: String
    /// The PEM private key (mode 0600).
    public let keyPath: String
    /// The DNS name the certificate is issued for.
    public let host: String

    /// Makes a 2048-bit RSA certificate for `host` (subject and subjectAltName), valid for two days, in `directory`.
    public init(host: String = "localhost", in directory: String, name: String = "server") async throws {
        certificatePath = URL(fileURLWithPath: directory).appendingPathComponent("\(name).crt").path
        keyPath = URL(fileURLWithPath: directory).appendingPathComponent("\(name).key").path
        self.host = host
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let output = try await ProcessRunner.run(
            "openssl",
            [
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-sha256", "-days", "2",
                "-keyout", keyPath, "-out", certificatePath, "-subj", "/CN=\(host)",
                "-addext", "subjectAltName=DNS:\(host)", "-addext", "basicConstraints=critical,CA:TRUE",
            ])
        guard output.status == 0 else {
            throw HarnessError.processFailed("openssl req: \(output.stderr)")
        }
    }
}
