import Foundation

/// A TCP server on 127.0.0.1 that accepts connections and never says anything: the listening socket's backlog
/// completes every handshake, nothing ever reads or writes. For testing deadlines of git transfers.
public final class SilentServer: Sendable {
    /// The loopback port that accepts and stays silent.
    public let port: Int
    private let socket: Int32

    /// Listens on a free loopback port.
    public init() throws {
        #if canImport(Glibc)
            let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
            let socket = Darwin.socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard socket >= 0 else { throw HarnessError.startFailed("silent server: socket: errno \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = UInt32(0x7f00_0001).bigEndian
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                bind(socket, generic, length) == 0 && getsockname(socket, generic, &length) == 0
            }
        }
        guard bound, listen(socket, 64) == 0 else {
            close(socket)
            throw HarnessError.startFailed("silent server: bind/listen: errno \(errno)")
        }
        self.socket = socket
        self.port = Int(UInt16(bigEndian: address.sin_port))
    }

    deinit { close(socket) }

    /// `scheme://127.0.0.1:port/path`, e.g. `url("git", "origin.git")`.
    public func url(_ scheme: String, _ path: String = "origin.git") -> String {
        "\(scheme)://127.0.0.1:\(port)/\(path)"
    }
}
