@testable import Controller

extension HTTPLimits {
    /// Limits for tests whose client is a task on a busy machine: Hummingbird's live test client opens its
    /// connection before the test's task writes the request, and a loaded test run can keep that task waiting longer
    /// than the daemon's 10-second read timeout. The timeouts themselves are tested with their own limits.
    static let patient = HTTPLimits(idleTimeout: .seconds(300), readTimeout: .seconds(120), maxConnections: 64)
}
