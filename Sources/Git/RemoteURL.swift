import Crypto
import Foundation
import Redaction

/// A remote's location, understood well enough to pick credentials, check host keys and name a cache directory.
struct RemoteURL: Sendable, Hashable {
    enum Transport: Sendable, Hashable {
        case local, git, ssh, http
    }

    /// The URL as given (passed to libgit2, never printed).
    let string: String
    let transport: Transport
    let user: String?
    let host: String?
    let port: Int?
    /// The path on the host (or the local path).
    let path: String

    init(_ string: String) throws(GitError) {
        self.string = string
        if let separator = string.range(of: "://") {
            let scheme = string[..<separator.lowerBound].lowercased()
            guard let transport = Self.transports[scheme] else {
                throw GitError(
                    .invalidArgument, operation: "parse remote URL", message: "unsupported scheme '\(scheme)'")
            }
            let rest = string[separator.upperBound...]
            let authority = rest.prefix { $0 != "/" }
            let at = authority.lastIndex(of: "@")
            let userInfo = at.map { authority[..<$0] }
            let hostPort = at.map { authority[authority.index(after: $0)...] } ?? authority
            self.transport = transport
            user = userInfo.map { String($0.prefix { $0 != ":" }) }
            (host, port) = try Self.splitHostPort(hostPort)
            path = String(rest[authority.endIndex...])
        } else if let match = string.wholeMatch(of: /(?:([^@\/:]+)@)?([^@\/:]+|\[[^\]]+\]):(.*)/),
            !string.hasPrefix(".")
        {
            transport = .ssh
            user = match.1.map(String.init)
            host = String(match.2).trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
            port = nil
            path = String(match.3)
        } else {
            transport = .local
            (user, host, port) = (nil, nil, nil)
            path = string
        }
        if transport != .local, host?.isEmpty ?? true {
            throw GitError(.invalidArgument, operation: "parse remote URL", message: "no host in '\(redacted)'")
        }
    }

    /// Whether the URL is `https://` (the only transport a token or password is sent over).
    var isHTTPS: Bool { Self.isHTTPS(string) }

    /// Whether `url` is `https://`.
    static func isHTTPS(_ url: String) -> Bool { url.lowercased().hasPrefix("https://") }

    /// Whether the URL itself carries a password or token (`scheme://user:secret@host/…`).
    var hasPassword: Bool {
        guard let separator = string.range(of: "://") else { return false }
        let authority = string[separator.upperBound...].prefix { $0 != "/" }
        guard let at = authority.lastIndex(of: "@") else { return false }
        return authority[..<at].contains(":")
    }

    /// The URL's scheme, lower-cased (`ssh` for `user@host:path`, `file` for a path).
    var scheme: String {
        if let separator = string.range(of: "://") { return string[..<separator.lowerBound].lowercased() }
        return transport == .ssh ? "ssh" : "file"
    }

    /// The URL with any password or token removed, safe for logs and errors.
    var redacted: String { Redaction.redactURLs(in: string) }

    /// How `known_hosts` names the host: `host`, or `[host]:port` when the port is not 22.
    var knownHostsName: String? {
        guard let host else { return nil }
        return port.map { $0 == 22 ? host : "[\(host)]:\($0)" } ?? host
    }

    /// A name for the mirror directory: a hash of the URL without user, password or token.
    var cacheName: String {
        let identity: String
        switch transport {
        case .local:
            let local = string.hasPrefix("file://") ? path : string
            identity = "file://" + URL(fileURLWithPath: local).standardizedFileURL.path
        case .git, .ssh, .http:
            let scheme = string.range(of: "://").map { string[..<$0.lowerBound].lowercased() } ?? "ssh"
            identity = "\(scheme)://\(host?.lowercased() ?? "")\(port.map { ":\($0)" } ?? ""):\(path)"
        }
        let digest = SHA256.hash(data: Data(identity.utf8))
        return digest.prefix(16).map { String(format: "%02x", $0) }.joined() + ".git"
    }

    private static let transports: [String: Transport] = [
        "file": .local, "git": .git, "ssh": .ssh, "git+ssh": .ssh, "ssh+git": .ssh, "http": .http, "https": .http,
    ]

    private static func splitHostPort(_ text: Substring) throws(GitError) -> (String, Int?) {
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            let host = String(text[text.index(after: text.startIndex)..<close])
            let rest = text[text.index(after: close)...]
            return (host, rest.hasPrefix(":") ? Int(rest.dropFirst()) : nil)
        }
        guard let colon = text.lastIndex(of: ":") else { return (String(text), nil) }
        guard let port = Int(text[text.index(after: colon)...]), (1...65535).contains(port) else {
            throw GitError(.invalidArgument, operation: "parse remote URL", message: "invalid port in '\(text)'")
        }
        return (String(text[..<colon]), port)
    }
}
