import AWS
import Cloud
import Foundation
import KilnTestSupport
import Planner
import Testing

/// 10, 100 and 1,000 images in moto, each in a region of its own: what a steady observation costs.
@Suite("Observer at scale against moto", .largeCloudWorld)
struct ObserverScaleTests {
    static let owner = "kiln-scale"
    /// Image count → region.
    static let worlds = [(10, "us-west-1"), (100, "us-west-2"), (1_000, "ca-central-1")]

    /// `count` images of ours at 1.0.0, one launch template per ten images (version 2 names one of ours), a group
    /// pinning version 2 of the first template by number, one parameter per image under `/kiln/`, and what is not
    /// ours: hand-made AMIs, AMIs with another owner's tags, parameters outside `/kiln/`.
    static func seed(_ world: World, images count: Int) async throws -> [DesiredImage] {
        let maker = try await world.launch()
        let names = (0..<count).map { String(format: "img-%04d", $0) }
        let amis = try await concurrentSeed(names) { try await world.kilnImage($0, "1.0.0", from: maker) }
        for index in 0..<5 {
            _ = try await world.createImage(name: "hand-made-\(index)", from: maker, tags: ["team": "ops"])
            var foreign = world.kilnTags(image: "img-0000", version: "1.0.0")
            foreign[KilnTag.owner] = "someone-else"
            _ = try await world.createImage(name: "kiln/img-0000/1.0.0/abababab", from: maker, tags: foreign)
        }
        var desired: [DesiredImage] = []
        for (index, name) in names.enumerated() {
            var targets: [LaunchTemplateTarget] = []
            if index % 10 == 0 {
                let templateName = "lt-\(name)"
                let template = try await world.launchTemplate(templateName)
                _ = try await world.addVersion(to: template, image: amis[index], description: "kiln:\(name)/1.0.0")
                if index == 0 {
                    _ = try await world.addVersion(to: template, image: World.baseImage)
                    try await world.group("pinned-\(name)", template: template, version: "2")
                }
                targets.append(LaunchTemplateTarget(name: templateName, region: world.region))
            }
            desired.append(
                try Fixtures.image(
                    name, version: "1.0.0", region: world.region,
                    rollout: RolloutTargets(launchTemplates: targets, ssmParameter: "/kiln/\(name)/ami")))
        }
        _ = try await concurrentSeed(Array(zip(names, amis))) { name, ami in
            try await world.ssm.putParameter(.imageID(name: "/kiln/\(name)/ami", imageId: ami))
        }
        for index in 0..<3 {
            try await world.ssm.putParameter(.init(name: "/other/secret-\(index)", value: "s3cr3t", overwrite: true))
        }
        return desired
    }

    /// Seeds eight at a time.
    static func concurrentSeed<Input: Sendable, Output: Sendable>(
        _ inputs: [Input], _ make: @escaping @Sendable (Input) async throws -> Output
    ) async throws -> [Output] {
        var results: [Output?] = Array(repeating: nil, count: inputs.count)
        try await withThrowingTaskGroup(of: (Int, Output).self) { group in
            var next = 0
            func start() {
                guard next < inputs.count else { return }
                let index = next
                next += 1
                group.addTask { (index, try await make(inputs[index])) }
            }
            for _ in 0..<8 { start() }
            for try await (index, output) in group {
                results[index] = output
                start()
            }
        }
        return results.compactMap { $0 }
    }

    @Test("a steady observation makes the same calls at 10, 100 and 1,000 images; parameters cost one call a page")
    func sameCallsAtEveryScale() async throws {
        let harness = try CloudWorld.harness()
        var desired: [DesiredImage] = []
        for (count, region) in Self.worlds {
            desired += try await Self.seed(World(harness: harness, region: region, owner: Self.owner), images: count)
        }
        harness.proxy.resetCalls()
        let pages = Observer.PageSizes(images: 1_000, launchTemplates: 200, parameters: 10)
        let observer = Observer(client: harness.controller, configuration: .init(pageSizes: pages))

        let observation = await observer.observe(
            regions: Self.worlds.map(\.1), desired: Fixtures.desired(desired, owner: Self.owner))

        #expect(observation.actual.failedRegions.isEmpty, "\(observation.regionFailures)")
        for (count, region) in Self.worlds {
            let images = observation.actual.images.filter { $0.region == region }
            #expect(images.count == count, "only AMIs with this owner's tag are listed")
            #expect(
                images.allSatisfy { Ownership.isOurs($0, owner: Self.owner, account: observation.actual.accountId) })
            let parameters = observation.actual.parameters.filter { $0.region == region }
            #expect(parameters.count == count, "parameters outside /kiln/ are not read")
            #expect(parameters.allSatisfy { $0.imageId != nil && $0.name.hasPrefix("/kiln/") })
            let templates = observation.actual.launchTemplates.filter { $0.region == region }
            #expect(templates.count == count / 10)
            let pinned = try #require(templates.first { $0.name == "lt-img-0000" })
            #expect(pinned.latestVersion == 3 && pinned.defaultVersion == 1)
            #expect(pinned.versions.map(\.number) == [1, 2, 3], "latest, default and the version the group pins")
            #expect(
                templates.allSatisfy { $0.version($0.latestVersion) != nil && $0.version($0.defaultVersion) != nil })

            let calls = harness.proxy.count(region: region)
            let byPath = harness.proxy.count(service: "ssm", action: "GetParametersByPath", region: region)
            let caller = harness.proxy.count(service: "sts", action: "GetCallerIdentity", region: region)
            // Pages of ten: moto follows a full last page with an empty one.
            #expect(((count + 9) / 10...count / 10 + 1).contains(byPath), "\(byPath) pages for \(count)")
            // Images, snapshots, instances, templates, latest+default versions of all templates, the pinned
            // version, configurations, groups: the same at every scale.
            #expect(calls - byPath - caller == 8, "\(count) images: \(harness.proxy.countsByAction)")
            #expect(harness.proxy.count(service: "ec2", action: "DescribeLaunchTemplateVersions", region: region) == 2)
            #expect(harness.proxy.count(service: "ec2", action: "DescribeImages", region: region) == 1)
        }
    }
}
