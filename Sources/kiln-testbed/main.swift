import Foundation
import KilnTestSupport

#if canImport(Glibc)
    import Glibc
#endif

// MARK: - kiln-testbed: moto_server behind the fault proxy, for the local environment

/// Starts moto_server and a FaultProxy in front of it on loopback, writes their endpoints to a file, and runs
/// until SIGTERM, SIGINT or the end of standard input; then stops both (moto by its PID).
///
/// Usage: kiln-testbed --env-file PATH [--ssm-in-progress-polls N]
///
/// The env file holds shell assignments: KILN_TESTBED_ENDPOINT (the proxy: point Kiln's AWS_ENDPOINT_URL here),
/// KILN_TESTBED_MOTO_ENDPOINT, KILN_TESTBED_MOTO_PID and KILN_TESTBED_PID. The proxy answers what moto lacks
/// (instance refreshes, DescribeInstanceInformation, ListCommandInvocations, launch-template version deletion,
/// image deprecation) and makes CreateImage with snapshot tags work. moto checks no signatures here.
struct Testbed {
    var envFile: String
    var ssmInProgressPolls = 0

    static func parse(_ arguments: [String]) -> Testbed? {
        var envFile: String?
        var polls = 0
        var iterator = arguments.dropFirst().makeIterator()
        while let argument = iterator.next() {
            switch argument {
            case "--env-file": envFile = iterator.next()
            case "--ssm-in-progress-polls": polls = iterator.next().flatMap(Int.init) ?? -1
            default: return nil
            }
        }
        guard let envFile, polls >= 0 else { return nil }
        return Testbed(envFile: envFile, ssmInProgressPolls: polls)
    }

    func run() async throws {
        let moto = try await MotoServer.start()
        defer { moto.stop() }
        let proxy = try await FaultProxy.start(upstream: moto.endpoint)
        defer { proxy.stop() }
        CreateImageWithoutSnapshotTags.install(on: proxy, moto: moto.endpoint)
        if ssmInProgressPolls > 0 {
            proxy.scriptCommands(containing: "", inProgressPolls: ssmInProgressPolls, outcome: .success())
        }
        let lines = [
            "KILN_TESTBED_ENDPOINT=\(proxy.endpoint.absoluteString)",
            "KILN_TESTBED_MOTO_ENDPOINT=\(moto.endpoint.absoluteString)",
            "KILN_TESTBED_MOTO_PID=\(moto.pid)",
            "KILN_TESTBED_PID=\(getpid())",
        ]
        let temporary = envFile + ".partial"
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: temporary))
        guard rename(temporary, envFile) == 0 else { throw TestbedError("cannot write \(envFile)") }
        print("kiln-testbed: AWS endpoint \(proxy.endpoint.absoluteString) (moto pid \(moto.pid))")
        await Self.waitForStop()
        print("kiln-testbed: stopping")
    }

    /// Returns on SIGTERM, SIGINT or end of standard input.
    static func waitForStop() async {
        signal(SIGTERM, SIG_IGN)
        signal(SIGINT, SIG_IGN)
        let (stream, continuation) = AsyncStream<Void>.makeStream()
        let signals = [SIGTERM, SIGINT].map { number in
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { continuation.yield() }
            source.resume()
            return source
        }
        let input = DispatchSource.makeReadSource(fileDescriptor: STDIN_FILENO, queue: .global())
        input.setEventHandler {
            var byte: UInt8 = 0
            if read(STDIN_FILENO, &byte, 1) <= 0 { continuation.yield() }
        }
        input.resume()
        for await _ in stream { break }
        withExtendedLifetime((signals, input)) {}
    }
}

struct TestbedError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}

guard let testbed = Testbed.parse(CommandLine.arguments) else {
    FileHandle.standardError.write(Data("usage: kiln-testbed --env-file PATH [--ssm-in-progress-polls N]\n".utf8))
    exit(64)
}
do {
    try await testbed.run()
} catch {
    FileHandle.standardError.write(Data("kiln-testbed: \(error)\n".utf8))
    exit(1)
}
