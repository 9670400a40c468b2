/// How Kiln authenticates to a remote. Holds file paths only: secrets are read from files when needed and never
/// kept in this value, printed or put in an error.
public enum GitCredentials: Sendable, Hashable {
    /// No credentials: local paths, `file://`, `git://`, and public `https://` remotes.
    case none
    /// SSH (`ssh://…` or `user@host:path`), with a key file or the ssh-agent, checking the host key.
    case ssh(SSHCredentials)
    /// HTTPS basic authentication with a token read from `tokenFile` (surrounding whitespace ignored) at each
    /// connection; GitHub and GitLab accept `x-access-token` / `oauth2` as the user name.
    case httpsToken(tokenFile: String, username: String = "x-access-token")
}

/// SSH authentication and host verification.
public struct SSHCredentials: Sendable, Hashable {
    /// Where the private key comes from.
    public enum Identity: Sendable, Hashable {
        /// A private key file (OpenSSH or PEM), an optional public key file, and an optional file holding the
        /// key's passphrase.
        case keyFile(privateKey: String, publicKey: String? = nil, passphraseFile: String? = nil)
        /// Whatever keys the running ssh-agent (`SSH_AUTH_SOCK`) offers.
        case agent
    }

    /// The key to authenticate with.
    public var identity: Identity
    /// An OpenSSH `known_hosts` file (plain and hashed entries); unknown or changed host keys are refused.
    public var knownHostsFile: String
    /// The user when the URL names none; `git` by default.
    public var username: String?

    /// SSH credentials.
    public init(identity: Identity, knownHostsFile: String, username: String? = nil) {
        self.identity = identity
        self.knownHostsFile = knownHostsFile
        self.username = username
    }
}
