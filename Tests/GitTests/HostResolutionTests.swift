import Foundation
import Synchronization
import Testing

@testable import Git

#if canImport(Glibc)
    import Glibc
#endif

/// Name resolution ends with its transfer, however long the resolver takes.
@Suite struct HostResolutionTests {
    final class Flag: Sendable {
        let value = Atomic<Bool>(false)
    }

    static func context() throws -> TransferContext {
        TransferContext(remote: try RemoteURL("https://git.example.com/kiln/manifests.git"), credentials: .none)
    }

    @Test(arguments: [false, true])
    func aLookupThatDoesNotAnswerIsAbandonedWhenTheTransferStops(expired: Bool) throws {
        let context = try Self.context()
        let release = DispatchSemaphore(value: 0)
        let answered = Flag()
        // A resolver that answers only when the test lets it: the transfer must not wait for it.
        let silent: HostResolution.Lookup = { _, _ in
            release.wait()
            answered.value.store(true, ordering: .relaxed)
            return (EAI_AGAIN, nil)
        }
        DispatchQueue(label: "stop").asyncAfter(deadline: .now() + .milliseconds(100)) {
            if expired { context.expire() } else { context.cancel() }
        }
        let outcome = HostResolution.resolve(
            host: "git.example.com", port: "443", context: context, lookup: silent, slice: .milliseconds(10))
        guard case .stopped = outcome else {
            Issue.record("expected the lookup to be abandoned, got \(outcome)")
            return
        }
        let waiting = !answered.value.load(ordering: .relaxed)
        #expect(waiting, "resolve returned while the lookup was still waiting")
        release.signal()
    }

    @Test func anAnswerIsReturnedAndAFailureKeepsItsCode() throws {
        let context = try Self.context()
        guard case .addresses(let addresses) = HostResolution.resolve(host: "127.0.0.1", port: "9418", context: context)
        else {
            Issue.record("127.0.0.1 did not resolve")
            return
        }
        let address = try #require(addresses)
        #expect(address.pointee.ai_socktype == Int32(SOCK_STREAM.rawValue))
        freeaddrinfo(addresses)
        let refusing: HostResolution.Lookup = { _, _ in (EAI_NONAME, nil) }
        guard case .failed(let code) = HostResolution.resolve(host: "x", port: "1", context: context, lookup: refusing)
        else {
            Issue.record("a failed lookup was not reported")
            return
        }
        #expect(code == EAI_NONAME)
    }
}
