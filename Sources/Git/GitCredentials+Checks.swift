extension GitCredentials {
    /// Checks, before any connection, that these credentials may be used with `url`: a token or password only
    /// over `https://` (never in clear over `http://` or `git://`, and meaningless for a local repository), and
    /// secret files readable by their owner alone. No setting turns this off.
    public func check(for url: String) throws(GitError) {
        let remote = try RemoteURL(url)
        let operation = "check the credentials for \(remote.redacted)"
        if remote.hasPassword, !remote.isHTTPS {
            throw GitError(
                .invalidArgument, operation: operation,
                message: "the URL carries a password, which would be sent in clear over \(remote.scheme)://; "
                    + "use https://")
        }
        switch self {
        case .none:
            return
        case let .httpsToken(tokenFile, _):
            guard remote.isHTTPS else {
                let why =
                    switch remote.transport {
                    case .local: "a local repository takes no token"
                    case .ssh: "ssh:// remotes authenticate with an SSH key, not a token"
                    case .git, .http: "\(remote.scheme):// would send it in clear"
                    }
                throw GitError(
                    .invalidArgument, operation: operation,
                    message: "a token is sent only to https:// remotes: \(why)")
            }
            try SecretFile.checkPermissions(tokenFile, what: "token")
        case let .ssh(ssh):
            if case let .keyFile(privateKey, _, passphraseFile) = ssh.identity {
                try SecretFile.checkPermissions(privateKey, what: "SSH private key")
                if let passphraseFile { try SecretFile.checkPermissions(passphraseFile, what: "passphrase") }
            }
        }
    }
}
