import Testing

@testable import Git

@Suite struct CredentialChoiceTests {
    static let key = SSHCredentials(
        identity: .keyFile(privateKey: "/k/id", publicKey: "/k/id.pub", passphraseFile: "/k/pass"),
        knownHostsFile: "/k/known_hosts")
    static let agent = SSHCredentials(identity: .agent, knownHostsFile: "/k/known_hosts", username: "deploy")

    struct Case: Sendable, CustomTestStringConvertible {
        var credentials: GitCredentials
        var allowed: AllowedCredentials
        var user: String?
        var attempts: Int
        var expected: CredentialChoice
        var testDescription: String { "\(expected)" }

        init(
            _ credentials: GitCredentials, _ allowed: AllowedCredentials, _ user: String?, _ attempts: Int,
            _ expected: CredentialChoice
        ) {
            (self.credentials, self.allowed, self.user, self.attempts, self.expected) =
                (credentials, allowed, user, attempts, expected)
        }
    }

    static let cases: [Case] = [
        Case(
            GitCredentials.none, AllowedCredentials.userPassword, nil, 0,
            CredentialChoice.refuse("the remote asks for credentials and none are configured")),
        Case(
            .httpsToken(tokenFile: "/t"), .userPassword, nil, 0,
            .userPassword(username: "x-access-token", secretFile: "/t")),
        Case(
            .httpsToken(tokenFile: "/t", username: "oauth2"), [.userPassword, .sshKey], "ignored", 0,
            .userPassword(username: "oauth2", secretFile: "/t")),
        Case(.httpsToken(tokenFile: "/t"), .userPassword, nil, 1, .refuse("the remote rejected the token")),
        Case(.httpsToken(tokenFile: "/t"), .sshKey, nil, 0, .refuse("the remote does not accept a token")),
        Case(.ssh(key), .username, nil, 0, .username("git")),
        Case(.ssh(agent), .username, nil, 0, .username("deploy")),
        Case(
            .ssh(key), [.sshKey, .userPassword], "git", 0,
            .sshKeyFile(username: "git", privateKey: "/k/id", publicKey: "/k/id.pub", passphraseFile: "/k/pass")),
        Case(.ssh(agent), .sshKey, "ops", 0, .sshAgent(username: "ops")),
        Case(.ssh(agent), .sshKey, nil, 0, .sshAgent(username: "deploy")),
        Case(.ssh(key), .sshKey, "git", 1, .refuse("the remote rejected the SSH key for 'git'")),
        Case(.ssh(key), .userPassword, "git", 0, .refuse("the remote does not accept SSH keys")),
    ]

    @Test(arguments: cases)
    func chooses(_ row: Case) {
        let choice = CredentialChoice.choose(
            row.credentials, allowed: row.allowed, usernameFromURL: row.user, attempts: row.attempts)
        #expect(choice == row.expected)
    }

    @Test func countsOnlySecretsAsAttempts() throws {
        let context = TransferContext(remote: try RemoteURL("git@github.com:a/b.git"), credentials: .ssh(Self.key))
        #expect(context.chooseCredentials(allowed: .username, usernameFromURL: nil) == .username("git"))
        #expect(context.chooseCredentials(allowed: .sshKey, usernameFromURL: "git").offersSecret)
        #expect(
            context.chooseCredentials(allowed: .sshKey, usernameFromURL: "git")
                == .refuse("the remote rejected the SSH key for 'git'"))
    }
}
