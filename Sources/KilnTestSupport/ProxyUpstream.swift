import NIOCore
import NIOHTTP1
import NIOPosix

/// Sends one request to the upstream server on a fresh connection, byte for byte as received.
struct ProxyUpstream: Sendable {
    let host: String
    let port: Int

    /// Sends `head` and `body` unchanged (method, target, every header including `Host`) and collects the reply.
    func send(
        head: HTTPRequestHead,
        body: ByteBuffer?,
        on eventLoop: any EventLoop
    ) -> EventLoopFuture<NIOHTTPClientResponseFull> {
        let promise = eventLoop.makePromise(of: NIOHTTPClientResponseFull.self)
        let connected = ClientBootstrap(group: eventLoop)
            .connectTimeout(.seconds(10))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    try channel.pipeline.syncOperations.addHandlers([
                        NIOHTTPClientResponseAggregator(maxContentLength: 256 << 20),
                        UpstreamResponseHandler(promise: promise),
                    ])
                }
            }
            .connect(host: host, port: port)
        connected.whenFailure { promise.fail($0) }
        connected.whenSuccess { channel in
            channel.write(HTTPClientRequestPart.head(head), promise: nil)
            if let body, body.readableBytes > 0 {
                channel.write(HTTPClientRequestPart.body(.byteBuffer(body)), promise: nil)
            }
            channel.writeAndFlush(HTTPClientRequestPart.end(nil), promise: nil)
            promise.futureResult.whenComplete { _ in channel.close(promise: nil) }
        }
        return promise.futureResult
    }
}

/// Completes the promise with the aggregated response, or fails it if the connection ends first.
private final class UpstreamResponseHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = NIOHTTPClientResponseFull

    private let promise: EventLoopPromise<NIOHTTPClientResponseFull>

    init(promise: EventLoopPromise<NIOHTTPClientResponseFull>) {
        self.promise = promise
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        promise.succeed(unwrapInboundIn(data))
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        promise.fail(error)
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        promise.fail(ChannelError.eof)
        context.fireChannelInactive()
    }
}
