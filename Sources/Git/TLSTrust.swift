internal import CLibGit2
import Foundation
import Synchronization

/// The certificate authorities libgit2 trusts for `https://` remotes.
///
/// Debian's libgit2 1.5 uses mbedTLS, whose trust store is one chain for the whole process: loaded from
/// `/etc/ssl/certs/ca-certificates.crt` at start, and replaced (not extended) by `GIT_OPT_SET_SSL_CERT_LOCATIONS`.
/// Replacing it frees the old chain, so it may only change while no TLS transfer runs: transfers that agree on the
/// CA file share it; a transfer wanting another one waits until the others end (or its own deadline passes). A
/// process normally has one CA file (the daemon's `git.caFile`, the CLI's `--git-ca-file`), so nothing waits.
enum TLSTrust {
    /// The bundle libgit2 loads at start on Debian, restored when a transfer asks for the system's trust again.
    static let systemBundle = "/etc/ssl/certs/ca-certificates.crt"

    private struct State {
        /// The CA file in force; nil is the system bundle.
        var caFile: String?
        var users = 0
    }

    private static let state = Mutex(State())

    /// One transfer's hold on the trust store; `leave()` once the transfer is over.
    struct Hold {
        func leave() {
            TLSTrust.state.withLock { $0.users -= 1 }
        }
    }

    /// Makes `caFile` (nil: the system bundle) the trust store for the duration of a transfer, waiting at most
    /// until `deadline` for transfers that trust another file.
    static func enter(caFile: String?, until deadline: DispatchTime) throws(GitError) -> Hold {
        try LibGit2.initialise()
        while true {
            if let hold = try attempt(caFile: caFile, waitable: DispatchTime.now() < deadline) { return hold }
            usleep(5000)
        }
    }

    /// The hold, or nil when other transfers trust another file and `waitable`.
    private static func attempt(caFile: String?, waitable: Bool) throws(GitError) -> Hold? {
        let result = state.withLock { (state) -> Result<Hold?, GitError> in
            if state.caFile == caFile {
                state.users += 1
                return .success(Hold())
            }
            guard state.users == 0 else {
                if waitable { return .success(nil) }
                return .failure(
                    GitError(
                        .certificate, operation: "trust \(caFile ?? "the system's certificate authorities")",
                        message: "another transfer in this process trusts \(state.caFile ?? "the system bundle")"))
            }
            let file = caFile ?? systemBundle
            do throws(GitError) {
                try check("load the certificate authorities in \(file)", kiln_set_ssl_cert_file(file))
            } catch {
                return .failure(error)
            }
            state.caFile = caFile
            state.users = 1
            return .success(Hold())
        }
        return try result.get()
    }
}
