import Testing

@testable import Controller

@Suite struct RedactionTests {
    /// (text, what must not survive, what must survive)
    static let cases: [(String, String, String)] = [
        ("export PASSWORD=hunter2 next", "hunter2", "PASSWORD=*** next"),
        ("db password: s3cr3t", "s3cr3t", "password: ***"),
        ("curl -H 'Authorization: Bearer abc.def.ghi'", "abc.def.ghi", "Authorization: Bearer ***"),
        ("aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "wJalrXUtnFEMI", "aws_secret_access_key"),
        ("key wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY alone", "wJalrXUtnFEMI", "key *** alone"),
        ("id AKIAIOSFODNN7EXAMPLE used", "AKIAIOSFODNN7EXAMPLE", "id *** used"),
        ("clone https://user:ghp_token123@github.com/acme/x.git", "ghp_token123", "https://user:***@github.com"),
        ("token=" + String(repeating: "Ab1+", count: 40), "Ab1+Ab1+", "token=***"),
        ("-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaA\n-----END OPENSSH PRIVATE KEY-----", "b3BlbnNzaA", "***"),
        (
            "X-Amz-Security-Token: " + String(repeating: "IQoJb3JpZ2luX2VjE", count: 8), "IQoJb3JpZ2lu",
            "X-Amz-Security-Token:"
        ),
    ]

    @Test(arguments: cases)
    func secretsAreRemoved(text: String, secret: String, kept: String) {
        let redacted = StatusRedaction.redact(text)
        #expect(!redacted.contains(secret), "\(redacted)")
        #expect(redacted.contains(kept), "\(redacted)")
    }

    /// Commit ids, AMI ids and ordinary output stay readable.
    @Test(arguments: [
        "commit 0123456789abcdef0123456789abcdef01234567 built ami-0123456789abcdef0",
        "Setting up nginx (1.24.0-2ubuntu7) ...",
        "sha256sum: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
    ])
    func ordinaryTextIsKept(text: String) {
        #expect(StatusRedaction.redact(text) == text)
    }

    @Test func tailsKeepTheEnd() {
        let text = (1...100).map { "line \($0)" }.joined(separator: "\n") + "\n"
        let tail = StatusRedaction.tail(text, maxLines: 3)
        #expect(tail == "line 98\nline 99\nline 100")
        #expect(StatusRedaction.tail(String(repeating: "x", count: 5000), maxCharacters: 10).count == 10)
    }
}
