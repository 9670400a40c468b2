import Foundation

/// Runs the built `kiln` executable as a subprocess.
struct KilnProcess {
    struct Result {
        var status: Int32
        var standardOutput: String
        var standardError: String

        var errorLines: [String] { standardError.split(separator: "\n").map(String.init) }
    }

    /// The `kiln` binary in the build products directory (beside the test bundle).
    static var executable: URL? {
        var candidates: [URL] = []
        if let bundle = Bundle.main.executableURL {
            candidates.append(bundle.deletingLastPathComponent().appendingPathComponent("kiln"))
        }
        candidates.append(
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("kiln"))
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        candidates.append(packageRoot.appendingPathComponent(".build/debug/kiln"))
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    /// Runs `kiln arguments…` in `directory`; output goes through temporary files so no pipe can fill up.
    static func run(_ arguments: [String], in directory: URL, environment: [String: String]? = nil) throws -> Result {
        guard let executable else { throw MissingExecutable() }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("kiln-out-\(UUID())")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outputURL = scratch.appendingPathComponent("stdout")
        let errorURL = scratch.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outputURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errorURL.path, contents: nil)
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        if let environment { process.environment = environment }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: outputURL)
        process.standardError = try FileHandle(forWritingTo: errorURL)
        try process.run()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus,
            standardOutput: try String(contentsOf: outputURL, encoding: .utf8),
            standardError: try String(contentsOf: errorURL, encoding: .utf8))
    }

    struct MissingExecutable: Error, CustomStringConvertible {
        var description: String { "the kiln executable was not found next to the test bundle" }
    }
}

/// A temporary directory of files, deleted when released.
final class TemporaryTree {
    let url: URL

    init(_ files: [String: String] = [:]) throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("kiln-cli-\(UUID())")
            .resolvingSymlinksInPath()
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        for (path, text) in files { try write(path, text) }
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }

    func write(_ path: String, _ text: String) throws {
        let file = url.appendingPathComponent(path)
        try FileManager.default.createDirectory(
            at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: file)
    }
}

/// Manifests for command tests.
enum Manifests {
    /// A valid manifest; `run` is the text after `run: ` (a block scalar by default, lines 15–17).
    static func valid(name: String = "web", run: String = "|\n        set -eu\n        apt-get update") -> String {
        """
        apiVersion: kiln/v1
        kind: Image
        metadata:
          name: \(name)
        spec:
          version: 1.0.0
          source:
            ami: ami-0abc1234
          build:
            region: us-east-1
            instanceType: t3.small
            instanceProfile: kiln-builder
          provision:
            - name: install
              run: \(run)

        """
    }
}
