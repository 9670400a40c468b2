import Foundation
import Redaction

/// Which signers Kiln trusts: an OpenSSH `allowed_signers` file (as `gpg.ssh.allowedSignersFile` reads it) and/or
/// an OpenPGP keyring. A commit is accepted only with a valid signature by one of them.
///
/// Verification is done as git does it, by the real tools: `ssh-keygen -Y find-principals` then
/// `ssh-keygen -Y verify -n git` for SSH signatures, `gpgv --keyring` (that keyring only, never the user's) for
/// OpenPGP signatures.
public struct SignaturePolicy: Sendable, Equatable {
    /// An OpenSSH `allowed_signers` file; nil refuses SSH signatures.
    public var allowedSignersFile: String?
    /// An OpenPGP keyring (e.g. `gpg --export > keyring.gpg`); nil refuses OpenPGP signatures.
    public var gpgKeyring: String?
    /// How long one run of a tool may take.
    public var timeout: Duration = .seconds(30)

    /// A policy; with neither file, `isEnabled` is false and nothing is verified.
    public init(allowedSignersFile: String? = nil, gpgKeyring: String? = nil) {
        self.allowedSignersFile = allowedSignersFile
        self.gpgKeyring = gpgKeyring
    }

    /// Whether any signer is configured: only then are commits verified.
    public var isEnabled: Bool { allowedSignersFile != nil || gpgKeyring != nil }

    /// Who signed `commit`, if the signature is valid and the signer allowed; otherwise a refusal saying why.
    public func verify(_ commit: ObjectID, in repository: Repository) throws(SignatureRefusal) -> VerifiedSigner {
        let signature: CommitSignature
        do {
            guard let found = try repository.signature(of: commit) else {
                throw SignatureRefusal(commit, .unsigned, "the commit carries no signature")
            }
            signature = found
        } catch let error as SignatureRefusal {
            throw error
        } catch {
            throw SignatureRefusal(commit, .verifierFailed, "\(error)")
        }
        let trust: SignatureVerification.Trust
        switch signature.format {
        case .ssh:
            guard let allowedSignersFile else {
                throw SignatureRefusal(commit, .unknownSigner, "an SSH signature, and no allowed signers are set")
            }
            trust = .allowedSigners(Self.absolute(allowedSignersFile))
        case .openPGP:
            guard let gpgKeyring else {
                throw SignatureRefusal(commit, .unknownSigner, "an OpenPGP signature, and no keyring is set")
            }
            trust = .keyring(Self.absolute(gpgKeyring))
        case .unknown:
            throw SignatureRefusal(commit, .badSignature, "the signature is neither SSH nor OpenPGP")
        }
        return try SignatureVerification(trust: trust, timeout: timeout).verify(signature, commit: commit)
    }

    static func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    }
}

// MARK: - Results

/// Who signed a verified commit.
public struct VerifiedSigner: Sendable, Equatable, CustomStringConvertible {
    /// `ssh` or `openpgp`.
    public var format: CommitSignature.Format
    /// The allowed-signers principal (SSH) or the key's user id (OpenPGP).
    public var principal: String
    /// `SHA256:…` (SSH) or the primary key fingerprint (OpenPGP).
    public var fingerprint: String

    /// `alice@example.com (SHA256:…)`.
    public var description: String { "\(principal) (\(fingerprint))" }
}

/// Why a commit's signature was not accepted.
public struct SignatureRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    /// The reason, stable for metric labels.
    public enum Reason: String, Sendable {
        /// No signature at all.
        case unsigned
        /// Signed by a key no allowed signer / keyring holds.
        case unknownSigner = "unknown_signer"
        /// The signature does not match the commit (tampered), or is malformed.
        case badSignature = "bad_signature"
        /// The verifying tool could not be run.
        case verifierFailed = "verifier_failed"
    }

    /// The commit refused.
    public let commit: ObjectID
    public let reason: Reason
    /// The verifier's words (standard error of the tool, trimmed).
    public let detail: String

    init(_ commit: ObjectID, _ reason: Reason, _ detail: String) {
        self.commit = commit
        self.reason = reason
        let trimmed = detail.trimmingCharacters(in: .whitespacesAndNewlines).replacing(/\s*\n\s*/, with: "; ")
        self.detail = Redaction.redactURLs(in: String(trimmed.prefix(400)))
    }

    /// `commit 1a2b3c4: unsigned: the commit carries no signature`.
    public var description: String {
        let headline: String
        switch reason {
        case .unsigned: headline = "not signed"
        case .unknownSigner: headline = "signed by a key that is not allowed"
        case .badSignature: headline = "the signature is not valid"
        case .verifierFailed: headline = "the signature could not be checked"
        }
        return "commit \(commit.abbreviated(7)): \(headline): \(detail)"
    }
}
