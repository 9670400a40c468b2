import Controller
import Foundation
import KilnTestSupport
import Synchronization
import Testing

/// The daemon with git faults: the remote unreachable for a while, status pushes refused because the branch moved,
/// and the branch force-pushed by someone else. Each run ends as a fault-free run does: one AMI per version, the
/// launch template on the desired version, Kiln's status commit on top of the branch, every user commit reachable,
/// `git fsck --strict` clean.
@Suite(.sharedMoto, .serialized)
struct GitFaultTests {
    static func manifest(_ version: String) -> String {
        """
        apiVersion: kiln/v1
        kind: Image
        metadata:
          name: web
        spec:
          version: \(version)
          source:
            filter: {name: "al2023-ami-2023.*-kernel-6.1-x86_64", owners: [amazon]}
          build:
            region: us-east-1
            instanceType: t3.micro
            instanceProfile: kiln-builder
          provision:
            - name: install
              run: echo provisioning
          rollout:
            launchTemplates: [{name: web, region: us-east-1}]
          retention: {keep: 3, minAge: 7d}

        """
    }

    // MARK: - The remote unreachable

    /// The git daemon is stopped while a user pushes a bump (passes fail to fetch), and stopped again in the middle
    /// of a cycle (after Kiln's fetch: the status write fails); each time it comes back on the same port.
    @Test(arguments: FaultSeeds.list)
    func remoteUnreachable(seed: FaultSeed) async throws {
        var random = seed.generator()
        let harness = try await GitHarness.make(
            moto: try SharedMoto.server(), seed: seed.value, manifest: Self.manifest("1.0.0"))
        defer { harness.stop() }
        let start = ContinuousClock.now
        let first = try #require(harness.userCommits.all.first)
        _ = try await harness.converge(to: "1.0.0", manifestCommit: first, seed: seed.value)

        // Down before a fetch: the bump waits, the daemon does not cycle on stale data.
        harness.server.stop()
        let bump = try harness.push(["manifests/web.yaml": Self.manifest("1.1.0")], message: "web 1.1.0")
        let down = Int.random(in: 1...4, using: &random)
        let cyclesBefore = await harness.daemon.cycleCount
        for _ in 0..<down {
            #expect(await harness.daemon.pass(.timer) == .fetchFailed, "\(seed)")
            harness.clock.advance(to: await harness.daemon.schedule.nextWake)
        }
        #expect(await harness.daemon.cycleCount == cyclesBefore, "\(seed): no cycle while the remote is away")
        try harness.server.start()

        // Down in the middle of one of the bump's cycles, for a few passes.
        let quietCycles = Int.random(in: 0...2, using: &random)
        for _ in 0..<quietCycles { harness.interference.arm(.cycle) {} }
        let server = harness.server
        harness.interference.arm(.cycle) { server.stop() }
        let outage = Int.random(in: 1...3, using: &random)
        var downPasses = 0
        _ = try await harness.converge(to: "1.1.0", manifestCommit: bump, seed: seed.value) { _ in
            guard !server.isRunning else { return }
            downPasses += 1
            if downPasses >= outage { try server.start() }
        }
        #expect(harness.interference.fired(.cycle) == quietCycles + 1, "\(seed): the mid-cycle outage happened")
        try await harness.checkEndState(
            version: "1.1.0", versions: ["1.0.0", "1.1.0"], manifestCommit: bump, seed: seed.value)
        await harness.summary("git-unreachable", seed: seed.value, seconds: Self.seconds(since: start)).print()
    }

    // MARK: - Pushes refused

    /// Users push between Kiln's fetch and its status push (1 to 3 times in a row), and during a cycle; each refused
    /// push is retried on the new tip, fast-forward only.
    @Test(arguments: FaultSeeds.list)
    func pushRefusedBecauseTheBranchMoved(seed: FaultSeed) async throws {
        var random = seed.generator(salt: 1)
        let harness = try await GitHarness.make(
            moto: try SharedMoto.server(), seed: seed.value, manifest: Self.manifest("1.0.0"))
        defer { harness.stop() }
        let start = ContinuousClock.now
        var notes = 0
        func armPushes(_ count: Int, at moment: Interference.Moment) {
            for _ in 0..<count {
                notes += 1
                let (name, harnessCopy) = ("docs/note-\(notes).md", harness)
                harness.interference.arm(moment) {
                    try harnessCopy.push([name: "note \(name)\n"], message: "Add \(name)")
                }
            }
        }
        let refusedFirst = Int.random(in: 1...3, using: &random)
        armPushes(refusedFirst, at: .push)
        _ = try await harness.converge(to: "1.0.0", seed: seed.value)

        try harness.push(["manifests/web.yaml": Self.manifest("1.1.0")], message: "web 1.1.0")
        let refusedSecond = Int.random(in: 1...3, using: &random)
        armPushes(1, at: .cycle)
        armPushes(refusedSecond, at: .push)
        _ = try await harness.converge(to: "1.1.0", seed: seed.value)
        let last = try #require(harness.userCommits.all.last)

        #expect(harness.interference.pending(.push) == 0 && harness.interference.pending(.cycle) == 0, "\(seed)")
        let retries = Int(harness.metrics.counterTotal(label: "kiln_status_push_retries_total"))
        #expect(retries >= refusedFirst + refusedSecond, "\(seed): every interfering push refused one of Kiln's")
        try await harness.checkEndState(
            version: "1.1.0", versions: ["1.0.0", "1.1.0"], manifestCommit: last, seed: seed.value)
        await harness.summary("git-push-refused", seed: seed.value, seconds: Self.seconds(since: start)).print()
    }

