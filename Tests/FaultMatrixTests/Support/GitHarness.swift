import AWS
import Cloud
import Controller
import Foundation
import Git
import KilnTestSupport
import Logging
import MetricsTestKit
import Planner
import Synchronization
import Testing

/// The daemon against moto (behind a proxy) and a bare `origin` served by a restartable `git daemon`, with a
/// user's working clone that pushes to `origin` directly (so people can push while the daemon is unreachable),
/// and interference hooks at Kiln's fetch-to-push windows.
struct GitHarness: Sendable {
    let proxy: FaultProxy
    let metrics: TestMetrics
    let fixture: GitFixture
    let origin: GitFixture.Repository
    let work: GitFixture.Repository
    let server: RestartableGitDaemon
    let clock: TestClock
    let interference: Interference
    let daemon: Daemon
    /// The user's commits, all of which must stay reachable from the branch.
    let userCommits: UserCommits
    /// Builds a daemon like `daemon` (a new mirror object on the same cache directory: a restart) with other
    /// settings.
    let restart: @Sendable (DaemonConfiguration) throws -> Daemon
    /// The settings `daemon` runs with.
    let settings: DaemonConfiguration

    static func make(
        moto: MotoServer, seed: UInt64, manifest: String, allowRewrite: Bool = false
    ) async throws -> GitHarness {
        try await moto.reset()
        let proxy = try await FaultProxy.start(upstream: moto.endpoint, seed: seed)
        let endpoint = proxy.endpoint
        let metrics = TestMetrics()
        let client = AWSClient(
            credentialProvider: StaticCredentialProvider(
                Credentials(accessKeyID: "testing", secretAccessKey: "testing")),
            endpoint: { _, _ in endpoint }, httpClient: .shared, metricsFactory: metrics)
        let world = FaultWorld(endpoint: endpoint)
        try await world.call([("iam", "create_instance_profile", ["InstanceProfileName": "kiln-builder"])])
        try await seedTemplate(world)

        let fixture = try GitFixture()
        let origin = try fixture.makeBareRepository("origin.git")
        let work = try fixture.clone(origin, as: "work")
        let userCommits = UserCommits()
        userCommits.add(try work.commit(["manifests/web.yaml": manifest], message: "Add web"))
        try work.git("push", "-q", "origin", "HEAD:main")
        let server = try RestartableGitDaemon(basePath: fixture.directory)

        var settings = DaemonConfiguration()
        settings.repository.url = server.url(for: "origin.git")
        settings.cacheDirectory = fixture.path("cache")
        settings.owner = "kiln-test"
        settings.repository.allowRewrite = allowRewrite
        let clock = TestClock()
        let interference = Interference()
        let logger = Logger(label: "kiln.test") { _ in SwiftLogNoOpLogHandler() }
        let daemonMetrics = DaemonMetrics(factory: metrics)
        let observer = Observer(client: client, logger: logger, now: { clock.now() })
        let executor = Executor(
            client: client, owner: "kiln-test", configuration: .init(tagSnapshotsOnCreateImage: false),
            logger: logger)
        let reconciler = CycleReconciler(
            observer: CloudObserver(observer), executor: executor,
            configuration: Cycle.Configuration(
                owner: "kiln-test", planner: PlannerConfiguration(snapshotGracePeriod: 0)),
            clock: clock, logger: logger)
        let restart: @Sendable (DaemonConfiguration) throws -> Daemon = { settings in
            let mirror = try Mirror(url: settings.repository.url, cacheDirectory: settings.cacheDirectory)
            let publisher = StatusPublisher(
                mirror: mirror, branch: settings.statusTargetBranch, directory: settings.repository.statusPath,
                clock: InterferingClock(clock: clock, interference: interference), metrics: daemonMetrics,
                logger: logger)
            return Daemon(
                settings: settings, mirror: mirror,
                reconciler: InterferingReconciler(wrapped: reconciler, interference: interference),
                publisher: publisher, clock: clock, jitter: { 0 }, metrics: daemonMetrics, logger: logger)
        }
        let daemon = try restart(settings)
        proxy.resetCalls()
        return GitHarness(
            proxy: proxy, metrics: metrics, fixture: fixture, origin: origin, work: work, server: server,
            clock: clock, interference: interference, daemon: daemon, userCommits: userCommits, restart: restart,
            settings: settings)
    }

