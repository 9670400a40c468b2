import Foundation
import KilnTestSupport
import Testing

/// The built `kiln daemon`: the host lock file and the DynamoDB lease as an operator configures them.
@Suite("kiln daemon: one writer", .serialized)
struct DaemonOneWriterTests {
    @Test("a second kiln daemon on the same host exits at once, naming the first one's process id")
    func secondDaemonFailsFast() async throws {
        let scratch = try ProcessRunner.makeTemporaryDirectory(prefix: "kiln-one-writer")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let remote = try await Self.repository()
        // Nothing listens on this port: the first daemon's cycles fail and back off, which is all this needs.
        let unreachable = "http://127.0.0.1:\(try await PortAllocator.freeLoopbackPort())"
        let config = try await Self.writeConfig(in: scratch, name: "host", remote: remote.fileURL)
        let environment = Self.environment(endpoint: unreachable, scratch: scratch)

        let first = try ChildProcess(
            "kiln", ["daemon", "--config", config.path], environment: environment,
            log: scratch.appendingPathComponent("kiln-1.log"))
        defer { first.terminate() }
        let lockFile = scratch.appendingPathComponent("cache-host/kiln.lock")
        let locked = try await ChildProcess.waitUntil(seconds: 60) {
            (try? String(contentsOf: lockFile, encoding: .utf8)) == "\(first.pid)\n" || !first.isRunning
        }
        try #require(locked && first.isRunning, "the first daemon did not take the lock: \(first.output.suffix(2000))")

        let second = try ChildProcess(
            "kiln", ["daemon", "--config", config.path], environment: environment,
            log: scratch.appendingPathComponent("kiln-2.log"))
        let status = try await second.waitForExit(seconds: 30)
        if status == nil { await second.stop() }
        #expect(status == 1, "the second daemon did not exit at once: \(second.output.suffix(2000))")
        #expect(second.output.contains("another Kiln daemon (pid \(first.pid)) holds the lock"), "\(second.output)")
        #expect(first.isRunning)

        first.terminate()
        #expect(try await first.waitForExit(seconds: 30) == 0, "\(first.output.suffix(2000))")
        #expect((try? String(contentsOf: lockFile, encoding: .utf8)) == "", "the pid stays in the lock file")
    }

    @Test("with lease.dynamodbTable, one daemon bakes while the other stands by, and takes over when it stops")
    func sharedLease() async throws {
        let scratch = try ProcessRunner.makeTemporaryDirectory(prefix: "kiln-shared-lease")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let envFile = scratch.appendingPathComponent("testbed.env")
        let testbed = try ChildProcess(
            "kiln-testbed", ["--env-file", envFile.path, "--ssm-in-progress-polls", "8"],
            log: scratch.appendingPathComponent("testbed.log"))
        defer { testbed.process.waitUntilExit() }
        defer { testbed.terminate() }
        try #require(
            try await ChildProcess.waitUntil(seconds: 90) { FileManager.default.fileExists(atPath: envFile.path) },
            "kiln-testbed did not start: \(testbed.output)")
        let endpoints = try DaemonRestartTests.parse(envFile)
        let proxy = try #require(endpoints["KILN_TESTBED_ENDPOINT"])
        let moto = try #require(endpoints["KILN_TESTBED_MOTO_ENDPOINT"].flatMap(URL.init(string:)))
        try await Boto.run(
            """
            client('iam').create_instance_profile(InstanceProfileName='kiln-builder')
            client('dynamodb').create_table(TableName='kiln-lease', BillingMode='PAY_PER_REQUEST',
                AttributeDefinitions=[{'AttributeName': 'pk', 'AttributeType': 'S'}],
                KeySchema=[{'AttributeName': 'pk', 'KeyType': 'HASH'}])
            """, endpoint: moto)
        let remote = try await Self.repository()
        let lease = "lease: {dynamodbTable: kiln-lease, region: us-east-1, duration: 6s}"
        let environment = Self.environment(endpoint: proxy, scratch: scratch)
        let configA = try await Self.writeConfig(in: scratch, name: "a", remote: remote.fileURL, extra: lease)
        let configB = try await Self.writeConfig(in: scratch, name: "b", remote: remote.fileURL, extra: lease)

