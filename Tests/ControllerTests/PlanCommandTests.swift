import Foundation
import KilnTestSupport
import Testing

/// `kiln plan` (the built executable) on the example manifests, against an empty moto account.
@Suite(.sharedMoto, .serialized)
struct PlanCommandTests {
    /// The repository's root, from this file's path.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The `kiln` executable built beside the test bundle.
    static var executable: String {
        let products =
            Bundle.main.bundleURL.path.hasSuffix(".xctest")
            ? Bundle.main.bundleURL.deletingLastPathComponent()
            : URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        return products.appendingPathComponent("kiln").path
    }

    /// AWS settings for `kiln` against `endpoint`: test credentials, no shared files, no inherited owner.
    static func environment(endpoint: URL) -> [String: String] {
        [
            "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_ENDPOINT_URL": endpoint.absoluteString, "AWS_CONFIG_FILE": "/nonexistent/kiln/aws-config",
            "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent/kiln/aws-credentials", "AWS_PROFILE": "", "KILN_OWNER": "",
        ]
    }

    struct Setup {
        let harness: Harness
        let repository: String

        /// `kiln plan` under the example configuration's guardrails (they allow what the examples reach).
        func plan(_ arguments: String...) async throws -> ProcessRunner.Output {
            let example = PlanCommandTests.root.appendingPathComponent("deploy/kiln.example.yaml")
            return try await plan(arguments, config: example.path)
        }

        func plan(_ arguments: [String], config: String?) async throws -> ProcessRunner.Output {
            try await ProcessRunner.run(
                PlanCommandTests.executable,
                ["plan", "--repo", repository, "--owner", harness.owner] + (config.map { ["--config", $0] } ?? [])
                    + arguments,
                environment: PlanCommandTests.environment(endpoint: harness.proxy.endpoint))
        }
    }

    /// A git repository holding the example manifests.
    static func setUp() async throws -> Setup {
        let harness = try await Harness.make()
        var files: [String: String] = [:]
        let examples = root.appendingPathComponent("manifests")
        for name in try FileManager.default.contentsOfDirectory(atPath: examples.path) where name.hasSuffix(".yaml") {
            files[name] = try String(contentsOf: examples.appendingPathComponent(name), encoding: .utf8)
        }
        try #require(files.count >= 2, "the example manifests are at the repository's root")
        try harness.commit(files, message: "Examples")
        return Setup(harness: harness, repository: harness.repository.path)
    }

    @Test func examplesOnAnEmptyAccount() async throws {
        let setup = try await Self.setUp()
        defer { setup.harness.stop() }

        // Text: what it would do, and what the manifests name that does not exist.
        let output = try await setup.plan()
        #expect(output.status == 0, "\(output.stderr)")
        let text = output.stdout
        #expect(text.contains("+ bake base-al2023 2026.11.0 in us-east-1: no AMI for this version; source al2023-ami-"))
        #expect(text.contains("= wait on attendance-api 1.4.2 in us-east-1: waiting for base-al2023 2026.11.0"))
        for missing in [
            "missing: launch template attendance-api in us-east-1 (named by attendance-api)",
            "missing: launch template attendance-api in eu-west-1 (named by attendance-api)",
            "missing: Auto Scaling group attendance-api in us-east-1 (named by attendance-api)",
            "missing: Auto Scaling group attendance-api-legacy in us-east-1 (named by attendance-api)",
        ] {
            #expect(text.contains(missing), "\(missing)")
        }
        #expect(text.contains("regions eu-west-1, us-east-1"))
        #expect(output.stderr.isEmpty, "nothing is logged at the default level: \(output.stderr)")

        // --detailed-exitcode: 2, changes.
        #expect(try await setup.plan("--detailed-exitcode").status == 2)

        // JSON: one document.
        let json = try await setup.plan("--output", "json")
        #expect(json.status == 0)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(document["hasChanges"] as? Bool == true)
        #expect(document["owner"] as? String == setup.harness.owner)
        let plan = try #require(document["plan"] as? [String: Any])
        let actions = try #require(plan["actions"] as? [[String: Any]])
        let bake = actions.first { ($0["kind"] as? [String: Any])?["launchBuilder"] != nil }
        #expect(bake?["image"] as? String == "base-al2023")
        let missing = try #require(document["missing"] as? [[String: Any]])
        #expect(
            missing.contains { $0["kind"] as? String == "launchTemplate" && $0["region"] as? String == "eu-west-1" })

        // Markdown: a pull-request comment.
        let markdown = try await setup.plan("--output", "markdown")
        #expect(markdown.status == 0)
        #expect(markdown.stdout.hasPrefix("### Kiln plan: "))
        #expect(markdown.stdout.contains("| `+` | bake base-al2023 2026.11.0 in us-east-1 |"))
        #expect(markdown.stdout.contains("| Image | Desired | Conditions |"))
        #expect(markdown.stdout.contains("#### Missing in AWS"))
        #expect(markdown.stdout.contains("- launch template attendance-api in us-east-1 (named by attendance-api)"))

