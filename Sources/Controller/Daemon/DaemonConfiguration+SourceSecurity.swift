import Foundation
import Git

// MARK: - Checks of the source's security settings

extension DaemonConfiguration {
    /// Refuses, at load, what would weaken the source: a token or password for anything but `https://`, secret
    /// files that group or others may read, an unreadable CA file.
    func validateSourceSecurity() throws(ConfigError) {
        do {
            try git.credentials.check(for: repository.url)
            if let file = http.webhookSecretFile {
                try SecretFile.checkPermissions(file, what: "webhook secret")
            }
        } catch {
            throw .invalid("\(error.operation): \(error.message)")
        }
        if let caFile = git.caFile, !FileManager.default.isReadableFile(atPath: caFile) {
            throw .invalid("git.caFile: cannot read the certificate authorities file '\(caFile)'")
        }
    }
}
