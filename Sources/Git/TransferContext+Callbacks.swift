internal import CLibGit2
import Foundation
import Redaction

extension TransferContext {
    /// Points libgit2's callbacks at this context.
    func install(into callbacks: inout git_remote_callbacks) {
        callbacks.payload = payload
        callbacks.credentials = { out, url, usernameFromURL, allowed, payload in
            guard let out, let context = TransferContext.from(payload) else { return -1 }
            return context.acquireCredential(
                out, url: url.map { String(cString: $0) }, usernameFromURL: usernameFromURL.map { String(cString: $0) },
                allowed: allowed)
        }
        callbacks.certificate_check = { cert, valid, host, payload in
            guard let cert, let context = TransferContext.from(payload) else { return -1 }
            return context.checkCertificate(cert, valid: valid != 0, host: host.map { String(cString: $0) })
        }
        callbacks.transfer_progress = { _, payload in
            TransferContext.from(payload)?.isCancelled == false ? 0 : -1
        }
        callbacks.push_transfer_progress = { _, _, _, payload in
            TransferContext.from(payload)?.isCancelled == false ? 0 : -1
        }
        callbacks.sideband_progress = { _, _, payload in
            TransferContext.from(payload)?.isCancelled == false ? 0 : -1
        }
        callbacks.push_update_reference = { reference, status, payload in
            guard let reference, let context = TransferContext.from(payload) else { return -1 }
            context.recordPush(reference: String(cString: reference), status: status.map { String(cString: $0) })
            return 0
        }
    }

    // MARK: - Credentials

    private func acquireCredential(
        _ out: UnsafeMutablePointer<UnsafeMutablePointer<git_credential>?>, url: String?, usernameFromURL: String?,
        allowed: UInt32
    ) -> Int32 {
        let operation = "authenticate to \(remote.redacted)"
        let choice = Self.guarded(
            chooseCredentials(allowed: AllowedCredentials(rawValue: allowed), usernameFromURL: usernameFromURL),
            url: url)
        do {
            switch choice {
            case let .username(username):
                try check(operation, git_credential_username_new(out, username))
            case let .userPassword(username, secretFile):
                let token = try readSecret(secretFile, what: "token")
                try check(operation, git_credential_userpass_plaintext_new(out, username, token))
            case let .sshKeyFile(username, privateKey, publicKey, passphraseFile):
                try SecretFile.checkPermissions(privateKey, what: "SSH private key")
                let passphrase = try passphraseFile.map { (file) throws(GitError) in
                    try readSecret(file, what: "passphrase")
                }
                try check(operation, git_credential_ssh_key_new(out, username, publicKey, privateKey, passphrase))
            case let .sshAgent(username):
                try check(operation, git_credential_ssh_key_from_agent(out, username))
            case let .refuse(reason):
                return fail(GitError(.auth, operation: operation, message: reason))
            }
            return 0
        } catch {
            return fail(error)
        }
    }

    /// `choice`, unless it would send a token or password to a URL that is not `https://` (the URL libgit2 asks
    /// for, after any redirect): then a refusal. Configuration refuses such remotes already; this is the last line.
    static func guarded(_ choice: CredentialChoice, url: String?) -> CredentialChoice {
        guard case .userPassword = choice, !(url.map(RemoteURL.isHTTPS) ?? false) else { return choice }
        let target = url.map { Redaction.redactURLs(in: $0) } ?? "an unnamed URL"
        return .refuse("refusing to send the token to \(target): tokens go only to https:// remotes")
    }

    /// Reads a secret from a file, trimmed; remembered for scrubbing, never reported.
    private func readSecret(_ path: String, what: String) throws(GitError) -> String {
        let secret = try SecretFile.read(path, what: what)
        remember(secret: secret)
        return secret
    }

    // MARK: - Host keys and certificates

    /// SSH host keys are checked against `known_hosts` and refused unless listed; TLS certificates keep
    /// libgit2's own verdict (`GIT_PASSTHROUGH`: a positive answer would accept any certificate), and an invalid one
    /// is recorded with the host it was presented for.
    func checkCertificate(_ cert: UnsafeMutablePointer<git_cert>, valid: Bool, host: String?) -> Int32 {
        guard cert.pointee.cert_type == GIT_CERT_HOSTKEY_LIBSSH2 else {
            if !valid {
                let name = host ?? remote.host ?? "the remote"
                fail(
                    GitError(
                        .certificate, operation: "verify the TLS certificate of \(remote.redacted)",
                        message: "the certificate presented by \(name) is not trusted or not issued for \(name)"))
            }
            return GIT_PASSTHROUGH.rawValue
        }
        let hostKey = UnsafeRawPointer(cert).assumingMemoryBound(to: git_cert_hostkey.self).pointee
        if hostKey.type.rawValue & GIT_CERT_SSH_RAW.rawValue != 0, let raw = hostKey.hostkey {
            return checkHostKey(.raw(Array(UnsafeRawBufferPointer(start: raw, count: hostKey.hostkey_len))), host: host)
        }
        if hostKey.type.rawValue & GIT_CERT_SSH_SHA256.rawValue != 0 {
            return checkHostKey(.sha256(withUnsafeBytes(of: hostKey.hash_sha256) { Array($0) }), host: host)
        }
        return checkHostKey(.none, host: host)
    }
}
