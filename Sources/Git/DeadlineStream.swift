internal import CLibGit2
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Kiln's replacement for libgit2's standard socket stream: the same TCP connection, but every wait (connect,
/// read, write) ends at the transfer's deadline or when the transfer is cancelled.
///
/// libgit2 1.5 has no socket timeout of its own. Its TLS stream (mbedTLS) wraps the standard stream, so `https://`
/// is covered as `http://` and `git://` are; the ssh transport casts the standard stream to libgit2's private
/// `git_socket_stream` and gives the descriptor to libssh2, which reads it itself: `kiln_socket_stream` keeps that
/// layout, and the transfer's watchdog shuts the socket down at the deadline, which ends libssh2's wait too.
///
/// The stream finds its transfer through a thread-local set by `TransferContext.run` (libgit2 transfers run
/// synchronously on the calling thread) and keeps it retained until libgit2 frees the stream.
enum DeadlineStream {
    /// Registers the stream as libgit2's `GIT_STREAM_STANDARD` (libgit2 copies the registration).
    static func register() -> Int32 {
        var registration = git_stream_registration()
        registration.version = GIT_STREAM_VERSION
        registration.`init` = { out, host, port in DeadlineStream.create(out, host: host, port: port) }
        registration.wrap = nil
        return git_stream_register(GIT_STREAM_STANDARD, &registration)
    }

    /// Runs `call` with `context` as the transfer of every stream it creates on this thread.
    static func during(_ context: TransferContext, _ call: () -> Int32) -> Int32 {
        pthread_setspecific(currentTransfer, Unmanaged.passUnretained(context).toOpaque())
        defer { pthread_setspecific(currentTransfer, nil) }
        return call()
    }

    // MARK: - The stream's functions

    private static func create(
        _ out: UnsafeMutablePointer<UnsafeMutablePointer<git_stream>?>?, host: UnsafePointer<CChar>?,
        port: UnsafePointer<CChar>?
    ) -> Int32 {
        guard let out, let host, let port else { return fail("invalid socket stream arguments") }
        let stream = UnsafeMutablePointer<kiln_socket_stream>.allocate(capacity: 1)
        stream.initialize(to: kiln_socket_stream())
        stream.pointee.parent.version = GIT_STREAM_VERSION
        stream.pointee.parent.connect = { DeadlineStream.connect($0) }
        stream.pointee.parent.read = { DeadlineStream.read($0, $1, $2) }
        stream.pointee.parent.write = { parent, data, length, _ in DeadlineStream.write(parent, data, length) }
        stream.pointee.parent.close = { DeadlineStream.close($0) }
        stream.pointee.parent.free = { DeadlineStream.release($0) }
        stream.pointee.host = strdup(host)
        stream.pointee.port = strdup(port)
        stream.pointee.s = -1
        if let current = pthread_getspecific(currentTransfer) {
            stream.pointee.transfer = Unmanaged<TransferContext>.fromOpaque(current).retain().toOpaque()
        }
        out.pointee = UnsafeMutableRawPointer(stream).assumingMemoryBound(to: git_stream.self)
        return 0
    }

    private static func connect(_ parent: UnsafeMutablePointer<git_stream>?) -> Int32 {
        guard let stream = socketStream(parent), let host = stream.pointee.host, let port = stream.pointee.port else {
            return fail("invalid socket stream")
        }
        let context = transfer(of: stream)
        let hostName = String(cString: host)
        let addresses: UnsafeMutablePointer<addrinfo>?
        switch HostResolution.resolve(host: hostName, port: String(cString: port), context: context) {
        case .addresses(let resolved): addresses = resolved
        case .failed(let code):
            return fail("failed to resolve address for \(hostName): \(String(cString: gai_strerror(code)))")
        case .stopped: return stopped(context)
        }
        defer { freeaddrinfo(addresses) }
        var problem = "failed to connect to \(hostName)"
        var cursor = addresses
        while let address = cursor {
            cursor = address.pointee.ai_next
            let socket = Glibc.socket(
                address.pointee.ai_family, address.pointee.ai_socktype | Int32(SOCK_CLOEXEC.rawValue),
                address.pointee.ai_protocol)
            guard socket >= 0 else { continue }
            guard context?.adopt(socket: socket) ?? true else {
                Glibc.close(socket)
                return stopped(context)
            }
            _ = fcntl(socket, F_SETFL, fcntl(socket, F_GETFL) | O_NONBLOCK)
            if Glibc.connect(socket, address.pointee.ai_addr, address.pointee.ai_addrlen) == 0
                || errno == EINPROGRESS
            {
                switch wait(socket, for: Int16(POLLOUT), context) {
                case .ready:
                    var error: Int32 = 0
                    var length = socklen_t(MemoryLayout<Int32>.size)
                    if getsockopt(socket, SOL_SOCKET, SO_ERROR, &error, &length) == 0, error == 0 {
                        stream.pointee.s = socket
                        return 0
                    }
                    problem = "failed to connect to \(hostName): \(String(cString: strerror(error)))"
                case .stopped:
                    closeSocket(socket, context)
                    return stopped(context)
                case .failed(let code):
                    problem = "failed to connect to \(hostName): \(String(cString: strerror(code)))"
                }
            } else {
                problem = "failed to connect to \(hostName): \(String(cString: strerror(errno)))"
            }
            closeSocket(socket, context)
        }
        return fail(problem, errorClass: GIT_ERROR_OS)
    }

    private static func read(
        _ parent: UnsafeMutablePointer<git_stream>?, _ data: UnsafeMutableRawPointer?, _ length: Int
    ) -> Int {
        guard let stream = socketStream(parent), stream.pointee.s >= 0 else { return Int(fail("socket not connected")) }
        let context = transfer(of: stream)
        while true {
            switch wait(stream.pointee.s, for: Int16(POLLIN), context) {
            case .stopped: return Int(stopped(context))
            case .failed(let code): return Int(fail("error receiving data from socket: \(describe(code))"))
            case .ready: break
            }
            if context?.isStopped == true { return Int(stopped(context)) }
            let count = recv(stream.pointee.s, data, length, 0)
            if count >= 0 { return count }
            if [EAGAIN, EWOULDBLOCK, EINTR].contains(errno) { continue }
            return Int(fail("error receiving data from socket: \(describe(errno))"))
        }
    }

    private static func write(
        _ parent: UnsafeMutablePointer<git_stream>?, _ data: UnsafePointer<CChar>?, _ length: Int
    ) -> Int {
        guard let stream = socketStream(parent), stream.pointee.s >= 0 else { return Int(fail("socket not connected")) }
        let context = transfer(of: stream)
        while true {
            switch wait(stream.pointee.s, for: Int16(POLLOUT), context) {
            case .stopped: return Int(stopped(context))
            case .failed(let code): return Int(fail("error sending data to socket: \(describe(code))"))
            case .ready: break
            }
            if context?.isStopped == true { return Int(stopped(context)) }
            let count = send(stream.pointee.s, data, length, Int32(MSG_NOSIGNAL))
            if count >= 0 { return count }
            if [EAGAIN, EWOULDBLOCK, EINTR].contains(errno) { continue }
            return Int(fail("error sending data to socket: \(describe(errno))"))
        }
    }

    private static func close(_ parent: UnsafeMutablePointer<git_stream>?) -> Int32 {
        guard let stream = socketStream(parent) else { return 0 }
        if stream.pointee.s >= 0 {
            closeSocket(stream.pointee.s, transfer(of: stream))
            stream.pointee.s = -1
        }
        return 0
    }

    private static func release(_ parent: UnsafeMutablePointer<git_stream>?) {
        guard let stream = socketStream(parent) else { return }
        if stream.pointee.s >= 0 { _ = close(parent) }
        free(stream.pointee.host)
        free(stream.pointee.port)
        if let transfer = stream.pointee.transfer {
            Unmanaged<TransferContext>.fromOpaque(transfer).release()
        }
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    // MARK: - Waiting

    private enum Wait {
        case ready
        case stopped
        case failed(Int32)
    }

    /// Polls `socket` for `events` until it is ready, the deadline passes or the transfer is cancelled (outside a
    /// transfer: until it is ready).
    private static func wait(_ socket: Int32, for events: Int16, _ context: TransferContext?) -> Wait {
        while true {
            if context?.isStopped == true { return .stopped }
            let remaining = context?.remainingMilliseconds
            if remaining == 0 {
                context?.expire()
                return .stopped
            }
            // Short slices, so that a cancellation is seen even where shutting the socket down wakes nothing.
            var descriptor = pollfd(fd: socket, events: events, revents: 0)
            let result = poll(&descriptor, 1, Int32(clamping: min(remaining ?? 250, 250)))
            if result > 0 { return .ready }
            if result < 0, errno != EINTR { return .failed(errno) }
        }
    }

    // MARK: - Helpers

    private static let currentTransfer: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()

    private static func socketStream(
        _ parent: UnsafeMutablePointer<git_stream>?
    ) -> UnsafeMutablePointer<kiln_socket_stream>? {
        parent.map { UnsafeMutableRawPointer($0).assumingMemoryBound(to: kiln_socket_stream.self) }
    }

    private static func transfer(of stream: UnsafeMutablePointer<kiln_socket_stream>) -> TransferContext? {
        stream.pointee.transfer.map { Unmanaged<TransferContext>.fromOpaque($0).takeUnretainedValue() }
    }

    private static func closeSocket(_ socket: Int32, _ context: TransferContext?) {
        context?.forget(socket: socket)
        Glibc.close(socket)
    }

    private static func describe(_ code: Int32) -> String { String(cString: strerror(code)) }

    /// Sets libgit2's error message and returns -1.
    private static func fail(_ message: String, errorClass: git_error_t = GIT_ERROR_NET) -> Int32 {
        git_error_set_str(Int32(errorClass.rawValue), message)
        return -1
    }

    private static func stopped(_ context: TransferContext?) -> Int32 {
        fail(context?.isExpired == true ? "the transfer's deadline passed" : "the transfer was cancelled")
    }
}