        let first = try ChildProcess(
            "kiln", ["daemon", "--config", configA.path], environment: environment,
            log: scratch.appendingPathComponent("kiln-a.log"))
        defer { first.terminate() }
        try #require(
            try await ChildProcess.waitUntil(seconds: 60) {
                first.output.contains("holding the lease") || !first.isRunning
            }, "the first daemon never took the lease: \(first.output.suffix(2000))")
        #expect(try await Self.leaseHolder(moto)?.contains(":\(first.pid):") == true)

        let second = try ChildProcess(
            "kiln", ["daemon", "--config", configB.path], environment: environment,
            log: scratch.appendingPathComponent("kiln-b.log"))
        defer { second.terminate() }
        try #require(
            try await ChildProcess.waitUntil(seconds: 60) {
                second.output.contains("standing by") || !second.isRunning
            }, "the second daemon did not stand by: \(second.output.suffix(2000))")
        let midBake = try await ChildProcess.waitUntil(seconds: 120) {
            first.output.contains("action=sendStepCommand") || !first.isRunning
        }
        try #require(midBake && first.isRunning, "the bake never reached provisioning: \(first.output.suffix(2000))")
        #expect(!second.output.contains("holding the lease"), "both daemons acted: \(second.output.suffix(2000))")
        #expect(!second.output.contains("action="), "the standby acted: \(second.output.suffix(2000))")

        // The holder stops gracefully and hands the lease over; the standby takes it and finishes the same bake.
        first.terminate()
        #expect(try await first.waitForExit(seconds: 30) == 0, "\(first.output.suffix(2000))")
        let finished = try await ChildProcess.waitUntil(seconds: 180) {
            let world = try await DaemonRestartTests.World.read(moto)
            return world.images == 1 && world.builders.values.allSatisfy { $0 == "terminated" }
        }
        #expect(finished, "the standby did not finish the bake: \(second.output.suffix(3000))")
        #expect(second.output.contains("holding the lease"))
        #expect(try await Self.leaseHolder(moto)?.contains(":\(second.pid):") == true)
        let end = try await DaemonRestartTests.World.read(moto)
        #expect(end.images == 1)
        #expect(end.builders.count == 1, "a second builder was launched: \(end.builders)")
        await second.stop()
    }

    // MARK: - Set-up

    /// A bare repository with one manifest on `main`.
    static func repository() async throws -> GitRepositoryHandle {
        let fixture = try GitFixture()
        let remote = try fixture.makeBareRepository("images.git")
        let work = try fixture.clone(remote, as: "work")
        try work.commit(["manifests/web.yaml": OpsManifests.image()], message: "Add web")
        try work.git("push", "-q", "origin", "HEAD:main")
        return GitRepositoryHandle(fixture: fixture, fileURL: remote.fileURL)
    }

    /// A daemon configuration with its own cache directory and listen port.
    static func writeConfig(in scratch: URL, name: String, remote: String, extra: String = "") async throws -> URL {
        let config = scratch.appendingPathComponent("kiln-\(name).yaml")
        try Data(
            """
            repository: {url: "\(remote)", branch: main}
            owner: kiln-one-writer-test
            poll: {interval: 2s, jitter: 1s, resync: 1m, recheck: 1s, backoffInitial: 1s, backoffMax: 2s}
            http: {listen: "127.0.0.1:\(try await PortAllocator.freeLoopbackPort())"}
            cacheDir: "\(scratch.appendingPathComponent("cache-\(name)").path)"
            log: {format: text, level: info}
            \(extra)

            """.utf8
        ).write(to: config)
        return config
    }

    /// AWS through `endpoint` with test credentials and empty shared files.
    static func environment(endpoint: String, scratch: URL) -> [String: String] {
        let empty = scratch.appendingPathComponent("aws-config")
        FileManager.default.createFile(atPath: empty.path, contents: Data())
        return [
            "AWS_ENDPOINT_URL": endpoint, "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_REGION": "us-east-1", "AWS_CONFIG_FILE": empty.path, "AWS_SHARED_CREDENTIALS_FILE": empty.path,
            "AWS_EC2_METADATA_DISABLED": "true",
        ]
    }

    /// The `holder` of the owner's lease item, read from moto with boto3.
    static func leaseHolder(_ moto: URL) async throws -> String? {
        let output = try await Boto.run(
            """
            item = client('dynamodb').get_item(TableName='kiln-lease',
                Key={'pk': {'S': 'kiln-one-writer-test'}}).get('Item')
            print(item['holder']['S'] if item else '')
            """, endpoint: moto)
        let holder = output.trimmingCharacters(in: .whitespacesAndNewlines)
        return holder.isEmpty ? nil : holder
    }
}

/// A bare repository and the fixture that keeps its directory alive.
struct GitRepositoryHandle {
    let fixture: GitFixture
    let fileURL: String
}
