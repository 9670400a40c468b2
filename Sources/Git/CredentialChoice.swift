/// The kinds of credential libgit2 says a remote accepts (its `allowed_types` bits).
struct AllowedCredentials: OptionSet, Sendable {
    let rawValue: UInt32

    static let userPassword = AllowedCredentials(rawValue: 1 << 0)
    static let sshKey = AllowedCredentials(rawValue: 1 << 1)
    static let username = AllowedCredentials(rawValue: 1 << 5)
}

/// What to answer when libgit2 asks for credentials: a pure decision, tested without a network.
enum CredentialChoice: Equatable, Sendable {
    case username(String)
    case userPassword(username: String, secretFile: String)
    case sshKeyFile(username: String, privateKey: String, publicKey: String?, passphraseFile: String?)
    case sshAgent(username: String)
    case refuse(String)

    /// Decides for one request. `attempts` counts the secrets already offered on this connection: libgit2 asks
    /// again after a rejection, and Kiln does not offer the same secret twice.
    static func choose(
        _ credentials: GitCredentials, allowed: AllowedCredentials, usernameFromURL: String?, attempts: Int
    ) -> CredentialChoice {
        switch credentials {
        case .none:
            return .refuse("the remote asks for credentials and none are configured")
        case let .httpsToken(tokenFile, username):
            guard allowed.contains(.userPassword) else { return .refuse("the remote does not accept a token") }
            guard attempts == 0 else { return .refuse("the remote rejected the token") }
            return .userPassword(username: username, secretFile: tokenFile)
        case let .ssh(ssh):
            let username = usernameFromURL.flatMap { $0.isEmpty ? nil : $0 } ?? ssh.username ?? "git"
            if allowed.contains(.sshKey) {
                guard attempts == 0 else { return .refuse("the remote rejected the SSH key for '\(username)'") }
                switch ssh.identity {
                case let .keyFile(privateKey, publicKey, passphraseFile):
                    return .sshKeyFile(
                        username: username, privateKey: privateKey, publicKey: publicKey,
                        passphraseFile: passphraseFile)
                case .agent:
                    return .sshAgent(username: username)
                }
            }
            if allowed.contains(.username) { return .username(username) }
            return .refuse("the remote does not accept SSH keys")
        }
    }

    /// Whether answering with this choice offers a secret (and so counts as an attempt).
    var offersSecret: Bool {
        switch self {
        case .userPassword, .sshKeyFile, .sshAgent: true
        case .username, .refuse: false
        }
    }
}
