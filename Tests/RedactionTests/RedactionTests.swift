import Foundation
import Redaction
import Testing

/// What the one redactor removes, and what it keeps: each row a text, a secret that must not survive and the text
/// that must.
@Suite struct RedactionTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var text: String
        var secret: String
        var kept: String
        var testDescription: String { name }

        init(_ name: String, _ text: String, secret: String, kept: String) {
            self.name = name
            self.text = text
            self.secret = secret
            self.kept = kept
        }
    }

    static let keyLines = [
        "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW",
        "QyNTUxOQAAACDq7zx9dHS1nbqa5DhZpo5WpFrvmuNkqtl0bmswTUQ0ywAAAJiKg1ZUioNW",
        "VAAAAAtzc2gtZWQyNTUxOQAAACDq7zx9dHS1nbqa5DhZpo5WpFrvmuNkqtl0bmswTUQ0yw==",
    ]

    static let cases: [Case] = [
        // Values after names that say "secret".
        Case("password=", "export PASSWORD=hunter2 next", secret: "hunter2", kept: "PASSWORD=*** next"),
        Case("password:", "db password: s3cr3t", secret: "s3cr3t", kept: "password: ***"),
        Case("JSON secret", #"{"client_secret": "abcd-1234-efgh"}"#, secret: "abcd-1234-efgh", kept: "client_secret"),
        Case("long token=", "token=" + String(repeating: "Ab1+", count: 40), secret: "Ab1+Ab1+", kept: "token=***"),
        // Headers.
        Case(
            "bearer", "curl -H 'Authorization: Bearer abc.def.ghi'", secret: "abc.def.ghi",
            kept: "Authorization: Bearer ***"),
        Case("basic", "authorization: Basic dXNlcjpwYXNz", secret: "dXNlcjpwYXNz", kept: "authorization: Basic ***"),
        Case(
            "security token", "X-Amz-Security-Token: " + String(repeating: "IQoJb3JpZ2luX2VjE", count: 8),
            secret: "IQoJb3JpZ2lu", kept: "X-Amz-Security-Token:"),
        // URLs with credentials.
        Case(
            "https user:token", "clone https://user:ghp_token123@github.com/acme/x.git", secret: "ghp_token123",
            kept: "https://***@github.com/acme/x.git"),
        Case(
            "https token as user", "fetch https://4f1c2d9e8b7a6f5e4d3c2b1a@git.example.com/x.git failed",
            secret: "4f1c2d9e8b7a6f5e4d3c2b1a", kept: "https://***@git.example.com/x.git failed"),
        Case(
            "x-access-token URL", "https://x-access-token:v1.0a9b8c7d6e5f4a3b2c1d@github.com/acme/x",
            secret: "v1.0a9b8c7d6e5f4a3b2c1d", kept: "https://***@github.com/acme/x"),
        Case(
            "x-access-token alone", "auth as x-access-token:v1.0a9b8c7d6e5f4a3b2c1d",
            secret: "v1.0a9b8c7d6e5f4a3b2c1d", kept: "x-access-token:***"),
        Case("ssh password", "ssh://deploy:pa55word@host/repo", secret: "pa55word", kept: "ssh://deploy:***@host/repo"),
        // GitHub tokens.
        Case(
            "ghp_", "using ghp_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8 now", secret: "A1b2C3d4E5f6G7h8",
            kept: "using *** now"),
        Case("gho_", "gho_16C7e42F292c6912E7710c838347Ae178B4a", secret: "16C7e42F292c", kept: "***"),
        Case("ghu_", "ghu_16C7e42F292c6912E7710c838347Ae178B4a", secret: "16C7e42F292c", kept: "***"),
        Case("ghs_", "ghs_16C7e42F292c6912E7710c838347Ae178B4a", secret: "16C7e42F292c", kept: "***"),
        Case(
            "ghr_", "refresh ghr_1B4a2e77838347a7E420ce178F2E7c6912E169246c34E1ccbF66C46812d16D5B1A9Dc86A1498",
            secret: "1B4a2e77838347a7", kept: "refresh ***"),
        Case(
            "fine-grained", "github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVW",
            secret: "11ABCDEFG0123456789", kept: "***"),
        Case("token cut short", "…ends with ghp_A1b2C3", secret: "A1b2C3", kept: "ends with ***"),
        // AWS.
        Case("access key id", "id AKIAIOSFODNN7EXAMPLE used", secret: "AKIAIOSFODNN7EXAMPLE", kept: "id *** used"),
        Case("session key id", "ASIAY34FZKBOKMUTVV7A", secret: "ASIAY34FZKBOKMUTVV7A", kept: "***"),
        Case(
            "secret key named", "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            secret: "wJalrXUtnFEMI", kept: "aws_secret_access_key"),
        Case(
            "secret key alone", "key wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY alone", secret: "wJalrXUtnFEMI",
            kept: "key *** alone"),
        Case(
            "secret key beside its id, lower case", "AKIAIOSFODNN7EXAMPLE abcdefghijklmnopqrstuvwxyz0123456789abcd",
            secret: "abcdefghijklmnopqrstuvwxyz0123456789abcd", kept: "*** ***"),
        // JWTs.
        Case(
            "JWT",
            "id_token eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dBjftJeZ4CVPmB92K27uhbUJU1p1r_wW1gFWFOEjXk",
            secret: "eyJzdWIiOiIxMjM0NTY3ODkwIn0", kept: "id_token ***"),
        // Private keys.
        Case(
            "OpenSSH key", "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaA\n-----END OPENSSH PRIVATE KEY-----",
            secret: "b3BlbnNzaA", kept: "-----BEGIN OPENSSH PRIVATE KEY-----***-----END OPENSSH PRIVATE KEY-----"),
        Case(
            "RSA key without its END", "before\n-----BEGIN RSA PRIVATE KEY-----\n" + keyLines.joined(separator: "\n"),
            secret: keyLines[1], kept: "before\n-----BEGIN RSA PRIVATE KEY-----***"),
        Case(
            "key whose BEGIN line was cut", keyLines.joined(separator: "\n") + "\n-----END PRIVATE KEY-----\nafter",
            secret: keyLines[0], kept: "***-----END PRIVATE KEY-----\nafter"),
        Case(
            "cut key after output",
            "step 3 done\n" + keyLines.suffix(2).joined(separator: "\r\n")
                + "\r\n-----END EC PRIVATE KEY-----", secret: keyLines[2],
            kept: "step 3 done\n***-----END EC PRIVATE KEY"),
        Case(
            "cut in the middle of a key line",
            String(keyLines[0].dropFirst(30)) + "\n" + keyLines[1]
                + "\n-----END OPENSSH PRIVATE KEY-----", secret: String(keyLines[0].suffix(20)),
            kept: "***-----END OPENSSH PRIVATE KEY-----"),
    ]

    @Test(arguments: cases)
    func secretsAreRemoved(_ row: Case) {
        let redacted = Redaction.redact(row.text)
        #expect(!redacted.contains(row.secret), "\(redacted)")
        #expect(redacted.contains(row.kept), "\(redacted)")
        #expect(Redaction.redact(redacted) == redacted, "redacting twice changes nothing")
    }

    /// Commit ids, AMI ids, hashes and ordinary output stay readable.
    @Test(arguments: [
        "commit 0123456789abcdef0123456789abcdef01234567 built ami-0123456789abcdef0",
        "Setting up nginx (1.24.0-2ubuntu7) ...",
        "sha256sum: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        "fetch ssh://git@github.com/acme/images.git and git@github.com:acme/images.git",
        "the light was high; eyes on the ghost town",
        "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----",
    ])
    func ordinaryTextIsKept(text: String) {
        #expect(Redaction.redact(text) == text)
    }

    // MARK: - Secrets read from files

    @Test func rememberedSecretsAreRemovedWherever() {
        let secret = "file-secret-" + UUID().uuidString.prefix(8)
        let text = "error: the server said \(secret) is wrong; \(secret.uppercased())"
        #expect(Redaction.redact(text).contains(secret))
        Redaction.remember(secret: "  \(secret)\n")
        #expect(Redaction.redact(text) == "error: the server said *** is wrong; \(secret.uppercased())")
        Redaction.remember(secret: "ab")
        #expect(Redaction.redact("a tab") == "a tab", "very short values are not remembered")
    }

    // MARK: - Redact, then truncate

    /// A tail cut through the middle of a token keeps its second half, which no pattern recognises; redaction runs
    /// on the whole text first.
    @Test func aSecretCutByATailDoesNotEscape() {
        let token = "ghp_" + "Zq8Xw2Lm4Np6Rt8Vx0Bz2Dc4Fg6Hj8Kl0Mn2Pq"
        let text = "cloning with \(token)\n" + (1...3).map { "line \($0)" }.joined(separator: "\n")
        let after = text.count - text.firstRange(of: token)!.lowerBound.utf16Offset(in: text) - 20
        let halfKept = String(token.suffix(20))
        #expect(String(text.suffix(after)).contains(halfKept), "the cut keeps half of the token")
        #expect(Redaction.redact(String(text.suffix(after))).contains(halfKept), "redacting after the cut is too late")
        #expect(!Redaction.suffix(text, characters: after).contains(halfKept))
        #expect(!Redaction.tail(text, maxLines: 40, maxCharacters: after).contains(halfKept))
        #expect(!Redaction.prefix("Authorization: Bearer \(token)", characters: 30).contains("Zq8Xw2"))
    }

    @Test func aKeyCutByATailDoesNotEscape() {
        let key =
            "-----BEGIN RSA PRIVATE KEY-----\n" + Self.keyLines.joined(separator: "\n")
            + "\n-----END RSA PRIVATE KEY-----\ndone"
        for lines in 1...5 {
            let tail = Redaction.tail(key, maxLines: lines)
            for line in Self.keyLines { #expect(!tail.contains(line), "\(lines) lines: \(tail)") }
        }
    }

    @Test func tailsKeepTheEnd() {
        let text = (1...100).map { "line \($0)" }.joined(separator: "\n") + "\n"
        #expect(Redaction.tail(text, maxLines: 3) == "line 98\nline 99\nline 100")
        #expect(Redaction.tail(String(repeating: "x y ", count: 2000), maxCharacters: 10).count == 10)
    }

    // MARK: - JSON documents

    @Test func jsonStringsAreRedactedAndTheLayoutKept() throws {
        let object: [String: Any] = [
            "message": "push to https://user:ghp_abcdef123456@github.com/x failed",
            "tail": "line 1\n-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIB\n-----END EC PRIVATE KEY-----",
            "count": 3, "plain": "nothing \"quoted\" here",
        ]
        let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
        let redacted = Redaction.redactJSON(data)
        let text = String(decoding: redacted, as: UTF8.self)
        #expect(!text.contains("ghp_abcdef123456") && !text.contains("MHcCAQEEIB"), "\(text)")
        let back = try #require(try JSONSerialization.jsonObject(with: redacted) as? [String: Any])
        #expect(back["message"] as? String == "push to https://***@github.com/x failed")
        #expect(back["tail"] as? String == "line 1\n-----BEGIN EC PRIVATE KEY-----***-----END EC PRIVATE KEY-----")
        #expect(back["count"] as? Int == 3 && back["plain"] as? String == "nothing \"quoted\" here")
        let untouched = try JSONSerialization.data(withJSONObject: ["a": "b"], options: [.prettyPrinted])
        #expect(Redaction.redactJSON(untouched) == untouched)
    }
}