    // MARK: - Force-pushes

    /// Someone rewrites the branch under Kiln: dropping Kiln's status and bumping; force-pushing a rewrite (which
    /// drops a bump whose bake had started) while Kiln is about to push; and rewinding only Kiln's status commit.
    /// Kiln follows the new tip (with `repository.allowRewrite`), never pushes the old history back, and writes its
    /// status on top.
    @Test(arguments: FaultSeeds.list)
    func branchForcePushedBySomeoneElse(seed: FaultSeed) async throws {
        var random = seed.generator(salt: 2)
        let harness = try await GitHarness.make(
            moto: try SharedMoto.server(), seed: seed.value, manifest: Self.manifest("1.0.0"), allowRewrite: true)
        defer { harness.stop() }
        let start = ContinuousClock.now
        let root = try #require(harness.userCommits.all.first)
        _ = try await harness.converge(to: "1.0.0", manifestCommit: root, seed: seed.value)
        var dropped = [try harness.origin.git("rev-parse", "main")]

        // 1. Kiln's status commit dropped and a bump committed in its place.
        let rewritten = try harness.forcePush(
            onto: root, ["manifests/web.yaml": Self.manifest("1.1.0")], message: "web 1.1.0")
        _ = try await harness.converge(to: "1.1.0", manifestCommit: rewritten, seed: seed.value)
        dropped.append(try harness.origin.git("rev-parse", "main"))

        // 2. A bump to 1.2.0 starts baking; just before one of Kiln's status pushes someone force-pushes a rewrite
        //    of 1.1.0 that drops the bump. The branch is the truth: back to 1.1.0, the bake abandoned.
        let abandoned = try harness.push(["manifests/web.yaml": Self.manifest("1.2.0")], message: "web 1.2.0")
        for _ in 0..<Int.random(in: 0...1, using: &random) { harness.interference.arm(.push) {} }
        let holder = RewriteHolder()
        harness.interference.arm(.push) { [harness] in
            let commit = try harness.forcePush(
                onto: root,
                ["manifests/web.yaml": Self.manifest("1.1.0"), "docs/history.md": "rewritten\n"],
                message: "web 1.1.0, history rewritten")
            holder.set(commit)
        }
        var passes = 0
        while holder.commit == nil, passes < 40 {
            _ = await harness.daemon.pass(.timer)
            harness.clock.advance(to: max(await harness.daemon.schedule.nextWake, harness.clock.now() + 1))
            passes += 1
        }
        let second = try #require(holder.commit, "\(seed): the force-push during a status push happened")
        dropped.append(abandoned)
        _ = try await harness.converge(to: "1.1.0", manifestCommit: second, seed: seed.value)

        // 3. Only Kiln's status commit rewound away: Kiln writes it again on top.
        try harness.origin.git("update-ref", "refs/heads/main", second)
        let rewound = try await harness.converge(to: "1.1.0", manifestCommit: second, seed: seed.value)
        #expect(rewound.passes == 1, "\(seed): the next pass notices the rewrite and writes the status again")

        for commit in dropped {
            let reachable = (try? harness.origin.git("merge-base", "--is-ancestor", commit, "main")) != nil
            #expect(!reachable, "\(seed): \(commit) of the old history was never pushed back")
        }
        #expect(try harness.origin.git("rev-parse", "main^") == second, "\(seed): one status commit on the tip")
        let state = try await FaultWorld(endpoint: harness.proxy.endpoint).state()
        #expect(state.amis(of: "web")["1.2.0"] == nil, "\(seed): the abandoned bump made no AMI")
        try await harness.checkEndState(
            version: "1.1.0", versions: ["1.0.0", "1.1.0"], manifestCommit: second, seed: seed.value)
        await harness.summary("git-force-push", seed: seed.value, seconds: Self.seconds(since: start)).print()
    }

    static func seconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }
}

/// The commit a force-push made, set from the interference.
final class RewriteHolder: Sendable {
    private let value = Mutex<String?>(nil)
    func set(_ commit: String) { value.withLock { $0 = commit } }
    var commit: String? { value.withLock { $0 } }
}
