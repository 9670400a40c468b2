/// A failure of the test harness itself (moto_server, the fault proxy, helper processes).
public struct HarnessError: Error, CustomStringConvertible, Sendable {
    private enum Code: Sendable {
        case notInstalled(String, hint: String)
        case noFreePort
        case startFailed(String)
        case notReady(String)
        case processFailed(String)
        case badResponse(String)
    }

    private let code: Code

    private init(_ code: Code) { self.code = code }

    /// An executable the harness needs is not on `PATH`.
    public static func notInstalled(_ executable: String, hint: String = "") -> HarnessError {
        .init(.notInstalled(executable, hint: hint))
    }
    /// No loopback port could be bound.
    public static let noFreePort = HarnessError(.noFreePort)
    /// A server process exited or could not be launched.
    public static func startFailed(_ detail: String) -> HarnessError { .init(.startFailed(detail)) }
    /// A server did not answer within its start-up bound.
    public static func notReady(_ detail: String) -> HarnessError { .init(.notReady(detail)) }
    /// A helper process exited non-zero.
    public static func processFailed(_ detail: String) -> HarnessError { .init(.processFailed(detail)) }
    /// A server answered something unexpected.
    public static func badResponse(_ detail: String) -> HarnessError { .init(.badResponse(detail)) }

    public var description: String {
        switch code {
        case .notInstalled(let exe, let hint):
            return "\(exe) is not installed or not on PATH" + (hint.isEmpty ? "" : " (\(hint))")
        case .noFreePort: return "no free loopback port"
        case .startFailed(let detail): return "server failed to start: \(detail)"
        case .notReady(let detail): return "server did not become ready: \(detail)"
        case .processFailed(let detail): return "helper process failed: \(detail)"
        case .badResponse(let detail): return "unexpected response: \(detail)"
        }
    }
}
