import Foundation

/// A commit's signature (the `gpgsig` header, ASCII-armoured) and the exact bytes it signs.
public struct CommitSignature: Sendable, Equatable {
    /// `-----BEGIN SSH SIGNATURE-----…` or `-----BEGIN PGP SIGNATURE-----…`.
    public var signature: Data
    /// The commit object without its signature header: what the signer signed.
    public var signedData: Data

    /// What kind of signature this is, from its armour.
    public var format: Format {
        let text = String(decoding: signature.prefix(64), as: UTF8.self)
        if text.hasPrefix("-----BEGIN SSH SIGNATURE-----") { return .ssh }
        if text.hasPrefix("-----BEGIN PGP SIGNATURE-----") { return .openPGP }
        return .unknown
    }

    /// A signature format.
    public enum Format: String, Sendable {
        case ssh
        case openPGP = "openpgp"
        case unknown
    }
}

/// Signs the content of a commit about to be written: returns the ASCII-armoured signature.
public typealias CommitSigner = @Sendable (Data) throws(GitError) -> Data

extension Repository {
    /// The signature of a commit and the bytes it signs (libgit2's `git_commit_extract_signature`); nil when the
    /// commit is unsigned. Throws `.notFound` for an unknown commit.
    public func signature(of commit: ObjectID) throws(GitError) -> CommitSignature? {
        try withHandle { (handle) throws(GitError) in try handle.signature(of: commit) }
    }
}
