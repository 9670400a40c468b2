import Hummingbird
import HummingbirdCore
import NIOCore

// MARK: - Bounds on clients

/// How long and how many: the HTTP server's idle and read timeouts and its connection limit.
public struct HTTPLimits: Sendable, Equatable {
    /// A connection without traffic is closed after this.
    public var idleTimeout: Duration
    /// A request must arrive whole (head and body) within this, else the connection is closed.
    public var readTimeout: Duration
    /// At most this many connections are open; more wait in the listen backlog until one closes.
    public var maxConnections: Int

    /// The daemon's defaults: 60s idle, 10s to read a request, 64 connections.
    public static let defaults = HTTPLimits(idleTimeout: .seconds(60), readTimeout: .seconds(10), maxConnections: 64)

    /// The limits of the daemon's settings.
    public init(_ settings: HTTPSettings) {
        self.init(
            idleTimeout: settings.idleTimeout, readTimeout: settings.readTimeout,
            maxConnections: settings.maxConnections)
    }

    /// Limits.
    public init(idleTimeout: Duration, readTimeout: Duration, maxConnections: Int) {
        self.idleTimeout = idleTimeout
        self.readTimeout = readTimeout
        self.maxConnections = max(maxConnections, 1)
    }

    var idleTimeoutAmount: TimeAmount { Self.amount(idleTimeout) }
    var readTimeoutAmount: TimeAmount { Self.amount(readTimeout) }

    static func amount(_ duration: Duration) -> TimeAmount {
        let (seconds, attoseconds) = duration.components
        return .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}

// MARK: - Who is asking

/// Hummingbird's basic request context plus the peer's address (to tell this host's requests from others).
public struct PeerRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The client's address; nil when unknown (in-process tests).
    public let peer: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = CoreRequestContextStorage(source: source)
        peer = source.channel.remoteAddress
    }

    /// Whether the request comes from this host: 127.0.0.0/8, ::1, an IPv4-mapped loopback, or a Unix socket.
    public var isLoopback: Bool { Self.isLoopback(peer) }

    static func isLoopback(_ address: SocketAddress?) -> Bool {
        switch address {
        case .unixDomainSocket: return true
        case .v4, .v6:
            guard let ip = address?.ipAddress else { return false }
            return ip.hasPrefix("127.") || ip == "::1" || ip.lowercased().hasPrefix("::ffff:127.")
        case nil: return false
        }
    }
}
