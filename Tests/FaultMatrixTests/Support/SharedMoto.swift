import KilnTestSupport
import Testing

/// One `moto_server` for a whole suite, stopped when the suite ends; each run resets it.
struct SharedMoto: SuiteTrait, TestScoping {
    @TaskLocal static var current: MotoServer?

    var isRecursive: Bool { false }

    func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        let moto = try await MotoServer.start()
        defer { moto.stop() }
        try await SharedMoto.$current.withValue(moto) { try await function() }
    }

    /// The suite's server.
    static func server() throws -> MotoServer {
        try #require(current, "the suite needs the .sharedMoto trait")
    }
}

extension Trait where Self == SharedMoto {
    /// Starts one moto_server for the suite.
    static var sharedMoto: SharedMoto { SharedMoto() }
}
