import AWS
import Cloud
import Foundation
import KilnTestSupport
import Planner
import Testing

/// Source filters of images with `autoUpdate` cost the same calls at 10 and 100 images, and the client-side pick of
/// each filter's matches agrees with moto's own `name` filtering.
extension ObserverSuites {
    @Suite struct SourceLookupScaleTests {
        static let owner = "kiln-sources"
        static let account = "123456789012"
        static let sourceNames = ["base-a-1", "base-a-2", "base-b-1", "base-c-1", "base-ab-1", "other-1"]

        /// `count` desired images with `autoUpdate`, each with a name pattern of its own or one of five shared ones,
        /// under two sets of owners.
        static func desired(_ count: Int, region: String) throws -> [DesiredImage] {
            let shared = ["base-a-*", "base-?-1", "base-c-1", "base-*", "*-1"]
            return try (0..<count).map { index in
                let pattern = index % 2 == 0 ? shared[index / 2 % shared.count] : "unique-\(index)-*"
                let owners = index % 3 == 0 ? [account] : ["self"]
                var image = try Fixtures.image(
                    String(format: "img-%03d", index), version: "1.0.0", region: region,
                    source: .filter(ImageFilter(name: pattern, owners: owners)))
                image.autoUpdate = .patch
                return image
            }
        }

        @Test("filter lookups make the same calls at 10 and 100 images, and each filter gets the AMIs EC2 matches")
        func flatAtEveryScale() async throws {
            let harness = try CloudWorld.harness()
            for (count, region) in [(10, "af-south-1"), (100, "ap-southeast-3")] {
                let world = World(harness: harness, region: region, owner: Self.owner)
                let maker = try await world.launch()
                var sources: [String: String] = [:]
                for name in Self.sourceNames {
                    sources[name] = try await world.createImage(name: name, from: maker, tags: [:])
                }
                let desired = try Self.desired(count, region: region)
                harness.proxy.resetCalls()
                let observer = Observer(client: harness.controller)
                let observation = await observer.observe(
                    regions: [region], desired: Fixtures.desired(desired, owner: Self.owner))
                #expect(observation.actual.failedRegions.isEmpty, "\(observation.regionFailures)")
                // Our own AMIs, then one call per set of owners whatever the number of patterns.
                let calls = harness.proxy.count(service: "ec2", action: "DescribeImages", region: region)
                #expect(calls == 3, "\(count) images: \(harness.proxy.countsByAction)")

                // Each filter's candidates are exactly what EC2 (moto) answers for that filter alone.
                let lookups = observation.actual.sourceLookups.filter { $0.region == region }
                for image in desired {
                    guard case .filter(let filter) = image.source else { continue }
                    let lookup = try #require(lookups.first { $0.query == SourceQuery.filter(filter).normalized })
                    let alone = try await world.ec2.describeImages(
                        .init(
                            owners: filter.owners,
                            filters: [
                                .init(name: "name", values: [filter.name]),
                                .init(name: "architecture", values: ["x86_64"]),
                            ]))
                    #expect(Set(lookup.candidates.map(\.id)) == Set(alone.map(\.imageId)), "\(filter.name)")
                }
                #expect(lookups.contains { !$0.candidates.isEmpty })
            }
        }

        @Test("the client-side wildcard match agrees with moto's name filter on random names and patterns")
        func clientSideMatchAgreesWithMoto() async throws {
            let harness = try CloudWorld.harness()
            let world = World(harness: harness, region: "eu-south-2", owner: Self.owner)
            let maker = try await world.launch()
            var random = SplitMix(seed: 0x6b696c6e)
            var names: Set<String> = []
            while names.count < 30 { names.insert(random.string(from: "ab-.", length: 1...6)) }
            var ids: [String: String] = [:]
            for name in names.sorted() {
                ids[try await world.createImage(name: name, from: maker, tags: [:])] = name
            }
            var withWildcards = 0
            for _ in 0..<150 {
                let pattern = random.string(from: "ab-.*?", length: 1...6)
                let found = try await world.ec2.describeImages(
                    .init(owners: ["self"], filters: [.init(name: "name", values: [pattern])]))
                let server = Set(found.compactMap { ids[$0.imageId] })
                let filter = ImageFilter(name: pattern, owners: ["self"])
                let client = Set(names.filter { filter.matches(name: $0) })
                if pattern.contains("?") {
                    // EC2's `?` matches zero or one character, moto's exactly one: moto's answer is within ours.
                    #expect(server.isSubset(of: client), "\(pattern): moto \(server.sorted()), Kiln \(client.sorted())")
                } else {
                    #expect(server == client, "\(pattern): moto \(server.sorted()), Kiln \(client.sorted())")
                }
                if pattern.contains("*") && !server.isEmpty { withWildcards += 1 }
            }
            #expect(withWildcards > 10, "the patterns exercise wildcards that match")
        }
    }
}

/// A small deterministic generator (SplitMix64) for property tests.
struct SplitMix {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func string(from alphabet: String, length: ClosedRange<Int>) -> String {
        let characters = Array(alphabet)
        let count = length.lowerBound + Int(next() % UInt64(length.count))
        return String((0..<count).map { _ in characters[Int(next() % UInt64(characters.count))] })
    }
}
