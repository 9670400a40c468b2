import Foundation
import KilnTestSupport
import Testing

/// The pull-request workflow in `deploy/ci/github-workflow.yaml`: its `run:` steps, executed the way GitHub's
/// runner executes a step with no `shell:` (`bash -e`), with the built `kiln` on `PATH`.
@Suite("The manifest pull-request workflow's steps", .serialized)
struct WorkflowTests {
    @Test("validate: every problem becomes an annotation at file, line and column, and the step fails")
    func validateAnnotates() async throws {
        let checkout = try Checkout()
        defer { checkout.remove() }
        try checkout.write("manifests/base-al2023.yaml", try RepositoryFiles.text("manifests/base-al2023.yaml"))
        let broken = try RepositoryFiles.text("manifests/base-al2023.yaml")
            .replacingOccurrences(of: "name: base-al2023", with: "name: broken")
            .replacingOccurrences(of: "  version: 2026.11.0", with: "  version: one-point-two")
        try checkout.write("manifests/broken.yaml", broken)
        let line =
            try #require(
                broken.split(separator: "\n", omittingEmptySubsequences: false).firstIndex {
                    $0.hasPrefix("  version:")
                }) + 1

        let run = try await checkout.run(step: "Validate manifests")
        #expect(run.status == 1, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("::error file=manifests/broken.yaml,line=\(line),col=12::'spec.version'"))
        #expect(run.stdout.contains("2 files, 1 valid images, 1 errors, 0 warnings"), "\(run.stdout)")
    }

    @Test("validate: the repository's example manifests pass under the example configuration's guardrails")
    func validateExamples() async throws {
        let checkout = try Checkout()
        defer { checkout.remove() }
        for name in ["base-al2023.yaml", "attendance-api.yaml"] {
            try checkout.write("manifests/\(name)", try RepositoryFiles.text("manifests/\(name)"))
        }
        try checkout.write("kiln.yaml", try RepositoryFiles.text("deploy/kiln.example.yaml"))
        let run = try await checkout.run(step: "Validate manifests")
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(!run.stdout.contains("::error"))
        #expect(run.stdout.contains("2 files, 2 valid images, 0 errors, 0 warnings"), "\(run.stdout)")
    }

    @Test("validate: without the daemon's configuration, the default guardrails refuse sharing")
    func validateUnderDefaultGuardrails() async throws {
        let checkout = try Checkout()
        defer { checkout.remove() }
        for name in ["base-al2023.yaml", "attendance-api.yaml"] {
            try checkout.write("manifests/\(name)", try RepositoryFiles.text("manifests/\(name)"))
        }
        let run = try await checkout.run(step: "Validate manifests")
        #expect(run.status == 1, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("::error file=manifests/attendance-api.yaml,line="), "\(run.stdout)")
        #expect(run.stdout.contains("guardrails.distributeAccounts"), "\(run.stdout)")
    }

    @Test("plan: a fork's pull request gets a note instead of a plan, and the job does not fail")
    func planWithoutCredentials() async throws {
        let checkout = try Checkout()
        defer { checkout.remove() }
        let run = try await checkout.run(step: "Plan", environment: ["AWS_OUTCOME": "skipped", "PLAN_REF": "HEAD"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try checkout.temp("plan.md").contains("comes from a fork"))
        #expect(try checkout.outputs() == ["status": "0"])
    }

    @Test("plan: a plan against AWS goes to the comment file and the job summary, with status 0")
    func planAgainstAWS() async throws {
        let moto = try await MotoServer.start()
        defer { moto.stop() }
        let checkout = try Checkout()
        defer { checkout.remove() }
        try checkout.write("manifests/base-al2023.yaml", try RepositoryFiles.text("manifests/base-al2023.yaml"))
        let commit = try checkout.commit()

        let run = try await checkout.run(
            step: "Plan",
            environment: Self.aws(moto.endpoint.absoluteString, checkout)
                .merging(["AWS_OUTCOME": "success", "PLAN_REF": commit, "KILN_OWNER": "kiln-ci"]) { $1 })
        #expect(run.status == 0, "\(run.stderr)")
        let plan = try checkout.temp("plan.md")
        #expect(plan.hasPrefix("### Kiln plan"), "\(plan.prefix(400))")
        #expect(plan.contains("base-al2023"))
        #expect(try checkout.summary() == plan)
        let log = (try? checkout.temp("plan.log")) ?? ""
        #expect(try checkout.outputs() == ["status": "0"], "\(log)")
    }

    @Test("plan: when kiln plan fails, the comment says why and the status output fails the job")
    func planFailure() async throws {
        let checkout = try Checkout()
        defer { checkout.remove() }
        try checkout.write("manifests/base-al2023.yaml", try RepositoryFiles.text("manifests/base-al2023.yaml"))
        let commit = try checkout.commit()
        let unreachable = "http://127.0.0.1:\(try await PortAllocator.freeLoopbackPort())"

        let run = try await checkout.run(
            step: "Plan",
            environment: Self.aws(unreachable, checkout)
                .merging(["AWS_OUTCOME": "success", "PLAN_REF": commit, "KILN_OWNER": "kiln-ci"]) { $1 })
        #expect(run.status == 0, "the step itself must succeed so the comment is posted: \(run.stderr)")
        let status = try #require(try checkout.outputs()["status"])
        #expect(status != "0")
        #expect(try checkout.temp("plan.md").contains("kiln plan exited \(status):"))
    }

    static func aws(_ endpoint: String, _ checkout: Checkout) -> [String: String] {
        [
            "AWS_ENDPOINT_URL": endpoint, "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_REGION": "us-east-1", "AWS_CONFIG_FILE": checkout.emptyFile.path,
            "AWS_SHARED_CREDENTIALS_FILE": checkout.emptyFile.path, "AWS_EC2_METADATA_DISABLED": "true",
        ]
    }
}

