import Foundation

// MARK: - Secret files in systemd's credentials directory

extension DaemonConfiguration {
    /// The settings that name secret files: each may start with `$CREDENTIALS_DIRECTORY` (or
    /// `${CREDENTIALS_DIRECTORY}`), the private directory systemd's `LoadCredential=` fills for the service.
    static var secretFileSettings: [(path: String, value: WritableKeyPath<DaemonConfiguration, String?>)] {
        [
            ("git.tokenFile", \.git.tokenFile), ("git.sshKeyFile", \.git.sshKeyFile),
            ("git.sshKeyPassphraseFile", \.git.sshKeyPassphraseFile),
            ("http.webhookSecretFile", \.http.webhookSecretFile),
            ("http.basicAuthFile", \.http.basicAuthFile), ("http.bearerTokenFile", \.http.bearerTokenFile),
        ]
    }

    /// Replaces a leading `$CREDENTIALS_DIRECTORY` in the secret files' paths with the variable's value; naming it
    /// while it is unset (the daemon was not started by its systemd unit) is an error.
    public mutating func expandCredentialsDirectory(environment: [String: String]) throws(ConfigError) {
        for setting in Self.secretFileSettings {
            guard let path = self[keyPath: setting.value] else { continue }
            guard let rest = Self.credentialsRelativePath(path) else { continue }
            guard let directory = environment["CREDENTIALS_DIRECTORY"], !directory.isEmpty else {
                throw .invalidValue(
                    setting.path,
                    "names $CREDENTIALS_DIRECTORY, which is not set: start the daemon from its systemd unit "
                        + "(LoadCredential=) or name the file itself")
            }
            self[keyPath: setting.value] = URL(fileURLWithPath: directory).appendingPathComponent(rest).path
        }
        for index in accounts.indices {
            guard let path = accounts[index].externalIdFile, let rest = Self.credentialsRelativePath(path) else {
                continue
            }
            guard let directory = environment["CREDENTIALS_DIRECTORY"], !directory.isEmpty else {
                throw .invalidValue(
                    "accounts.\(accounts[index].account).externalIdFile",
                    "names $CREDENTIALS_DIRECTORY, which is not set: start the daemon from its systemd unit "
                        + "(LoadCredential=) or name the file itself")
            }
            accounts[index].externalIdFile = URL(fileURLWithPath: directory).appendingPathComponent(rest).path
        }
        for index in notify.webhooks.indices {
            guard let path = notify.webhooks[index].secretFile, let rest = Self.credentialsRelativePath(path) else {
                continue
            }
            guard let directory = environment["CREDENTIALS_DIRECTORY"], !directory.isEmpty else {
                throw .invalidValue(
                    "notify.webhooks[\(index)].secretFile",
                    "names $CREDENTIALS_DIRECTORY, which is not set: start the daemon from its systemd unit "
                        + "(LoadCredential=) or name the file itself")
            }
            notify.webhooks[index].secretFile = URL(fileURLWithPath: directory).appendingPathComponent(rest).path
        }
    }

    /// The part after `$CREDENTIALS_DIRECTORY/` or `${CREDENTIALS_DIRECTORY}/`, if the path starts so.
    private static func credentialsRelativePath(_ path: String) -> String? {
        for prefix in ["${CREDENTIALS_DIRECTORY}/", "$CREDENTIALS_DIRECTORY/"] where path.hasPrefix(prefix) {
            return String(path.dropFirst(prefix.count))
        }
        return nil
    }
}