        // Planning changed nothing.
        let world = try await setup.harness.world.state(["us-east-1", "eu-west-1"])
        #expect(world.values.allSatisfy { $0.instances.isEmpty && $0.images.isEmpty }, "plan changes nothing")
    }

    @Test("a manifest outside the default guardrails is invalid at the value; the plan never acts on it")
    func guardrailsRefuseAManifest() async throws {
        let setup = try await Self.setUp()
        defer { setup.harness.stop() }
        let text = try String(
            contentsOf: Self.root.appendingPathComponent("manifests/attendance-api.yaml"), encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let line = try #require(lines.firstIndex { $0.contains("accounts: [\"210987654321\"]") }) + 1
        let column =
            try #require(lines[line - 1].range(of: "\"210987654321\"")).lowerBound.utf16Offset(
                in: lines[line - 1]) + 1

        let output = try await setup.plan(["--output", "json"], config: nil)
        #expect(output.status == 1, "\(output.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        let diagnostics = try #require(document["diagnostics"] as? [[String: Any]])
        let refusal = try #require(diagnostics.first { ($0["message"] as? String)?.contains("guardrails.") == true })
        #expect(refusal["file"] as? String == "manifests/attendance-api.yaml")
        #expect(refusal["line"] as? Int == line)
        #expect(refusal["column"] as? Int == column)
        #expect((refusal["message"] as? String)?.contains("guardrails.distributeAccounts") == true)
        let plan = try #require(document["plan"] as? [String: Any])
        let actions = try #require(plan["actions"] as? [[String: Any]])
        #expect(actions.contains { $0["image"] as? String == "base-al2023" }, "the other manifest goes on")
        #expect(!actions.contains { $0["image"] as? String == "attendance-api" }, "\(actions)")
    }

    @Test func invalidManifestIsAnError() async throws {
        let setup = try await Self.setUp()
        defer { setup.harness.stop() }
        try setup.harness.commit(["broken.yaml": "apiVersion: kiln/v1\nkind: Image\nmetadata: {name: broken}\n"])
        let output = try await setup.plan("--detailed-exitcode")
        #expect(output.status == 1)
        #expect(output.stdout.contains("manifests/broken.yaml:"))
        #expect(output.stdout.contains("invalid_manifest broken"))
    }

    /// `--allowed-signers`: an unsigned manifest commit is refused (exit 1, naming it) by plan, apply and validate;
    /// once an allowed key signed the tip, plan answers as usual (2: changes).
    @Test func onlyCommitsSignedByAnAllowedKeyArePlanned() async throws {
        let setup = try await Self.setUp()
        defer { setup.harness.stop() }
        let directory = setup.harness.fixture.directory
        let key = try await SSHSigningKey.make(in: directory, name: "alice", principal: "alice@acme")
        let allowed = try SSHSigningKey.allowedSigners([key], at: directory + "/allowed_signers")
        let unsigned = try setup.harness.repository.revParse("HEAD")

        let refused = try await setup.plan("--detailed-exitcode", "--allowed-signers", allowed)
        #expect(refused.status == 1, "\(refused.stdout)")
        #expect(
            refused.stderr.contains("kiln plan: error: commit \(unsigned.prefix(7)): not signed"), "\(refused.stderr)")
        let apply = try await ProcessRunner.run(
            Self.executable,
            ["apply", "--repo", setup.repository, "--owner", setup.harness.owner, "--allowed-signers", allowed],
            environment: Self.environment(endpoint: setup.harness.proxy.endpoint))
        #expect(apply.status == 1)
        #expect(apply.stderr.contains("commit \(unsigned.prefix(7)): not signed"), "\(apply.stderr)")
        let validate = try await ProcessRunner.run(
            Self.executable, ["validate", "--repo", setup.repository, "--allowed-signers", allowed])
        #expect(validate.status == 1)
        #expect(validate.stderr.contains("commit \(unsigned.prefix(7)): not signed"), "\(validate.stderr)")

        try setup.harness.repository.signedCommit(["docs/reviewed.md": "signed off\n"], ssh: key)
        let planned = try await setup.plan("--detailed-exitcode", "--allowed-signers", allowed)
        #expect(planned.status == 2, "\(planned.stderr)")
        let example = Self.root.appendingPathComponent("deploy/kiln.example.yaml").path
        let validated = try await ProcessRunner.run(
            Self.executable,
            ["validate", "--repo", setup.repository, "--allowed-signers", allowed, "--config", example])
        #expect(validated.status == 0, "\(validated.stderr)")
        let world = try await setup.harness.world.state(["us-east-1", "eu-west-1"])
        #expect(world.values.allSatisfy { $0.instances.isEmpty && $0.images.isEmpty }, "the refused apply did nothing")
    }

    @Test func unreadableRepositoryIsAnIOError() async throws {
        let fixture = try GitFixture()
        let repository = try fixture.makeRepository("empty")
        try repository.commit(["README.md": "no manifests here\n"])
        for arguments in [["--ref", "no-such-branch"], ["--path", "manifests"]] {
            let output = try await ProcessRunner.run(
                Self.executable, ["plan", "--repo", repository.path, "--owner", "t"] + arguments,
                environment: Self.environment(endpoint: URL(string: "http://127.0.0.1:9")!))
            #expect(output.status == 74, "\(arguments): \(output.stdout)")
        }
    }
}
