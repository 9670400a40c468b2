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
    let settings: GitTransferSettings

    private struct State {
        var attempts = 0
        var failure: GitError?
        var secrets: [String] = []
        var rejections: [String: String] = [:]
        /// The sockets of this transfer's streams, shut down when the deadline passes or the task is cancelled.
        var sockets: Set<Int32> = []
        var deadline: DispatchTime?
    }

    private let state = Mutex(State())
    /// Per remote reference, the tip it must still hold for a push to update it (nil: it must not exist).
    let leases = Mutex<[String: ObjectID?]>([:])
    private let cancelled = Atomic<Bool>(false)
    private let expired = Atomic<Bool>(false)

    init(remote: RemoteURL, credentials: GitCredentials, settings: GitTransferSettings = GitTransferSettings()) {
        self.remote = remote
        self.credentials = credentials
        self.settings = settings
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

    // MARK: - Cancellation and the deadline

    /// Stops the transfer: callbacks refuse to go on and every socket is shut down, waking any blocked read.
    func cancel() {
        cancelled.store(true, ordering: .relaxed)
        interruptSockets()
    }

    var isCancelled: Bool { cancelled.load(ordering: .relaxed) }

    /// Ends the transfer because its deadline passed; like `cancel`, but reported as a timeout.
    func expire() {
        expired.store(true, ordering: .relaxed)
        interruptSockets()
    }

    var isExpired: Bool { expired.load(ordering: .relaxed) }

    /// Whether the transfer must stop: cancelled, or past its deadline.
    var isStopped: Bool { isCancelled || isExpired }

    /// Milliseconds left before the deadline (at least 0), or nil when no transfer is running.
    var remainingMilliseconds: Int? {
        guard let deadline = state.withLock({ $0.deadline }) else { return nil }
        let now = DispatchTime.now().uptimeNanoseconds
        guard deadline.uptimeNanoseconds > now else { return 0 }
        return Int(min((deadline.uptimeNanoseconds - now) / 1_000_000 + 1, UInt64(Int32.max)))
    }

    /// Registers a socket of this transfer; false (and not registered) when the transfer is already stopping.
    func adopt(socket: Int32) -> Bool {
        state.withLock { state in
            guard !isStopped else { return false }
            state.sockets.insert(socket)
            return true
        }
    }

    /// Forgets a socket before it is closed, so that its number, once reused, is never shut down.
    func forget(socket: Int32) {
        _ = state.withLock { $0.sockets.remove(socket) }
    }

    private func interruptSockets() {
        state.withLock { state in
            for socket in state.sockets { _ = shutdown(socket, Int32(SHUT_RDWR)) }
        }
    }

    // MARK: - Running a transfer

    /// Runs one libgit2 transfer call and throws the most precise error: cancellation, a failure recorded by a
    /// callback, or libgit2's own, always scrubbed of secrets.
    ///
    /// The call has `settings.timeout` to finish: Kiln's socket stream (`DeadlineStream`) waits no longer, and a
    /// watchdog shuts the transfer's sockets down at the deadline for the transports that read the socket
    /// themselves (SSH).
    func run(_ operation: String, _ call: () -> Int32) throws -> Int32 {
        let deadline = DispatchTime.now() + .nanoseconds(Int(clamping: settings.timeout.nanoseconds))
        let trust = try remote.isHTTPS ? TLSTrust.enter(caFile: settings.caFile, until: deadline) : nil
        defer { trust?.leave() }
        state.withLock { $0.deadline = deadline }
        let watchdog = DispatchWorkItem { [self] in expire() }
        DispatchQueue.global().asyncAfter(deadline: deadline, execute: watchdog)
        let result = DeadlineStream.during(self, call)
        watchdog.cancel()
        guard result < 0 else { return result }
        do {
            try check(operation, result)
            return result
        } catch {
            if isCancelled { throw CancellationError() }
            if isExpired {
                throw GitError(
                    .timeout, operation: operation,
                    message: "the remote did not answer within \(settings.timeout.kilnDescription), the deadline of a "
                        + "fetch or push (git.timeout, --git-timeout)")
            }
            let (failure, secrets) = state.withLock { ($0.failure, $0.secrets) }
            // During a transfer, a socket error ("failed to connect", class os) is a network failure.
            let transferError =
                error.kind == .other && error.errorClass == "os" ? error.reclassified(as: .network) : error
            throw (failure.map { $0.adding(detail: transferError) } ?? transferError).scrubbing(secrets)
        }
    }

    /// Scrubs the secrets read so far from an error.
    func scrub(_ error: GitError) -> GitError {
        error.scrubbing(state.withLock { $0.secrets })
    }
}
