import AWS
import Controller
import Foundation
import KilnTestSupport
import Logging
import Planner

/// A steady-state reconcile cycle against moto, through the counting proxy: AWS calls per region per cycle, CPU
/// time and peak memory at 100 and 1,000 images.
enum CycleBenchmarks {
    static func run(_ context: BenchContext) async throws -> [BenchmarkResult] {
        var results: [BenchmarkResult] = []
        for count in context.cycleImages.isEmpty ? (context.quick ? [100] : [100, 1_000]) : context.cycleImages {
            let name = "cycle/\(count)/steady"
            let daemon = "daemon/\(count)/rss"
            guard context.includes(name) || context.includes(daemon) else { continue }
            results += try await steady(count: count, name: name, daemon: daemon, context)
        }
        return results
    }

    private static func steady(
        count: Int, name: String, daemon: String, _ context: BenchContext
    ) async throws -> [BenchmarkResult] {
        let scripts = context.scripts
        // moto 5.2 scans every tag of a region per resource it describes (306 s for 2,000 AMIs); the world's
        // moto looks tags up by id instead (`MotoServer.Configuration.indexedEC2Tags`).
        let copy = try await WorldCopy.start(indexedEC2Tags: true)
        defer { copy.stop() }
        var sources: [String: String] = [:]
        for region in CycleWorld.regions {
            sources[region] = try await copy.baseImage(region: region, script: scripts + "/compare_world.py")
        }
        let world = try CycleWorld(images: count, sourceAMIs: sources)
        let fixture = try GitFixture()
        let repository = try fixture.makeRepository("config")
        try repository.commit(world.manifests, message: "\(count) images")
        let spec = URL(fileURLWithPath: fixture.path("spec.json"))
        try world.spec().write(to: spec)
        let clock = ContinuousClock()
        let seedStart = clock.now
        FileHandle.standardError.write(Data("seeding moto with \(count) images\n".utf8))
        try await CycleSeed.seed(endpoint: copy.moto.endpoint, spec: spec, scratch: fixture.path("seed.py"))
        let seedSeconds = Measure.seconds(clock.now - seedStart)
        var results: [BenchmarkResult] = []
        if context.includes(daemon) {
            let bare = try fixture.clone(repository, as: "config.git", bare: true)
            FileHandle.standardError.write(Data("running kiln daemon on \(count) images\n".utf8))
            results.append(
                try await DaemonMemory.measure(
                    name: daemon, images: count, repository: bare.path, awsEndpoint: copy.proxy.endpoint,
                    context: context))
        }
        guard context.includes(name) else { return results }

        let logger = Logger(label: "kiln.bench") { _ in SwiftLogNoOpLogHandler() }
        let endpoint = copy.proxy.endpoint
        let client = AWSClient(
            credentialProvider: StaticCredentialProvider(Credentials(accessKeyID: "testing", secretAccessKey: "x")),
            endpoint: { _, _ in endpoint }, logger: logger)
        let cycle = Cycle(
            source: GitManifestSource(location: repository.path, manifestCache: ManifestCache()), client: client,
            configuration: Cycle.Configuration(owner: CycleWorld.owner), logger: logger)
        var converging = 0
        var pending = ""
        for _ in 0..<6 {
            let report = await cycle.run(.apply)
            converging += 1
            pending = summary(report.plan)
            if report.isConverged { break }
        }
        var callsPerCycle: [Int] = []
        var callsPerRegion: [String: [Int]] = [:]
        var fixedPerRegion: [String: Int] = [:]
        var byAction: [ActionKey: Int] = [:]
        var actions = 0
        var kinds = ""
        var issues = 0
        var result = try await Measure.timed(name, iterations: context.iterations(count >= 1_000 ? 2 : 4, quick: 2)) {
            copy.proxy.resetCalls()
            let report = await cycle.run(.apply)
            actions = report.plan?.actions.count ?? -1
            kinds = summary(report.plan)
            issues = report.issues.count
            callsPerCycle.append(copy.proxy.count())
            for (region, calls) in copy.proxy.countsByRegion {
                callsPerRegion[region, default: []].append(calls)
                fixedPerRegion[region] = calls - pages(copy.proxy, region: region)
            }
            byAction = copy.proxy.countsByAction
        }
        try await client.shutdown()
        result.counters["calls_per_cycle"] = ManifestBenchmarks.median(callsPerCycle.map(Double.init))
        for (region, calls) in callsPerRegion {
            result.counters["calls_\(region)"] = ManifestBenchmarks.median(calls.map(Double.init))
        }
        result.counters["actions"] = Double(actions)
        result.counters["issues"] = Double(issues)
        result.counters["cycles_to_converge"] = Double(converging)
        result.counters["seed_s"] = seedSeconds
        let fixed = fixedPerRegion.values.max() ?? 0
        result.counters["calls_not_pages_max"] = Double(fixed)
        result.target = "calls/region = \(Self.listings) + pages"
        result.targetMet = fixed <= Self.listings && actions == 0
        let top = byAction.sorted { ($0.value, $1.key.action) > ($1.value, $0.key.action) }.prefix(8)
            .map { "\($0.key.service).\($0.key.action)=\($0.value)" }.joined(separator: ",")
        result.note =
            "calls by action: \(top); planned: \(kinds)" + (pending.isEmpty ? "" : "; not converged: \(pending)")
        return results + [result]
    }

    /// Calls per region and steady cycle besides the pages that grow with the world: the caller's identity,
    /// instances, launch templates, their latest and default versions, launch configurations, groups.
    static let listings = 6

    /// The calls in `region` that listed what grows with the world beyond its first page (images, snapshots,
    /// parameters); the first page of each counts as a listing.
    private static func pages(_ proxy: FaultProxy, region: String) -> Int {
        let growing = [
            ("ec2", "DescribeImages"), ("ec2", "DescribeSnapshots"), ("ssm", "GetParametersByPath"),
            ("ssm", "GetParameters"),
        ]
        return growing.reduce(0) { $0 + proxy.count(service: $1.0, action: $1.1, region: region) }
    }

    /// The kinds of a plan's actions, counted: `createLaunchTemplateVersion×3`.
    private static func summary(_ plan: Plan?) -> String {
        let kinds = (plan?.actions ?? []).map { String(String(describing: $0.kind).prefix { $0 != "(" }) }
        let counted = Dictionary(grouping: kinds, by: { $0 }).sorted { $0.key < $1.key }
            .map { "\($0.key)×\($0.value.count)" }.joined(separator: ",")
        let example = plan?.actions.first.map { " (e.g. \($0.region): \($0.reason))" } ?? ""
        return counted + example
    }
}
