import Foundation
import Testing

@testable import AWS

/// `credential_process`: splitting without a shell, running, parsing, failing without leaking.
struct CredentialProcessTests {
    static let environment = ["PATH": "/usr/bin:/bin"]
    static let now = Date(timeIntervalSince1970: 1_800_000_000)  // 2027-01-15

    static func document(expiration: String? = "2030-01-01T00:00:00Z", version: Int = 1) -> String {
        var fields = [
            "\"Version\": \(version)", "\"AccessKeyId\": \"AKIAPROCESS\"", "\"SecretAccessKey\": \"\(Secret.key)\"",
            "\"SessionToken\": \"\(Secret.token)\"",
        ]
        if let expiration { fields.append("\"Expiration\": \"\(expiration)\"") }
        return "{" + fields.joined(separator: ", ") + "}"
    }

    func provider(_ command: String, timeout: Duration = .seconds(60)) -> CredentialProcessProvider {
        CredentialProcessProvider(command: command, environment: Self.environment, timeout: timeout, now: { Self.now })
    }

    @Test(arguments: [
        ("tool --profile ci", ["tool", "--profile", "ci"]),
        ("  tool   a\tb  ", ["tool", "a", "b"]),
        ("'/opt/my tools/get' \"a b\" c\\ d", ["/opt/my tools/get", "a b", "c d"]),
        ("tool 'it''s' \"say \\\"hi\\\"\" '\\n'", ["tool", "its", "say \"hi\"", "\\n"]),
        ("tool \"a\\b\" a\\\\b", ["tool", "a\\b", "a\\b"]),
        ("echo hi; rm -rf / $(id) `id` | cat &", ["echo", "hi;", "rm", "-rf", "/", "$(id)", "`id`", "|", "cat", "&"]),
        ("tool '' \"\"", ["tool", "", ""]),
        ("", []),
    ])
    func splitsLikeShlex(_ command: String, _ words: [String]) throws {
        #expect(try CredentialProcessProvider.split(command) == words)
    }

    @Test(arguments: ["tool 'open", "tool \"open", "tool trailing\\"])
    func rejectsUnterminatedQuotes(_ command: String) {
        #expect(throws: CredentialError.invalidConfiguration) { try CredentialProcessProvider.split(command) }
    }

    @Test func runsTheCommandWithQuotedPaths() async throws {
        let directory = try TemporaryDirectory()
        let file = try directory.write("with space/creds.json", Self.document())
        let credentials = try await provider("cat '\(file)'").credentials()
        #expect(credentials.accessKeyID == "AKIAPROCESS")
        #expect(credentials.secretAccessKey == Secret.key)
        #expect(credentials.sessionToken == Secret.token)
        #expect(credentials.expiration == Date(timeIntervalSince1970: 1_893_456_000))
    }

    @Test func longTermKeysHaveNoExpiration() async throws {
        let directory = try TemporaryDirectory()
        let file = try directory.write("creds.json", Self.document(expiration: nil))
        #expect(try await provider("/bin/cat \(file)").credentials().expiration == nil)
    }

    @Test func shellSyntaxIsNeverInterpreted() async throws {
        let directory = try TemporaryDirectory()
        let marker = directory.url.appendingPathComponent("pwned").path
        let error = await #expect(throws: CredentialError.invalidConfiguration) {
            try await provider("echo {}; touch \(marker)").credentials()
        }
        #expect(error != nil)
        #expect(!FileManager.default.fileExists(atPath: marker))
    }

    @Test func failureReportsTheStatusButNotTheOutput() async throws {
        let directory = try TemporaryDirectory()
        let script = try directory.write(
            "fail.sh", "#!/bin/sh\necho '\(Self.document())'\necho '\(Secret.key)' >&2\nexit 3\n", executable: true)
        let error = await #expect(throws: CredentialError.retrievalFailed) { try await provider(script).credentials() }
        #expect(error?.description.contains("status 3") == true)
        Secret.expectAbsent(in: String(describing: error))
    }

    @Test func expiredCredentialsAreRejected() async throws {
        let directory = try TemporaryDirectory()
        let file = try directory.write("creds.json", Self.document(expiration: "2020-01-01T00:00:00Z"))
        let error = await #expect(throws: CredentialError.expired) { try await provider("cat \(file)").credentials() }
        Secret.expectAbsent(in: String(describing: error))
    }

    @Test(arguments: [
        document(version: 2),
        "not json \(Secret.key) \(Secret.token)",
        "{\"Version\": 1, \"AccessKeyId\": \"AKIA\", \"SessionToken\": \"\(Secret.token)\"}",
        "{\"Version\": 1, \"AccessKeyId\": \"AKIA\", \"SecretAccessKey\": \"\(Secret.key)\", \"Expiration\": \"soon\"}",
        "[\"\(Secret.key)\"]",
    ])
    func malformedOutputIsRejectedWithoutEchoingIt(_ output: String) async throws {
        let directory = try TemporaryDirectory()
        let file = try directory.write("out", output)
        let error = await #expect(throws: CredentialError.invalidConfiguration) {
            try await provider("cat \(file)").credentials()
        }
        Secret.expectAbsent(in: String(describing: error))
    }

    @Test func missingProgramIsAClearError() async {
        let error = await #expect(throws: CredentialError.retrievalFailed) {
            try await provider("kiln-no-such-helper --secret \(Secret.key)").credentials()
        }
        #expect(error?.description.contains("kiln-no-such-helper") == true)
        Secret.expectAbsent(in: String(describing: error))
    }

    @Test func aHungProgramIsKilledAfterTheTimeout() async throws {
        let error = await #expect(throws: CredentialError.retrievalFailed) {
            try await provider("sleep 30", timeout: .milliseconds(200)).credentials()
        }
        #expect(error?.description.contains("killed") == true)
    }
}
