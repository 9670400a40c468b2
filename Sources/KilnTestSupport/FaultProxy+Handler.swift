import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// The proxy's shared brain: its state and its upstream. Handlers of every connection use one core.
final class ProxyCore: Sendable {
    let state: Mutex<ProxyState>
    let upstream: ProxyUpstream
    private let connections = Mutex<[ObjectIdentifier: any Channel]>([:])

    init(seed: UInt64, upstream: ProxyUpstream) {
        self.state = Mutex(ProxyState(seed: seed))
        self.upstream = upstream
    }

    /// Remembers an open client connection until it closes.
    func track(_ channel: any Channel) {
        let id = ObjectIdentifier(channel)
        connections.withLock { $0[id] = channel }
        channel.closeFuture.whenComplete { _ in
            self.connections.withLock { _ = $0.removeValue(forKey: id) }
        }
    }

    /// Closes every open client connection; the future completes when all are closed.
    func closeConnections(on eventLoop: any EventLoop) -> EventLoopFuture<Void> {
        let open = connections.withLock { Array($0.values) }
        let closed = open.map { channel in
            channel.close().flatMapErrorThrowing { _ in () }
        }
        return EventLoopFuture.andAllComplete(closed, on: eventLoop)
    }
}

/// Handles one client connection: decide, then forward / answer / fail, then record.
final class FaultProxyHandler: ChannelInboundHandler {
    typealias InboundIn = NIOHTTPServerRequestFull
    typealias OutboundOut = HTTPServerResponsePart

    private let core: ProxyCore

    init(core: ProxyCore) {
        self.core = core
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let request = unwrapInboundIn(data)
        let body = request.body.map { String(buffer: $0) } ?? ""
        let call = core.state.withLock { state in
            ProxiedCall(
                sequence: state.makeSequence(), method: request.head.method.rawValue, uri: request.head.uri,
                headers: request.head.headers, body: body)
        }
        let decision = core.state.withLock { $0.decide(call, now: Date()) }
        let bound = context.loopBound
        let core = self.core
        let carryOut: @Sendable () -> Void = {
            Self.carryOut(
                decision.action, losingResponse: decision.losesResponse, call: call, request: request, core: core,
                context: bound.value)
        }
        if decision.delay > .zero {
            let nanoseconds =
                decision.delay.components.seconds * 1_000_000_000
                + decision.delay.components.attoseconds / 1_000_000_000
            context.eventLoop.scheduleTask(in: .nanoseconds(nanoseconds), carryOut)
        } else {
            carryOut()
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    // MARK: - Doing what was decided

    private static func carryOut(
        _ action: ProxyDecision.Action,
        losingResponse: Bool,
        call: ProxiedCall,
        request: NIOHTTPServerRequestFull,
        core: ProxyCore,
        context: ChannelHandlerContext
    ) {
        switch action {
        case .reset:
            core.state.withLock { $0.record(call, status: nil, disposition: .connectionReset) }
            reset(context)
        case .respond(let response, let disposition):
            let final = disposition == .canned ? applyRewriters(response, call: call, core: core) : response
            if losingResponse {
                core.state.withLock { $0.record(call, status: nil, disposition: .injected(.responseLost)) }
                reset(context)
                return
            }
            core.state.withLock { $0.record(call, status: final.status, disposition: disposition) }
            write(final, keepAlive: request.head.isKeepAlive, context: context)
        case .forward:
            let bound = context.loopBound
            core.upstream.send(head: request.head, body: request.body, on: context.eventLoop)
                .whenComplete { result in
                    let context = bound.value
                    switch result {
                    case .success(let upstreamResponse):
                        let forwarded = ProxiedResponse(
                            status: Int(upstreamResponse.head.status.code), headers: upstreamResponse.head.headers,
                            body: upstreamResponse.body.map { String(buffer: $0) } ?? "")
                        let observed = core.state.withLock { $0.observe(call, forwarded, now: Date()) }
                        let final = applyRewriters(observed, call: call, core: core)
                        if losingResponse {
                            core.state.withLock { $0.record(call, status: nil, disposition: .injected(.responseLost)) }
                            reset(context)
                            return
                        }
                        core.state.withLock { $0.record(call, status: final.status, disposition: .forwarded) }
                        write(final, keepAlive: request.head.isKeepAlive, context: context)
                    case .failure:
                        core.state.withLock { $0.record(call, status: 502, disposition: .upstreamFailed) }
                        write(.html(status: 502), keepAlive: false, context: context)
                    }
                }
        }
    }

    /// Closes the client's connection with a TCP reset (SO_LINGER 0), no response.
    private static func reset(_ context: ChannelHandlerContext) {
        let bound = context.loopBound
        if let socket = context.channel as? any SocketOptionProvider {
            socket.setSoLinger(linger(l_onoff: 1, l_linger: 0)).whenComplete { _ in bound.value.close(promise: nil) }
        } else {
            context.close(promise: nil)
        }
    }

    private static func applyRewriters(_ response: ProxiedResponse, call: ProxiedCall, core: ProxyCore)
        -> ProxiedResponse
    {
        let rewriters = core.state.withLock { $0.rewriters(for: call) }
        return rewriters.reduce(response) { current, rewriter in rewriter.rewrite(call, current) ?? current }
    }

    private static func write(_ response: ProxiedResponse, keepAlive: Bool, context: ChannelHandlerContext) {
        var headers = response.headers
        headers.remove(name: "transfer-encoding")
        headers.remove(name: "connection")
        headers.replaceOrAdd(name: "content-length", value: String(response.body.utf8.count))
        if !keepAlive { headers.add(name: "connection", value: "close") }
        let head = HTTPResponseHead(
            version: .http1_1, status: HTTPResponseStatus(statusCode: response.status), headers: headers)
        context.write(NIOAny(HTTPServerResponsePart.head(head)), promise: nil)
        let buffer = context.channel.allocator.buffer(string: response.body)
        context.write(NIOAny(HTTPServerResponsePart.body(.byteBuffer(buffer))), promise: nil)
        let bound = context.loopBound
        context.writeAndFlush(NIOAny(HTTPServerResponsePart.end(nil))).whenComplete { _ in
            if !keepAlive { bound.value.close(promise: nil) }
        }
    }
}