    /// The same world with the daemon restarted under `settings` (the mirror, and its refs, kept on disk).
    func restarted(with settings: DaemonConfiguration) throws -> GitHarness {
        GitHarness(
            proxy: proxy, metrics: metrics, fixture: fixture, origin: origin, work: work, server: server,
            clock: clock, interference: interference, daemon: try restart(settings), userCommits: userCommits,
            restart: restart, settings: settings)
    }

    func stop() {
        server.stop()
        proxy.stop()
    }

    /// A launch template `web` on moto's Amazon Linux 2023 image.
    private static func seedTemplate(_ world: FaultWorld) async throws {
        let result = try await world.call([
            (
                "ec2", "describe_images",
                [
                    "Owners": ["amazon"],
                    "Filters": [["Name": "name", "Values": ["al2023-ami-2023.*-kernel-6.1-x86_64"]]],
                ]
            )
        ])
        let images = result.first?["Images"] as? [[String: Any]] ?? []
        let newest = images.max { ($0["CreationDate"] as? String ?? "") < ($1["CreationDate"] as? String ?? "") }
        let base = try #require(newest?["ImageId"] as? String)
        try await world.call([
            (
                "ec2", "create_launch_template",
                ["LaunchTemplateName": "web", "LaunchTemplateData": ["ImageId": base, "InstanceType": "t3.micro"]]
            )
        ])
    }

    // MARK: - People

    /// A user's commit of `files` pushed to main after pulling (straight to origin's directory, so it works while
    /// the git daemon is down); returns its id.
    @discardableResult
    func push(_ files: [String: String], message: String) throws -> String {
        try work.git("pull", "-q", "--rebase", "origin", "main")
        let commit = try work.commit(files, message: message)
        try work.git("push", "-q", "origin", "HEAD:main")
        userCommits.add(commit)
        return commit
    }

    /// Rewrites main under Kiln: resets the working clone to `base`, commits `files` on it and force-pushes.
    /// The commits that were on main and not below `base` are dropped from the user's list (they are meant to go).
    @discardableResult
    func forcePush(onto base: String, _ files: [String: String], message: String) throws -> String {
        try work.git("fetch", "-q", "origin")
        try work.git("reset", "-q", "--hard", base)
        let commit = try work.commit(files, message: message)
        try work.git("push", "-q", "--force", "origin", "HEAD:main")
        userCommits.keepOnly { (try? origin.git("merge-base", "--is-ancestor", $0, "main")) != nil }
        userCommits.add(commit)
        return commit
    }

    // MARK: - The daemon

