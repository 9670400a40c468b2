import NIOCore
import NIOPosix

/// Picks free TCP ports on the loopback interface.
public enum PortAllocator {
    /// Returns a port that was free a moment ago: binds 127.0.0.1:0, reads the port, releases it.
    ///
    /// Another process may take the port before the caller binds it; callers retry on collision.
    public static func freeLoopbackPort() async throws -> Int {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .bind(host: "127.0.0.1", port: 0)
            .get()
        let port = channel.localAddress?.port
        try await channel.close()
        guard let port else { throw HarnessError.noFreePort }
        return port
    }
}

extension PortAllocator {
    /// Whether something accepts TCP connections on 127.0.0.1:`port` (a single attempt, no retries).
    public static func isListening(port: Int) async -> Bool {
        do {
            let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(.seconds(5))
                .connect(host: "127.0.0.1", port: port)
                .get()
            try? await channel.close()
            return true
        } catch {
            return false
        }
    }
}
