import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

// MARK: - Who holds a lease

/// Identities written into a lease's `holder` attribute.
public enum LeaseHolder {
    /// `host:pid:random`: the host and process to look for, and a random part that tells apart two processes
    /// that reuse a process id (a restart in a container, say).
    public static func current() -> String {
        let host = ProcessInfo.processInfo.hostName
        let random = (0..<4).map { _ in
            let byte = UInt8.random(in: 0...255)
            return (byte < 16 ? "0" : "") + String(byte, radix: 16)
        }.joined()
        return "\(host):\(getpid()):\(random)"
    }
}
