import Foundation

// MARK: - Keys that sign commits, made with the real tools

/// An Ed25519 SSH key without passphrase, made by `ssh-keygen`, for `git commit -S` with `gpg.format=ssh`.
public struct SSHSigningKey: Sendable {
    /// The private key file (mode 0600).
    public let privateKey: String
    /// The `ssh-ed25519 AAAA…` line of the public key.
    public let publicKey: String
    /// The principal it is listed under in an `allowed_signers` file.
    public let principal: String

    /// Makes `<directory>/<name>` and `<name>.pub`.
    public static func make(in directory: String, name: String, principal: String) async throws -> SSHSigningKey {
        let path = directory + "/" + name
        try await checked("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", principal, "-f", path])
        let publicKey = try String(contentsOfFile: path + ".pub", encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        return SSHSigningKey(privateKey: path, publicKey: publicKey, principal: principal)
    }

    /// Its line in an `allowed_signers` file, limited to git's namespace.
    public var allowedSignersLine: String { "\(principal) namespaces=\"git\" \(publicKey)" }

    /// Writes an `allowed_signers` file listing `keys` and returns its path.
    public static func allowedSigners(_ keys: [SSHSigningKey], at path: String) throws -> String {
        try Data(keys.map { $0.allowedSignersLine + "\n" }.joined().utf8).write(to: URL(fileURLWithPath: path))
        return path
    }
}

/// A throw-away GnuPG home holding one unprotected signing key (`gpg --quick-gen-key … %no-protection`).
///
/// `stop()` ends the gpg-agent it started.
public struct GPGSigningKey: Sendable {
    /// The GNUPGHOME directory.
    public let home: String
    /// The primary key's fingerprint.
    public let fingerprint: String

    /// Makes the home at `<directory>/<name>` with a key for `userID`.
    public static func make(in directory: String, name: String, userID: String) async throws -> GPGSigningKey {
        let home = directory + "/" + name
        try FileManager.default.createDirectory(
            atPath: home, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let environment = ["GNUPGHOME": home]
        try await checked(
            "gpg", ["--batch", "--passphrase", "", "--quick-gen-key", userID, "default", "default", "never"],
            environment: environment)
        let listing = try await checked(
            "gpg", ["--batch", "--with-colons", "--list-secret-keys", userID], environment: environment)
        guard let line = listing.split(separator: "\n").first(where: { $0.hasPrefix("fpr:") }),
            let fingerprint = line.split(separator: ":", omittingEmptySubsequences: false).dropFirst(9).first
        else { throw HarnessError.processFailed("gpg listed no fingerprint for \(userID): \(listing)") }
        return GPGSigningKey(home: home, fingerprint: String(fingerprint))
    }

    /// Exports the public key to a keyring file `gpgv --keyring` reads, and returns its path.
    public func exportKeyring(to path: String) async throws -> String {
        try await checked(
            "gpg", ["--batch", "--yes", "--output", path, "--export", fingerprint], environment: ["GNUPGHOME": home])
        return path
    }

    /// Ends this home's gpg-agent.
    public func stop() async {
        _ = try? await ProcessRunner.run("gpgconf", ["--homedir", home, "--kill", "gpg-agent"])
    }
}

/// Runs a tool and returns its standard output; a non-zero exit is an error with its standard error.
@discardableResult
func checked(_ tool: String, _ arguments: [String], environment: [String: String] = [:]) async throws -> String {
    let output = try await ProcessRunner.run(tool, arguments, environment: environment)
    guard output.status == 0 else {
        throw HarnessError.processFailed("\(tool) \(arguments.joined(separator: " ")): \(output.stderr)")
    }
    return output.stdout
}

// MARK: - Signed commits by the git CLI

extension GitFixture.Repository {
    /// `git commit -S` with an SSH key (`gpg.format=ssh`, `user.signingkey`).
    public func signingArguments(ssh key: SSHSigningKey) -> [String] {
        ["-c", "gpg.format=ssh", "-c", "user.signingkey=\(key.privateKey)"]
    }

    /// Writes `files`, commits everything signed with `ssh` or `gpg`, and returns the id.
    @discardableResult
    public func signedCommit(
        _ files: [String: String], message: String = "Update", ssh: SSHSigningKey? = nil, gpg: GPGSigningKey? = nil
    ) throws -> String {
        try write(files)
        try git("add", "--all")
        try git(
            signing(ssh: ssh, gpg: gpg) + ["commit", "-q", "-S", "--allow-empty", "-m", message],
            environment: gpg.map { ["GNUPGHOME": $0.home] } ?? [:])
        return try git("rev-parse", "HEAD")
    }

    /// The `-c` options that make `git … -S` sign with `ssh` or `gpg`.
    public func signing(ssh: SSHSigningKey?, gpg: GPGSigningKey?) -> [String] {
        if let ssh { return signingArguments(ssh: ssh) }
        if let gpg { return ["-c", "gpg.format=openpgp", "-c", "user.signingkey=\(gpg.fingerprint)"] }
        return []
    }
}