// MARK: - A runner's workspace

/// The job's workspace: the pull request checked out in `manifests-repo`, and `RUNNER_TEMP`, `GITHUB_OUTPUT`,
/// `GITHUB_STEP_SUMMARY` as the runner provides them.
struct Checkout {
    let root: URL
    var repository: URL { root.appendingPathComponent("manifests-repo") }
    var runnerTemp: URL { root.appendingPathComponent("runner-temp") }
    var emptyFile: URL { root.appendingPathComponent("empty") }

    init() throws {
        root = try ProcessRunner.makeTemporaryDirectory(prefix: "kiln-workflow")
        for directory in [repository, runnerTemp] {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        }
        let files = [
            emptyFile, runnerTemp.appendingPathComponent("output"), runnerTemp.appendingPathComponent("summary"),
        ]
        for file in files {
            FileManager.default.createFile(atPath: file.path, contents: Data())
        }
    }

    func remove() { try? FileManager.default.removeItem(at: root) }

    func write(_ path: String, _ text: String) throws {
        let url = repository.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    /// Commits everything written so far (as `actions/checkout` leaves a commit) and returns its id.
    func commit() throws -> String {
        let directory = repository.path
        try GitCommand.run(["init", "-q", "-b", "main"], in: directory)
        try GitCommand.run(["add", "-A"], in: directory)
        try GitCommand.run(["commit", "-q", "-m", "pull request"], in: directory)
        return try GitCommand.run(["rev-parse", "HEAD"], in: directory)
    }

    func temp(_ name: String) throws -> String {
        try String(contentsOf: runnerTemp.appendingPathComponent(name), encoding: .utf8)
    }

    /// What the step wrote to `GITHUB_OUTPUT`.
    func outputs() throws -> [String: String] {
        Dictionary(
            try temp("output").split(separator: "\n").compactMap { line -> (String, String)? in
                let parts = line.split(separator: "=", maxSplits: 1).map(String.init)
                return parts.count == 2 ? (parts[0], parts[1]) : nil
            }
        ) { _, last in last }
    }

    func summary() throws -> String { try temp("summary") }

    /// Runs a step's `run:` script as the runner does: `bash -e` in the step's working directory, with the step's
    /// literal `env:` (expressions are the test's to supply) and `kiln` first on `PATH`.
    func run(step name: String, environment: [String: String] = [:]) async throws -> ProcessRunner.Output {
        let step = try WorkflowStep.load(name)
        let script = root.appendingPathComponent("step.sh")
        try Data(step.run.utf8).write(to: script)
        let kiln = try #require(ChildProcess.executable("kiln"), "kiln is not built")
        let path = kiln.deletingLastPathComponent().path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "")
        var variables = [
            "PATH": path, "RUNNER_TEMP": runnerTemp.path,
            "GITHUB_OUTPUT": runnerTemp.appendingPathComponent("output").path,
            "GITHUB_STEP_SUMMARY": runnerTemp.appendingPathComponent("summary").path,
        ]
        variables.merge(environment) { _, new in new }
        let directory = step.workingDirectory.map { root.appendingPathComponent($0).path } ?? root.path
        return try await ProcessRunner.run(
            "bash", ["-c", "cd \"$0\" && exec bash -e \"$1\"", directory, script.path], environment: variables)
    }
}

/// One step of the workflow file, read with PyYAML.
struct WorkflowStep: Decodable {
    var run: String
    var workingDirectory: String?

    static func load(_ name: String) throws -> WorkflowStep {
        let file = RepositoryFiles.root.appendingPathComponent("deploy/ci/github-workflow.yaml").path
        let script = """
            import json, sys, yaml
            steps = yaml.safe_load(open(sys.argv[1]))['jobs']['check']['steps']
            step = next(s for s in steps if s.get('name') == sys.argv[2])
            print(json.dumps({'run': step['run'], 'workingDirectory': step.get('working-directory')}))
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, file, name]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw HarnessError.startFailed("no step '\(name)' in \(file)") }
        return try JSONDecoder().decode(WorkflowStep.self, from: data)
    }
}
