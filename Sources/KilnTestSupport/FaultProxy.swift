import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// A programmable HTTP/1.1 reverse proxy in front of `moto_server`, on 127.0.0.1 and a free port.
///
/// It forwards every request unchanged in all that SigV4 signs (method, target, headers including
/// `Host`, body), so moto's signature checks still pass. Tests program it to count calls, inject
/// throttling, 5xx, connection resets and latency, rewrite responses (pending states, SSM outcomes)
/// and answer the actions moto lacks, in the real wire format.
///
/// ```swift
/// let moto = try await MotoServer.start()
/// defer { moto.stop() }
/// let proxy = try await FaultProxy.start(upstream: moto.endpoint)
/// defer { proxy.stop() }
/// proxy.inject(.throttle, on: .action("DescribeImages", of: "ec2"), trigger: .nextCalls(2))
/// // point the client under test at proxy.endpoint ...
/// #expect(proxy.count(service: "ec2", action: "DescribeImages") == 3)
/// ```
public final class FaultProxy: Sendable {
    /// The proxy's base URL, e.g. `http://127.0.0.1:49153`; use it as the AWS endpoint.
    public let endpoint: URL
    public let port: Int
    /// Where calls are forwarded.
    public let upstream: URL
    /// The seed of the generator behind probabilistic faults.
    public let seed: UInt64
    let core: ProxyCore
    private let channel: any Channel

    private init(endpoint: URL, port: Int, upstream: URL, seed: UInt64, core: ProxyCore, channel: any Channel) {
        self.endpoint = endpoint
        self.port = port
        self.upstream = upstream
        self.seed = seed
        self.core = core
        self.channel = channel
    }

    // MARK: - Lifecycle

    /// Starts a proxy on 127.0.0.1 (a free port) forwarding to `upstream` (an `http://127.0.0.1:PORT` URL).
    public static func start(upstream: URL, seed: UInt64 = 0x6B69_6C6E) async throws -> FaultProxy {
        guard let host = upstream.host, let upstreamPort = upstream.port else {
            throw HarnessError.startFailed("upstream \(upstream) needs a host and a port")
        }
        let core = ProxyCore(seed: seed, upstream: ProxyUpstream(host: host, port: upstreamPort))
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(ChannelOptions.backlog, value: 256)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                core.track(channel)
                return channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandlers([
                        NIOHTTPServerRequestAggregator(maxContentLength: 256 << 20),
                        FaultProxyHandler(core: core),
                    ])
                }
            }
            .bind(host: "127.0.0.1", port: 0)
            .get()
        guard let port = channel.localAddress?.port else {
            channel.close(promise: nil)
            throw HarnessError.noFreePort
        }
        let endpoint = URL(string: "http://127.0.0.1:\(port)") ?? upstream
        return FaultProxy(
            endpoint: endpoint, port: port, upstream: upstream, seed: seed, core: core, channel: channel)
    }

    /// Stops listening, closes every client connection, and waits until all are closed. Idempotent.
    public func stop() {
        let core = self.core
        let closed = channel.close()
            .flatMapErrorThrowing { _ in () }
            .flatMap { [channel] in core.closeConnections(on: channel.eventLoop) }
        if !channel.eventLoop.inEventLoop {
            try? closed.wait()
        }
    }

    deinit {
        let core = self.core
        channel.close().whenComplete { [channel] _ in _ = core.closeConnections(on: channel.eventLoop) }
    }

    /// Clears everything: calls, rules, rewriters, simulated state, scripts; reseeds the generator.
    public func reset() {
        let seed = self.seed
        core.state.withLock { $0 = ProxyState(seed: seed) }
    }

    // MARK: - Calls

    /// Every completed call, in completion order.
    public var calls: [ProxyCallRecord] {
        core.state.withLock { $0.log }
    }

    /// The number of completed calls that `matcher` selects.
    public func count(_ matcher: CallMatcher = .any) -> Int {
        core.state.withLock { state in
            state.log.reduce(0) {
                $0 + (matcher.matches(service: $1.service, action: $1.action, region: $1.region) ? 1 : 0)
            }
        }
    }

    /// The number of completed calls to a service, action and region (`nil` = any).
    public func count(service: String? = nil, action: String? = nil, region: String? = nil) -> Int {
        count(CallMatcher(service: service, action: action, region: region))
    }

    /// Completed calls per (service, action).
    public var countsByAction: [ActionKey: Int] {
        core.state.withLock { state in
            state.log.reduce(into: [:]) { $0[ActionKey(service: $1.service, action: $1.action), default: 0] += 1 }
        }
    }

    /// Completed calls per region.
    public var countsByRegion: [String: Int] {
        core.state.withLock { state in state.log.reduce(into: [:]) { $0[$1.region, default: 0] += 1 } }
    }

    /// Forgets the call log (and so all counts); rules and simulated state stay.
    public func resetCalls() {
        core.state.withLock { $0.log.removeAll() }
    }

    // MARK: - Faults

    /// Installs a fault for the calls `matcher` selects; rules apply in installation order.
    @discardableResult
    public func inject(_ fault: Fault, on matcher: CallMatcher = .any, trigger: FaultTrigger = .always) -> ProxyHookID {
        core.state.withLock { state in
            let id = state.makeHookID()
            state.rules.append(FaultRule(id: id, fault: fault, matcher: matcher, trigger: trigger))
            return id
        }
    }

    /// How many times a rule fired.
    public func firedCount(_ id: ProxyHookID) -> Int {
        core.state.withLock { $0.rules.first { $0.id == id }?.fired ?? 0 }
    }

    /// Removes one rule or rewriter.
    public func remove(_ id: ProxyHookID) {
        core.state.withLock { state in
            state.rules.removeAll { $0.id == id }
            state.rewriters.removeAll { $0.id == id }
        }
    }

    /// Removes every fault rule.
    public func removeAllFaults() {
        core.state.withLock { $0.rules.removeAll() }
    }

    // MARK: - Rewriting

    /// Lets `rewrite` replace the responses to calls `matcher` selects (forwarded or simulated, not
    /// injected faults); return nil to keep a response. Rewriters run in installation order, after the
    /// built-in ones, outside the proxy's lock.
    @discardableResult
    public func rewriteResponses(
        on matcher: CallMatcher = .any,
        _ rewrite: @escaping @Sendable (ProxiedCall, ProxiedResponse) -> ProxiedResponse?
    ) -> ProxyHookID {
        core.state.withLock { state in
            let id = state.makeHookID()
            state.rewriters.append(StoredRewriter(id: id, matcher: matcher, rewrite: rewrite))
            return id
        }
    }
}
