#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

// MARK: - Lock file errors

/// Why the host lock could not be taken.
public struct LockFileError: Error, Sendable, Hashable, CustomStringConvertible {
    private enum Code: Sendable, Hashable {
        case held(holder: Int32?)
        case cannotOpen(errno: Int32)
        case cannotLock(errno: Int32)
        case cannotWrite(errno: Int32)
    }

    private let code: Code
    /// The lock file's path.
    public let path: String

    private init(_ code: Code, path: String) {
        self.code = code
        self.path = path
    }

    static func held(path: String, holder: Int32?) -> LockFileError { .init(.held(holder: holder), path: path) }
    static func cannotOpen(path: String, errno: Int32) -> LockFileError { .init(.cannotOpen(errno: errno), path: path) }
    static func cannotLock(path: String, errno: Int32) -> LockFileError { .init(.cannotLock(errno: errno), path: path) }
    static func cannotWrite(path: String, errno: Int32) -> LockFileError {
        .init(.cannotWrite(errno: errno), path: path)
    }

    /// Another process holds the lock.
    public var isHeldElsewhere: Bool {
        if case .held = code { return true }
        return false
    }

    /// The process id the holder wrote into the file, when another process holds the lock and it is readable.
    public var holderPID: Int32? {
        if case .held(let holder) = code { return holder }
        return nil
    }

    public var description: String {
        switch code {
        case .held(let holder?):
            "another Kiln daemon (pid \(holder)) holds the lock \(path); only one may run on a host"
        case .held(nil):
            "another process holds the lock \(path); only one Kiln daemon may run on a host"
        case .cannotOpen(let number):
            "cannot open the lock file \(path): \(Self.message(number))"
        case .cannotLock(let number):
            "cannot lock \(path): \(Self.message(number))"
        case .cannotWrite(let number):
            "cannot write the process id into \(path): \(Self.message(number))"
        }
    }

    private static func message(_ number: Int32) -> String {
        guard let text = strerror(number) else { return "errno \(number)" }
        return String(cString: text)
    }
}
