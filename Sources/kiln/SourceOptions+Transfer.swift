import ArgumentParser
import Controller
import Git
import Manifest

/// How `kiln plan`, `kiln apply` and `kiln validate --repo` talk to a remote: trust and deadline.
struct GitTransferOptions: ParsableArguments {
    @Option(help: "HTTPS: a PEM file of certificate authorities that replaces the system's for the git remote.")
    var gitCaFile: String?

    @Option(help: "The deadline of each git fetch or push, e.g. 30s or 5m (default 2m).")
    var gitTimeout: String = "2m"

    func validate() throws {
        guard let timeout = ManifestDuration(gitTimeout)?.duration, timeout > .zero else {
            throw ValidationError("--git-timeout: '\(gitTimeout)' is not a duration longer than 0s (e.g. 30s, 5m)")
        }
    }

    /// The settings these options describe.
    var settings: GitTransferSettings {
        GitTransferSettings(
            caFile: gitCaFile,
            timeout: ManifestDuration(gitTimeout)?.duration ?? GitTransferSettings.defaultTimeout)
    }

    /// Refuses, before any connection, credentials that do not fit a remote `location` (a token for anything but
    /// https://) and secret files that group or others may read.
    static func check(_ credentials: GitCredentials, for location: String) throws {
        guard GitManifestSource.isRemote(location) || credentials != .none else { return }
        do {
            try credentials.check(for: location)
        } catch {
            throw ValidationError("\(error.operation): \(error.message)")
        }
    }
}
