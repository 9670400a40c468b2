import Foundation
import Redaction
import Testing

@testable import Git

@Suite struct RemoteURLTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var url: String
        var transport: RemoteURL.Transport
        var user: String?
        var host: String?
        var port: Int?
        var path: String
        var testDescription: String { url }

        init(
            _ url: String, _ transport: RemoteURL.Transport, _ user: String?, _ host: String?, _ port: Int?,
            _ path: String
        ) {
            (self.url, self.transport, self.user, self.host, self.port, self.path) =
                (url, transport, user, host, port, path)
        }
    }

    static let cases: [Case] = [
        Case("/srv/git/images.git", .local, nil, nil, nil, "/srv/git/images.git"),
        Case("file:///srv/git/images.git", .local, nil, "", nil, "/srv/git/images.git"),
        Case("git://127.0.0.1:9418/images.git", .git, nil, "127.0.0.1", 9418, "/images.git"),
        Case(
            "ssh://deploy@git.example.com:2222/acme/images.git", .ssh, "deploy", "git.example.com", 2222,
            "/acme/images.git"),
        Case("git@github.com:acme/images.git", .ssh, "git", "github.com", nil, "acme/images.git"),
        Case("github.com:acme/images.git", .ssh, nil, "github.com", nil, "acme/images.git"),
        Case(
            "https://x-access-token:s3cret@github.com/acme/images.git", .http, "x-access-token", "github.com", nil,
            "/acme/images.git"),
        Case("http://[::1]:8080/images.git", .http, nil, "::1", 8080, "/images.git"),
    ]

    @Test(arguments: cases)
    func parses(_ row: Case) throws {
        let remote = try RemoteURL(row.url)
        #expect(remote.transport == row.transport)
        #expect(remote.user == row.user)
        if row.transport != .local { #expect(remote.host == row.host) }
        #expect(remote.port == row.port)
        #expect(remote.path == row.path)
    }

    @Test(arguments: ["ftp://example.com/x.git", "https:///nohost.git", "ssh://host:99999/x.git"])
    func rejects(url: String) throws {
        #expect(throws: GitError.self) { try RemoteURL(url) }
    }

    @Test func namesKnownHostsEntriesWithNonDefaultPorts() throws {
        #expect(try RemoteURL("ssh://git.example.com:2222/x.git").knownHostsName == "[git.example.com]:2222")
        #expect(try RemoteURL("ssh://git.example.com:22/x.git").knownHostsName == "git.example.com")
        #expect(try RemoteURL("git@github.com:acme/x.git").knownHostsName == "github.com")
    }

    @Test func cacheNameIgnoresCredentialsAndNeverContainsThem() throws {
        let plain = try RemoteURL("https://github.com/acme/images.git").cacheName
        let withToken = try RemoteURL("https://x-access-token:s3cret@github.com/acme/images.git").cacheName
        let other = try RemoteURL("https://github.com/acme/other.git").cacheName
        #expect(plain == withToken)
        #expect(plain != other)
        #expect(plain.wholeMatch(of: /[0-9a-f]{32}\.git/) != nil)
        #expect(try RemoteURL("/srv/x/../images.git").cacheName == (try RemoteURL("file:///srv/images.git").cacheName))
    }

    @Test(arguments: [
        ("fetch https://x-access-token:s3cret@github.com/a.git failed", "fetch https://***@github.com/a.git failed"),
        ("https://s3cret@github.com/a.git", "https://***@github.com/a.git"),
        ("ssh://deploy:hunter2@host/x and ssh://git@host/y", "ssh://deploy:***@host/x and ssh://git@host/y"),
        ("no url here", "no url here"),
        ("'http://u:p@h' quoted", "'http://***@h' quoted"),
    ])
    func redactsURLs(text: String, expected: String) {
        #expect(Redaction.redactURLs(in: text) == expected)
    }

    @Test func errorsScrubSecretsAndURLs() {
        let error = GitError(.network, operation: "fetch https://tok:s3cret-value@h/x", message: "bad s3cret-value")
            .scrubbing(["s3cret-value"])
        #expect(!error.description.contains("s3cret"))
        #expect(error.description.contains("https://***@h/x"))
        #expect(error.kind.description == "network")
    }
}
