import Redaction

/// An error from a git operation: what Kiln was doing, what kind of failure it was, and libgit2's own words.
///
/// Messages never contain credentials: URLs are redacted and known secrets are scrubbed before an error is made.
public struct GitError: Error, Sendable, CustomStringConvertible {
    /// The kind of failure, for matching and for metric labels.
    public let kind: Kind
    /// What Kiln was doing, e.g. `fetch main from https://github.com/acme/images.git`.
    public let operation: String
    /// libgit2's error class (e.g. `net`, `ssh`, `reference`), or `kiln` for errors Kiln raises itself.
    public let errorClass: String
    /// The detailed message, with credentials removed.
    public let message: String

    init(_ kind: Kind, operation: String, errorClass: String = "kiln", message: String) {
        self.kind = kind
        self.operation = Redaction.redactURLs(in: operation)
        self.errorClass = errorClass
        self.message = Redaction.redactURLs(in: message)
    }

    /// `operation: message (kind)`.
    public var description: String {
        "\(operation): \(message) (\(kind), \(errorClass))"
    }

    /// The same error as a different kind.
    func reclassified(as kind: Kind) -> GitError {
        GitError(kind, operation: operation, errorClass: errorClass, message: message)
    }

    /// A certificate refusal recorded by Kiln with libgit2's own reason appended (`…: the SSL certificate is
    /// invalid: …`); any other error unchanged.
    func adding(detail other: GitError) -> GitError {
        guard kind == .certificate, other.kind == .certificate, !message.contains(other.message) else { return self }
        return GitError(
            kind, operation: operation, errorClass: other.errorClass, message: message + ": " + other.message)
    }

    /// The same error with every occurrence of `secrets` replaced by `***`.
    func scrubbing(_ secrets: [String]) -> GitError {
        GitError(
            kind,
            operation: Redaction.scrub(operation, secrets: secrets),
            errorClass: errorClass,
            message: Redaction.scrub(message, secrets: secrets)
        )
    }
}

// MARK: - Kind

extension GitError {
    /// A failure category. Compare with the static members: `error.kind == .notFound`.
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        private enum Code: String {
            case notFound = "not_found"
            case exists
            case ambiguous
            case nonFastForward = "non_fast_forward"
            case conflict
            case invalidSpec = "invalid_spec"
            case invalidArgument = "invalid_argument"
            case auth
            case certificate
            case network
            case timeout
            case other
        }

        private let code: Code

        /// The object, reference, path or remote branch does not exist.
        public static let notFound = Kind(code: .notFound)
        /// Something already exists where it was to be created.
        public static let exists = Kind(code: .exists)
        /// An abbreviated id or name matches more than one object.
        public static let ambiguous = Kind(code: .ambiguous)
        /// An update would not be a fast-forward.
        public static let nonFastForward = Kind(code: .nonFastForward)
        /// A reference moved or was locked concurrently.
        public static let conflict = Kind(code: .conflict)
        /// A reference name or refspec is malformed.
        public static let invalidSpec = Kind(code: .invalidSpec)
        /// An argument Kiln was given is not acceptable (bad path, empty message, …).
        public static let invalidArgument = Kind(code: .invalidArgument)
        /// Credentials were missing, unreadable or refused.
        public static let auth = Kind(code: .auth)
        /// The server's host key or TLS certificate could not be verified.
        public static let certificate = Kind(code: .certificate)
        /// The remote could not be reached or the transfer failed.
        public static let network = Kind(code: .network)
        /// A fetch or push did not finish before its deadline.
        public static let timeout = Kind(code: .timeout)
        /// Any other libgit2 failure.
        public static let other = Kind(code: .other)

        /// A short, stable name safe for metric labels, e.g. `not_found`.
        public var description: String { code.rawValue }
    }
}
