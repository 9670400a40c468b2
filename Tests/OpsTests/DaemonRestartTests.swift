import Foundation
import KilnTestSupport
import Testing

/// The built `kiln daemon` against moto behind the fault proxy (`kiln-testbed`), stopped with SIGTERM mid-bake.
@Suite("kiln daemon: SIGTERM during a bake, then restart", .serialized)
struct DaemonRestartTests {
    @Test("SIGTERM mid-bake stops the daemon cleanly; the restarted daemon finishes the same bake")
    func sigtermThenResume() async throws {
        let scratch = try ProcessRunner.makeTemporaryDirectory(prefix: "kiln-restart")
        defer { try? FileManager.default.removeItem(at: scratch) }

        // AWS: every SSM command stays InProgress for 6 polls, so the bake is mid-way for a while.
        let envFile = scratch.appendingPathComponent("testbed.env")
        let testbed = try ChildProcess(
            "kiln-testbed", ["--env-file", envFile.path, "--ssm-in-progress-polls", "6"],
            log: scratch.appendingPathComponent("testbed.log"))
        defer { testbed.process.waitUntilExit() }
        defer { testbed.terminate() }
        try #require(
            try await ChildProcess.waitUntil(seconds: 90) { FileManager.default.fileExists(atPath: envFile.path) },
            "kiln-testbed did not start: \(testbed.output)")
        let endpoints = try Self.parse(envFile)
        let proxy = try #require(endpoints["KILN_TESTBED_ENDPOINT"])
        let moto = try #require(endpoints["KILN_TESTBED_MOTO_ENDPOINT"].flatMap(URL.init(string:)))
        try await Boto.run("client('iam').create_instance_profile(InstanceProfileName='kiln-builder')", endpoint: moto)

        // git: a bare repository with one manifest.
        let fixture = try GitFixture()
        let remote = try fixture.makeBareRepository("images.git")
        let work = try fixture.clone(remote, as: "work")
        try work.commit(["manifests/web.yaml": OpsManifests.image()], message: "Add web")
        try work.git("push", "-q", "origin", "HEAD:main")

        let config = scratch.appendingPathComponent("kiln.yaml")
        try Data(
            """
            repository: {url: "\(remote.fileURL)", branch: main}
            owner: kiln-restart-test
            poll: {interval: 2s, jitter: 1s, resync: 1m, recheck: 1s, backoffInitial: 1s, backoffMax: 2s}
            http: {listen: "127.0.0.1:\(try await PortAllocator.freeLoopbackPort())"}
            cacheDir: "\(scratch.appendingPathComponent("cache").path)"
            log: {format: text, level: info}

            """.utf8
        ).write(to: config)
        let environment = [
            "AWS_ENDPOINT_URL": proxy, "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_REGION": "us-east-1", "AWS_CONFIG_FILE": "/dev/null", "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
            "AWS_EC2_METADATA_DISABLED": "true",
        ]

        // First run: wait until the first provisioning command is in flight, then SIGTERM.
        let first = try ChildProcess(
            "kiln", ["daemon", "--config", config.path], environment: environment,
            log: scratch.appendingPathComponent("kiln-1.log"))
        let midBake = try await ChildProcess.waitUntil(seconds: 120) {
            first.output.contains("action=sendStepCommand") || !first.isRunning
        }
        try #require(midBake && first.isRunning, "the bake never reached provisioning: \(first.output.suffix(2000))")
        first.terminate()
        let status = try await first.waitForExit(seconds: 30)
        #expect(status == 0, "kiln daemon did not exit cleanly within 30 s: \(first.output.suffix(2000))")
        if status == nil { await first.stop() }
        let world = try await World.read(moto)
        #expect(world.images == 0, "the bake was finished before SIGTERM; the test proves nothing")
        #expect(world.builders.count == 1)

        // Second run: it resumes from the tags and finishes the bake with the builder the first one launched.
        let second = try ChildProcess(
            "kiln", ["daemon", "--config", config.path], environment: environment,
            log: scratch.appendingPathComponent("kiln-2.log"))
        let finished = try await ChildProcess.waitUntil(seconds: 180) {
            let world = try await World.read(moto)
            return world.images == 1 && world.builders.values.allSatisfy { $0 == "terminated" }
        }
        await second.stop()
        #expect(finished, "the restarted daemon did not finish the bake: \(second.output.suffix(3000))")
        let end = try await World.read(moto)
        #expect(end.images == 1)
        #expect(end.builders.count == 1, "a second builder was launched: \(end.builders)")
        #expect(end.builders.values.allSatisfy { $0 == "terminated" }, "an orphaned builder: \(end.builders)")
    }

    static func parse(_ envFile: URL) throws -> [String: String] {
        let text = try String(contentsOf: envFile, encoding: .utf8)
        return Dictionary(
            text.split(separator: "\n").compactMap { line -> (String, String)? in
                let parts = line.split(separator: "=", maxSplits: 1).map(String.init)
                return parts.count == 2 ? (parts[0], parts[1]) : nil
            }
        ) { first, _ in first }
    }

    /// What moto holds, read with boto3 (not through Kiln).
    struct World: Decodable {
        /// Kiln's images of `web`, any state but deregistered.
        var images: Int
        /// Builder instance id → state.
        var builders: [String: String]

        static func read(_ moto: URL) async throws -> World {
            let script = """
                import json, os, boto3
                ec2 = boto3.client('ec2', region_name='us-east-1', endpoint_url=os.environ['KILN_MOTO_ENDPOINT'])
                images = ec2.describe_images(Owners=['self'],
                    Filters=[{'Name': 'tag:kiln:image', 'Values': ['web']}])['Images']
                builders = {i['InstanceId']: i['State']['Name']
                    for r in ec2.describe_instances(Filters=[{'Name': 'tag:kiln:role', 'Values': ['builder']}])['Reservations']
                    for i in r['Instances']}
                print(json.dumps({'images': len(images), 'builders': builders}))
                """
            let output = try await ProcessRunner.run(
                "python3", ["-c", script],
                environment: [
                    "KILN_MOTO_ENDPOINT": moto.absoluteString, "AWS_ACCESS_KEY_ID": "testing",
                    "AWS_SECRET_ACCESS_KEY": "testing", "AWS_CONFIG_FILE": "/dev/null",
                    "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
                ])
            try #require(output.status == 0, "boto3 failed: \(output.stderr.suffix(400))")
            return try JSONDecoder().decode(World.self, from: Data(output.stdout.utf8))
        }
    }
}
