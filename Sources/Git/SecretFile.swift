import Foundation

/// Files that hold secrets (tokens, passwords, private keys, passphrases, webhook secrets): refused when their
/// group or others have any access, as OpenSSH refuses such a private key, or when someone other than this user
/// or root owns them (that user could change the secret under Kiln).
public enum SecretFile {
    /// Throws when `path` exists and its mode gives the group or others any access (`mode & 0o077`), naming the
    /// mode: `permissions 0644 for '/run/secrets/token' are too open`; or when its owner is neither this process's
    /// effective user nor root, naming both. A missing file passes (reading it fails).
    public static func checkPermissions(_ path: String, what: String) throws(GitError) {
        try checkPermissions(path, what: what, user: geteuid())
    }

    /// `checkPermissions(_:what:)` as if this process ran as `user`.
    static func checkPermissions(_ path: String, what: String, user: uid_t) throws(GitError) {
        var status = stat()
        guard stat(path, &status) == 0 else { return }
        guard status.st_uid == user || status.st_uid == 0 else {
            throw GitError(
                .auth, operation: "check the \(what) file",
                message: "'\(path)' is owned by uid \(status.st_uid), not by this user (uid \(user)) or root: the "
                    + "\(what) file must belong to the user Kiln runs as (chown)")
        }
        let mode = status.st_mode & 0o7777
        guard mode & 0o077 == 0 else {
            throw GitError(
                .auth, operation: "check the \(what) file",
                message: "permissions \(String(format: "%04o", mode)) for '\(path)' are too open: the \(what) file "
                    + "must not be accessible by group or others (chmod 600)")
        }
    }

    /// The file's contents without surrounding whitespace, after `checkPermissions`; empty or unreadable files
    /// throw. The secret never appears in an error.
    public static func read(_ path: String, what: String) throws(GitError) -> String {
        try checkPermissions(path, what: what)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw GitError(.auth, operation: "read \(what)", message: "cannot read the \(what) file '\(path)'")
        }
        let secret = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !secret.isEmpty else {
            throw GitError(.auth, operation: "read \(what)", message: "the \(what) file '\(path)' is empty")
        }
        return secret
    }
}
