import Foundation
import KilnTestSupport
import Testing

/// `deploy/kiln.service`: the hardening it declares, scored by `systemd-analyze security --offline=true`.
@Suite("The systemd unit")
struct SystemdUnitTests {
    /// The exposure measured for the unit (systemd 252): 1.1 of 10. A change that loosens it fails here.
    static let maximumExposure = 1.1

    static var unit: String { get throws { try RepositoryFiles.text("deploy/kiln.service") } }

    /// The unit's `Key=value` lines.
    static func settings() throws -> [(key: String, value: String)] {
        try unit.split(separator: "\n").compactMap { line in
            guard !line.hasPrefix("#"), let equals = line.firstIndex(of: "=") else { return nil }
            return (String(line[..<equals]), String(line[line.index(after: equals)...]))
        }
    }

    @Test func theUnitDeclaresItsLimits() throws {
        let settings = try Self.settings()
        func values(_ key: String) -> [String] { settings.filter { $0.key == key }.map(\.value) }
        #expect(values("LimitCORE") == ["0"])
        #expect(values("PrivateUsers") == ["yes"])
        #expect(values("SystemCallErrorNumber") == ["EPERM"])
        #expect(values("SocketBindAllow") == ["tcp:8080"], "only the daemon's listener (http.listen's default port)")
        #expect(values("SocketBindDeny") == ["any"])
        #expect(!values("StartLimitIntervalSec").isEmpty && !values("StartLimitBurst").isEmpty)
        let credentials = values("LoadCredential").compactMap { $0.split(separator: ":").first.map(String.init) }
        #expect(Set(credentials) == ["git-token", "deploy-key", "webhook-secret"])
        // The example configuration names them in the credentials directory.
        let example = try RepositoryFiles.text("deploy/kiln.example.yaml")
        for name in credentials {
            #expect(example.contains("${CREDENTIALS_DIRECTORY}/\(name)"), "the example names \(name)")
        }
    }

    /// Whether `systemd-analyze` is on `PATH` (deploy/setup.sh installs the systemd package when it is not).
    static var hasAnalyzer: Bool {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").contains {
            FileManager.default.isExecutableFile(atPath: "\($0)/systemd-analyze")
        }
    }

    @Test(
        "systemd-analyze security --offline=true scores the unit at most the measured exposure",
        .enabled(
            if: hasAnalyzer,
            "skipped: systemd-analyze is missing and deploy/setup.sh could not install systemd on this system"))
    func exposureScore() async throws {
        let path = RepositoryFiles.root.appendingPathComponent("deploy/kiln.service").path
        let output = try await ProcessRunner.run("systemd-analyze", ["security", "--offline=true", path])
        let line = try #require(
            output.stdout.split(separator: "\n").first { $0.contains("Overall exposure level") },
            "\(output.stdout.suffix(300))\(output.stderr)")
        let score = try #require(line.firstMatch(of: /: (\d+\.\d+)/).flatMap { Double($0.1) }, "\(line)")
        #expect(score <= Self.maximumExposure, "\(line)")
    }
}
