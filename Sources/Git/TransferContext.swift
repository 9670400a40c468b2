import Foundation
import Redaction
import Synchronization

/// What one fetch or push shares with libgit2's C callbacks, passed to them as an unretained payload pointer.
///
/// The callbacks cannot throw; they record the first failure here and return an error code, and the caller then
/// throws the recorded, typed error instead of libgit2's generic one. Secrets read during the transfer are kept
/// only to scrub them from any error.
final class TransferContext: Sendable {
    let remote: RemoteURL
    let credentials: GitCredentials

    private struct State {
        var attempts = 0
        var failure: GitError?
        var secrets: [String] = []
        var rejections: [String: String] = [:]
    }

    private let state = Mutex(State())
    private let cancelled = Atomic<Bool>(false)

    init(remote: RemoteURL, credentials: GitCredentials) {
        self.remote = remote
        self.credentials = credentials
    }

    // MARK: - Payload

    /// The pointer handed to libgit2; valid while the caller keeps this context alive.
    var payload: UnsafeMutableRawPointer { Unmanaged.passUnretained(self).toOpaque() }

    /// The context behind a payload pointer.
    static func from(_ payload: UnsafeMutableRawPointer?) -> TransferContext? {
        payload.map { Unmanaged<TransferContext>.fromOpaque($0).takeUnretainedValue() }
    }

    // MARK: - State the callbacks record

    /// Chooses credentials for one request and counts the secrets offered.
    func chooseCredentials(allowed: AllowedCredentials, usernameFromURL: String?) -> CredentialChoice {
        state.withLock { state in
            let choice = CredentialChoice.choose(
                credentials, allowed: allowed, usernameFromURL: usernameFromURL, attempts: state.attempts)
            if choice.offersSecret { state.attempts += 1 }
            return choice
        }
    }

    /// Keeps the first failure; returns the code the callback should hand back to libgit2.
    @discardableResult
    func fail(_ error: GitError) -> Int32 {
        state.withLock { state in
            if state.failure == nil { state.failure = error }
        }
        return -1
    }

    /// The first failure a callback recorded.
    var recordedFailure: GitError? {
        state.withLock { $0.failure }
    }

    /// Remembers a secret so that no error, and no other output of the process, can carry it.
    func remember(secret: String) {
        state.withLock { $0.secrets.append(secret) }
        Redaction.remember(secret: secret)
    }

    /// Records the server's verdict on one pushed reference (nil status means accepted).
    func recordPush(reference: String, status: String?) {
        state.withLock { $0.rejections[reference] = status }
    }

    /// Why the server refused to update `reference`, if it did.
    func rejection(of reference: String) -> String? {
        state.withLock { $0.rejections[reference] }
    }

    // MARK: - Cancellation

    func cancel() { cancelled.store(true, ordering: .relaxed) }

    var isCancelled: Bool { cancelled.load(ordering: .relaxed) }

    // MARK: - Running a transfer

    /// Runs one libgit2 transfer call and throws the most precise error: cancellation, a failure recorded by a
    /// callback, or libgit2's own, always scrubbed of secrets.
    func run(_ operation: String, _ call: () -> Int32) throws -> Int32 {
        let result = call()
        guard result < 0 else { return result }
        do {
            try check(operation, result)
            return result
        } catch {
            if isCancelled { throw CancellationError() }
            let (failure, secrets) = state.withLock { ($0.failure, $0.secrets) }
            // During a transfer, a socket error ("failed to connect", class os) is a network failure.
            let transferError =
                error.kind == .other && error.errorClass == "os" ? error.reclassified(as: .network) : error
            throw (failure ?? transferError).scrubbing(secrets)
        }
    }

    /// Scrubs the secrets read so far from an error.
    func scrub(_ error: GitError) -> GitError {
        error.scrubbing(state.withLock { $0.secrets })
    }
}
