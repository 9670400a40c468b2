import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Name resolution that ends with its transfer: `getaddrinfo` has no timeout of its own (a resolver that does not
/// answer holds it for the resolver's attempts × timeout, or longer), so the lookup runs on a thread of its own and
/// the transfer waits for it only while it is neither cancelled nor past its deadline. A lookup given up on finishes
/// in the background and frees its answer.
enum HostResolution {
    /// The outcome of a lookup: addresses to free with `freeaddrinfo`, or why there are none.
    enum Outcome {
        case addresses(UnsafeMutablePointer<addrinfo>?)
        /// `getaddrinfo`'s error code.
        case failed(Int32)
        /// The transfer stopped (cancelled or past its deadline) before the lookup answered.
        case stopped
    }

    /// A lookup as `getaddrinfo` does it; tests give a slower one.
    typealias Lookup = @Sendable (String, String) -> (Int32, UnsafeMutablePointer<addrinfo>?)

    /// `getaddrinfo` for a TCP connection to `host`:`port`, any address family.
    static let system: Lookup = { host, port in
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_family = AF_UNSPEC
        var addresses: UnsafeMutablePointer<addrinfo>?
        let code = getaddrinfo(host, port, &hints, &addresses)
        return (code, code == 0 ? addresses : nil)
    }

    /// Resolves `host`:`port`, giving up when `context` stops (checked every `slice`); without a context, waits.
    static func resolve(
        host: String, port: String, context: TransferContext?, lookup: @escaping Lookup = system,
        slice: Duration = .milliseconds(50)
    ) -> Outcome {
        guard let context else { return outcome(lookup(host, port)) }
        let pending = Pending()
        let thread = Thread {
            let answer = lookup(host, port)
            if !pending.deliver(answer), let addresses = answer.1 { freeaddrinfo(addresses) }
        }
        thread.name = "kiln-resolve"
        thread.start()
        let wait = DispatchTimeInterval.nanoseconds(
            Int(slice.components.seconds) * 1_000_000_000 + Int(slice.components.attoseconds / 1_000_000_000))
        while true {
            if pending.done.wait(timeout: .now() + wait) == .success || !context.isStopped {
                if let answer = pending.taken() { return outcome(answer) }
                continue
            }
            // Stopped: abandon the lookup unless it answered meanwhile.
            if let answer = pending.abandon() { return outcome(answer) }
            return .stopped
        }
    }

    private static func outcome(_ answer: (Int32, UnsafeMutablePointer<addrinfo>?)) -> Outcome {
        answer.0 == 0 ? .addresses(answer.1) : .failed(answer.0)
    }

    /// Hands a lookup's answer from its thread to the transfer, or back to the thread to free once abandoned.
    private final class Pending: Sendable {
        private struct Answer: @unchecked Sendable {
            var code: Int32
            var addresses: UnsafeMutablePointer<addrinfo>?
        }

        private enum State: Sendable {
            case waiting
            case answered(Answer)
            case taken
            case abandoned
        }

        private let state = Mutex(State.waiting)
        let done = DispatchSemaphore(value: 0)

        /// Stores the answer; false when the transfer gave up (the caller frees it).
        func deliver(_ answer: (Int32, UnsafeMutablePointer<addrinfo>?)) -> Bool {
            let kept = state.withLock { state -> Bool in
                guard case .waiting = state else { return false }
                state = .answered(Answer(code: answer.0, addresses: answer.1))
                return true
            }
            done.signal()
            return kept
        }

        /// The answer, once, when there is one.
        func taken() -> (Int32, UnsafeMutablePointer<addrinfo>?)? {
            state.withLock { state in
                guard case .answered(let answer) = state else { return nil }
                state = .taken
                return (answer.code, answer.addresses)
            }
        }

        /// Gives up, unless the answer came meanwhile (then it is returned and owned by the caller).
        func abandon() -> (Int32, UnsafeMutablePointer<addrinfo>?)? {
            state.withLock { state in
                if case .answered(let answer) = state {
                    state = .taken
                    return (answer.code, answer.addresses)
                }
                state = .abandoned
                return nil
            }
        }
    }
}
