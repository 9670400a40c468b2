/// How Kiln talks to a remote beyond credentials: which certificate authorities it trusts and how long a transfer
/// may take.
public struct GitTransferSettings: Sendable, Hashable {
    /// The default deadline of one fetch or push.
    public static let defaultTimeout: Duration = .seconds(120)

    /// A PEM file of certificate authorities that replaces the system's trust store for `https://` remotes; nil
    /// trusts the system's (`/etc/ssl/certs/ca-certificates.crt`).
    public var caFile: String?
    /// The longest one fetch or push may take, from the first connection to the last byte; it holds when the
    /// server accepts the connection and never answers.
    public var timeout: Duration

    /// Settings; by default the system's trust store and a 2-minute deadline.
    public init(caFile: String? = nil, timeout: Duration = GitTransferSettings.defaultTimeout) {
        self.caFile = caFile
        self.timeout = timeout
    }
}

extension Duration {
    /// The whole duration in nanoseconds, saturating.
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (whole, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        return overflow ? .max : whole.addingReportingOverflow(attoseconds / 1_000_000_000).partialValue
    }

    /// `2m`, `90s`, `1500ms`: how Kiln's configuration writes durations.
    var kilnDescription: String {
        let milliseconds = nanoseconds / 1_000_000
        if milliseconds % 60_000 == 0 { return "\(milliseconds / 60_000)m" }
        if milliseconds % 1000 == 0 { return "\(milliseconds / 1000)s" }
        return "\(milliseconds)ms"
    }
}
