import Crypto
import Foundation

/// The entries of an OpenSSH `known_hosts` file, and the check of a server's host key against them.
///
/// Understands plain host patterns (lists, `*` and `?` wildcards, `!` negation, `[host]:port`), hashed entries
/// (`|1|salt|hash`, HMAC-SHA1) and `@revoked` keys. `@cert-authority` lines are ignored: host certificates are not
/// verified, so such hosts count as unknown. Malformed lines are skipped, as ssh does.
struct KnownHosts: Sendable {
    /// The outcome of checking a host key. Only `.trusted` lets a connection proceed.
    enum Verdict: Equatable, Sendable {
        case trusted
        /// The host has entries, but none with this key: it changed, or someone is in the middle.
        case mismatch
        /// The host has no entry at all.
        case unknown
        /// The key is listed as `@revoked`.
        case revoked
    }

    private enum Hosts: Sendable {
        case patterns([String])
        case hashed(salt: [UInt8], hash: [UInt8])
    }

    private struct Entry: Sendable {
        var revoked: Bool
        var hosts: Hosts
        var key: [UInt8]
    }

    private let entries: [Entry]

    /// Parses the text of a `known_hosts` file.
    init(contents: String) {
        entries = contents.split(whereSeparator: \.isNewline).compactMap(Self.parse)
    }

    /// Reads and parses a `known_hosts` file.
    init(contentsOf path: String) throws(GitError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw GitError(.certificate, operation: "read known_hosts", message: "cannot read '\(path)'")
        }
        self.init(contents: String(decoding: data, as: UTF8.self))
    }

    /// Checks the raw host key (the SSH wire-format blob) that `host` presented. `host` is `name` or
    /// `[name]:port`, as `known_hosts` writes it.
    func verify(host: String, key: [UInt8]) -> Verdict {
        verify(host: host) { $0 == key }
    }

    /// Checks a host key known only by its SHA-256 fingerprint.
    func verify(host: String, sha256: [UInt8]) -> Verdict {
        verify(host: host) { Array(SHA256.hash(data: $0)) == sha256 }
    }

    private func verify(host: String, matchesKey: ([UInt8]) -> Bool) -> Verdict {
        let host = host.lowercased()
        let candidates = entries.filter { Self.matches($0.hosts, host: host) }
        if candidates.contains(where: { $0.revoked && matchesKey($0.key) }) { return .revoked }
        let listed = candidates.filter { !$0.revoked }
        if listed.contains(where: { matchesKey($0.key) }) { return .trusted }
        return listed.isEmpty ? .unknown : .mismatch
    }

    // MARK: - Parsing

    private static func parse(_ line: Substring) -> Entry? {
        var fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard let first = fields.first, !first.hasPrefix("#") else { return nil }
        var revoked = false
        if first.hasPrefix("@") {
            guard first == "@revoked" else { return nil }
            revoked = true
            fields.removeFirst()
        }
        guard fields.count >= 3, let key = Data(base64Encoded: fields[2]) else { return nil }
        guard let hosts = parseHosts(fields[0]) else { return nil }
        return Entry(revoked: revoked, hosts: hosts, key: Array(key))
    }

    private static func parseHosts(_ field: String) -> Hosts? {
        guard field.hasPrefix("|1|") else {
            return .patterns(field.lowercased().split(separator: ",").map(String.init))
        }
        let parts = field.dropFirst(3).split(separator: "|", omittingEmptySubsequences: false)
        guard parts.count == 2, let salt = Data(base64Encoded: String(parts[0])),
            let hash = Data(base64Encoded: String(parts[1]))
        else { return nil }
        return .hashed(salt: Array(salt), hash: Array(hash))
    }

    // MARK: - Matching

    private static func matches(_ hosts: Hosts, host: String) -> Bool {
        switch hosts {
        case let .hashed(salt, hash):
            let code = HMAC<Insecure.SHA1>.authenticationCode(for: Data(host.utf8), using: SymmetricKey(data: salt))
            return Array(code) == hash
        case let .patterns(patterns):
            var matched = false
            for pattern in patterns {
                if pattern.hasPrefix("!") {
                    if glob(Array(pattern.dropFirst()), Array(host)) { return false }
                } else if glob(Array(pattern), Array(host)) {
                    matched = true
                }
            }
            return matched
        }
    }

    /// `*` matches any run of characters, `?` any one character.
    private static func glob(_ pattern: [Character], _ text: [Character]) -> Bool {
        var (p, t) = (0, 0)
        var star: (pattern: Int, text: Int)?
        while t < text.count {
            if p < pattern.count, pattern[p] == "?" || pattern[p] == text[t] {
                (p, t) = (p + 1, t + 1)
            } else if p < pattern.count, pattern[p] == "*" {
                star = (p, t)
                p += 1
            } else if let last = star {
                star = (last.pattern, last.text + 1)
                (p, t) = (last.pattern + 1, last.text + 1)
            } else {
                return false
            }
        }
        while p < pattern.count, pattern[p] == "*" { p += 1 }
        return p == pattern.count
    }
}
