import Crypto
import Foundation

// MARK: - Owner identity (kiln:owner)

/// The `kiln:owner` value that tells this controller's resources from every other controller's.
public enum Owner {
    /// The longest owner value `derive` makes.
    public static let maxLength = 40

    /// A short, tag-safe owner derived from where the manifests live: the repository (credentials and user
    /// names stripped, `https://host/x.git` and `git@host:x` alike), the branch and the manifest path.
    ///
    /// `<repository name>-<10 hex digits>`, e.g. `images-3f2a9c1b0d`: the same inputs give the same owner on
    /// every host; any other repository, branch or path gives another.
    public static func derive(repository: String, branch: String, path: String) -> String {
        let identity = normalisedRepository(repository)
        let normalisedPath = path.split(separator: "/").filter { $0 != "." }.joined(separator: "/")
        let digest = SHA256.hash(data: Data("\(identity)\n\(branch)\n\(normalisedPath)".utf8))
        let hex = digest.prefix(5).map { byte in
            let text = String(byte, radix: 16)
            return byte < 16 ? "0" + text : text
        }.joined()
        let name = tagSafeName(identity.split(separator: "/").last.map(String.init) ?? "")
        let prefix = String(name.prefix(maxLength - hex.count - 1))
        return prefix.isEmpty ? "kiln-\(hex)" : "\(prefix)-\(hex)"
    }

    /// The repository's identity without credentials: `host/path` for remotes (lowercased host, no `.git`, no
    /// user, password, token or port), the absolute standardised path for local repositories.
    public static func normalisedRepository(_ location: String) -> String {
        var host: Substring
        var path: Substring
        if let separator = location.range(of: "://") {
            let scheme = location[..<separator.lowerBound].lowercased()
            let rest = location[separator.upperBound...]
            if scheme == "file" { return localIdentity(String(rest)) }
            let authority = rest.prefix { $0 != "/" }
            host = authority.split(separator: "@").last ?? authority
            path = rest[authority.endIndex...]
            if let bracket = host.lastIndex(of: "]") {
                host = host[...bracket]
            } else if let colon = host.firstIndex(of: ":") {
                host = host[..<colon]
            }
        } else if let match = location.wholeMatch(of: /(?:[^@\/:]+@)?([^@\/:]+):(.*)/), !location.hasPrefix(".") {
            host = match.1
            path = match.2
        } else {
            return localIdentity(location)
        }
        var trimmed = path.split(separator: "/").joined(separator: "/")
        if trimmed.hasSuffix(".git") { trimmed.removeLast(4) }
        return host.lowercased() + "/" + trimmed
    }

    private static func localIdentity(_ path: String) -> String {
        var standardised = URL(fileURLWithPath: path).standardizedFileURL.path
        while standardised.count > 1, standardised.hasSuffix("/") { standardised.removeLast() }
        if standardised.hasSuffix("/.git") { standardised.removeLast(5) }
        if standardised.hasSuffix(".git") { standardised.removeLast(4) }
        return standardised
    }

    private static func tagSafeName(_ text: String) -> String {
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789-")
        let mapped = String(text.lowercased().map { allowed.contains($0) ? $0 : "-" })
        return mapped.split(separator: "-").joined(separator: "-")
    }
}
