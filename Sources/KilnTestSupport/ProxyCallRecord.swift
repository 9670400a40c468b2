/// How the proxy handled a call.
public enum ProxyDisposition: Sendable, Hashable {
    /// Forwarded to moto (the response may have been rewritten).
    case forwarded
    /// Answered by the proxy's own simulation of an action moto lacks.
    case canned
    /// Answered with an injected error.
    case injected(Fault)
    /// The client's connection was closed without a response.
    case connectionReset
    /// Forwarding failed (moto unreachable); the client got HTTP 502.
    case upstreamFailed
}

/// One entry of the proxy's call log.
public struct ProxyCallRecord: Sendable {
    public var sequence: Int
    public var service: String
    public var region: String
    public var action: String
    /// The HTTP status sent to the client, nil after a connection reset.
    public var status: Int?
    public var disposition: ProxyDisposition
}

/// A (service, action) pair, the key of per-action counts.
public struct ActionKey: Sendable, Hashable, CustomStringConvertible {
    public var service: String
    public var action: String

    public var description: String { "\(service):\(action)" }
}