    /// Passes (the clock jumping to each wake-up the daemon asks for) until the last cycle converged and origin's
    /// tip is Kiln's status commit for `manifestCommit` (nil: the newest user commit, even one pushed meanwhile)
    /// saying `version` is Ready; fails after `limit` passes.
    func converge(
        to version: String, manifestCommit: String? = nil, seed: UInt64, limit: Int = 80,
        onPass: (Daemon.PassResult) throws -> Void = { _ in }, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> (passes: Int, results: [Daemon.PassResult: Int]) {
        var results: [Daemon.PassResult: Int] = [:]
        for pass in 1...limit {
            let result = await daemon.pass(.timer)
            results[result, default: 0] += 1
            try onPass(result)
            if let report = await daemon.lastReport, report.isConverged,
                try statusCommit(for: manifestCommit ?? userCommits.all.last ?? "", version: version)
            {
                return (pass, results)
            }
            let wake = await daemon.schedule.nextWake
            clock.advance(to: max(wake, clock.now().addingTimeInterval(1)))
        }
        let tip = (try? origin.git("log", "-1", "--format=%h %an %s", "main")) ?? "?"
        Issue.record(
            "seed \(seed): not converged to \(version) after \(limit) passes (\(results)); tip: \(tip)",
            sourceLocation: sourceLocation)
        return (limit, results)
    }

    /// Whether origin's tip is a Kiln status commit observing `manifestCommit` with `web` Ready at `version`.
    func statusCommit(for manifestCommit: String, version: String) throws -> Bool {
        let head = try origin.git(
            "log", "-1", "--format=%an|%(trailers:key=Kiln-Observed-Commit,valueonly,separator=)", "main")
        guard head == "Kiln|\(manifestCommit)" else { return false }
        let readme = try origin.git("show", "main:status/README.md")
        return readme.contains("| [web](web.yaml) | \(version) | ✅ Ready |")
    }

    // MARK: - Checks

    /// The end state every run must reach: one AMI per version, the launch template's default on `version`'s AMI,
    /// no builder running, the status on top of the branch naming that AMI, every user commit reachable, fsck clean.
    func checkEndState(version: String, versions: [String], manifestCommit: String, seed: UInt64) async throws {
        let state = try await FaultWorld(endpoint: proxy.endpoint).state()
        for expected in versions {
            #expect(state.amis(of: "web")[expected]?.count == 1, "seed \(seed): one AMI of \(expected)")
        }
        #expect(Set(state.amis(of: "web").keys) == Set(versions), "seed \(seed): AMIs \(state.amis(of: "web").keys)")
        let ami = try #require(state.ami("web", version), "seed \(seed): the AMI of \(version)")
        let template = try #require(state.launchTemplate("web"))
        #expect(template.versions[String(template.defaultVersion)] == ami, "seed \(seed): the default uses \(version)")
        #expect(state.liveBuilders.isEmpty, "seed \(seed): no builder left running")
        #expect(try statusCommit(for: manifestCommit, version: version), "seed \(seed): Kiln's status on top")
        let readme = try origin.git("show", "main:status/README.md")
        #expect(readme.contains("us-east-1: `\(ami)`"), "seed \(seed): the status names \(ami)")
        for commit in userCommits.all {
            let reachable = (try? origin.git("merge-base", "--is-ancestor", commit, "main")) != nil
            #expect(reachable, "seed \(seed): user commit \(commit) is reachable from main")
        }
        try origin.git("fsck", "--strict", "--no-progress")
        #expect(interference.errors.isEmpty, "seed \(seed): \(interference.errors)")
    }

    // MARK: - Counts

    /// The summary counts of the run so far.
    func summary(_ scenario: String, seed: UInt64, seconds: Double) async -> RunSummary {
        var summary = RunSummary(scenario: scenario, seed: seed)
        summary.awsCalls = proxy.count()
        summary.retries = Int(metrics.counterTotal(label: "kiln_aws_retries_total"))
        summary.cycles = await daemon.cycleCount
        summary.fetches = Int(metrics.counterTotal(label: "kiln_git_fetches_total"))
        summary.fetchFailures = Int(
            metrics.counterTotal(label: "kiln_git_fetches_total", dimensions: [("outcome", "error")]))
        summary.pushes = Int(
            metrics.counterTotal(label: "kiln_status_writes_total", dimensions: [("outcome", "pushed")]))
        summary.pushRetries = Int(metrics.counterTotal(label: "kiln_status_push_retries_total"))
        summary.statusFailures = Int(
            metrics.counterTotal(label: "kiln_status_writes_total", dimensions: [("outcome", "failed")]))
        summary.seconds = seconds
        return summary
    }
}

/// The user commits of a run.
final class UserCommits: Sendable {
    private let commits = Mutex<[String]>([])

    func add(_ commit: String) { commits.withLock { $0.append(commit) } }

    func keepOnly(_ keep: (String) -> Bool) {
        let current = commits.withLock { $0 }
        let kept = current.filter(keep)
        commits.withLock { $0 = kept }
    }

    var all: [String] { commits.withLock { $0 } }
}
