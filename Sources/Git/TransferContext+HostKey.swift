/// The host key an SSH server presented, as far as libssh2 reported it.
enum PresentedHostKey: Sendable {
    /// The key blob in SSH wire format, as in `known_hosts`.
    case raw([UInt8])
    /// Only the SHA-256 of the key blob.
    case sha256([UInt8])
    /// Nothing usable.
    case none
}

extension TransferContext {
    /// Decides whether to talk to an SSH server: 0 to proceed only if `known_hosts` lists this key for this host;
    /// anything else records a `.certificate` error and refuses (fail closed).
    func checkHostKey(_ key: PresentedHostKey, host reportedHost: String?) -> Int32 {
        let operation = "verify the host key of \(remote.redacted)"
        guard case let .ssh(ssh) = credentials else {
            return fail(GitError(.certificate, operation: operation, message: "no known_hosts file is configured"))
        }
        guard let host = remote.knownHostsName ?? reportedHost else {
            return fail(GitError(.certificate, operation: operation, message: "the remote names no host"))
        }
        let knownHosts: KnownHosts
        do {
            knownHosts = try KnownHosts(contentsOf: ssh.knownHostsFile)
        } catch {
            return fail(error)
        }
        let verdict: KnownHosts.Verdict
        switch key {
        case let .raw(blob): verdict = knownHosts.verify(host: host, key: blob)
        case let .sha256(digest): verdict = knownHosts.verify(host: host, sha256: digest)
        case .none: verdict = .unknown
        }
        let problem: String
        switch verdict {
        case .trusted: return 0
        case .unknown: problem = "\(host) is not in known_hosts"
        case .mismatch: problem = "the host key of \(host) does not match known_hosts"
        case .revoked: problem = "the host key of \(host) is revoked"
        }
        return fail(GitError(.certificate, operation: operation, message: problem))
    }
}
