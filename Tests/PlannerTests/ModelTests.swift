import Foundation
import Testing

@testable import Planner

// MARK: - Versions, tokens, names, durations

@Suite struct ModelTests {
    @Test(arguments: [
        ("1.0.0", "2.0.0"), ("2.0.0", "2.1.0"), ("2.1.0", "2.1.1"), ("1.0.0-alpha", "1.0.0"),
        ("1.0.0-alpha", "1.0.0-alpha.1"), ("1.0.0-alpha.1", "1.0.0-alpha.beta"), ("1.0.0-alpha.beta", "1.0.0-beta"),
        ("1.0.0-beta", "1.0.0-beta.2"), ("1.0.0-beta.2", "1.0.0-beta.11"), ("1.0.0-beta.11", "1.0.0-rc.1"),
        ("1.0.0-rc.1", "1.0.0"), ("1.9.0", "1.10.0"), ("2026.9.0", "2026.11.0"),
    ])
    func semverPrecedence(_ lower: String, _ higher: String) throws {
        let low = try #require(SemanticVersion(lower))
        let high = try #require(SemanticVersion(higher))
        #expect(low < high)
        #expect(!(high < low))
    }

    @Test func buildMetadataIsIgnoredForPrecedenceButKeptInText() throws {
        let a = try #require(SemanticVersion("1.4.2+build.7"))
        let b = try #require(SemanticVersion("1.4.2+build.9"))
        #expect(a == b)
        #expect(Set([a, b]).count == 1)
        #expect(a.description == "1.4.2+build.7")
        #expect(KilnNames.amiName(image: "x", version: a, recipe: "abcdef0123") == "kiln/x/1.4.2_build.7/abcdef01")
    }

    @Test(arguments: ["1.4", "01.2.3", "1.2.3-", "1.2.3-01", "1.2.3+", "v1.2.3", "1.2.3.4", "", "1..3", "1.2.x"])
    func invalidVersionsAreRejected(_ text: String) {
        #expect(SemanticVersion(text) == nil)
    }

    @Test func versionsRoundTripThroughJSON() throws {
        let version = try #require(SemanticVersion("1.0.0-rc.1+exp.sha.5114f85"))
        let data = try JSONEncoder().encode([version])
        #expect(String(decoding: data, as: UTF8.self) == #"["1.0.0-rc.1+exp.sha.5114f85"]"#)
        #expect(try JSONDecoder().decode([SemanticVersion].self, from: data).first?.description == version.description)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([SemanticVersion].self, from: Data(#"["1.2"]"#.utf8))
        }
    }

    @Test func clientTokensAreStableAndDistinct() {
        // FNV-1a 128 of the empty string is the offset basis.
        #expect(ClientToken(input: "").value == "6c62272e07bb014262b821756295c58d")
        #expect(ClientToken(input: "a").value == "d228cb696f1a8caf78912b704e4a8964")
        let one = ClientToken(input: "kiln-builder|o|app|1.0.0|r|1")
        #expect(one == ClientToken(input: "kiln-builder|o|app|1.0.0|r|1"))
        #expect(one.value != ClientToken(input: "kiln-builder|o|app|1.0.0|r|2").value)
        #expect(one.value.count == 32 && one.value.allSatisfy(\.isHexDigit))
    }

    @Test(
        arguments: [(45.0 * 60, "45m"), (5400.0, "1h30m"), (7.0 * 86_400, "7d"), (90.0, "1m30s"), (0.0, "0s")]
            as [(TimeInterval, String)])
    func durationsReadLikeManifests(_ seconds: TimeInterval, _ text: String) {
        #expect(formatDuration(seconds) == text)
    }

    @Test func launchConfigurationNamesAreKilnsOnlyWhenTheyParse() {
        let planning = Planning(
            desired: Fixture.desired([]), actual: Fixture.actual(), now: Fixture.now,
            configuration: PlannerConfiguration())
        let prefix = KilnNames.launchConfigurationPrefix(group: "web", image: "api")
        #expect(planning.isKilnLaunchConfiguration("\(prefix)1.2.3-abcdef01", group: "web", image: "api"))
        #expect(planning.isKilnLaunchConfiguration("\(prefix)1.2.3-rc.1-abcdef01", group: "web", image: "api"))
        #expect(!planning.isKilnLaunchConfiguration("\(prefix)api2-1.2.3-abcdef01", group: "web", image: "api"))
        #expect(!planning.isKilnLaunchConfiguration("\(prefix)abcdef01", group: "web", image: "api"))
        #expect(!planning.isKilnLaunchConfiguration("\(prefix)1.2.3-notahash", group: "web", image: "api"))
        // The names an earlier Kiln gave, and any name a person gives, are not Kiln's.
        #expect(!planning.isKilnLaunchConfiguration("web-api-1.2.3-abcdef01", group: "web", image: "api"))
        // A long group name does not lengthen the name: the group is only in the hash.
        let long = KilnNames.launchConfigurationName(
            group: String(repeating: "g", count: 250), image: "api", version: Fixture.version("1.0.0"), recipe: "ab")
        #expect(long.count <= 255 && long.hasPrefix("kiln-") && long.hasSuffix("-api-1.0.0-ab"))
    }
}

// MARK: - What to observe, and notices

@Suite struct ObservationNeedsTests {
    @Test func desiredStateNamesTheRegionsAndLookupsToObserve() {
        let images = [
            Fixture.image(
                "a", regions: [Fixture.west],
                rollout: RolloutTargets(launchTemplates: [LaunchTemplateTarget(name: "t", region: "ap-south-1")])),
            Fixture.image("b", source: .ami([Fixture.east: "ami-0123abcd"])),
            Fixture.image("c", source: .image("a")),
            Fixture.image("d"),
        ]
        let desired = Fixture.desired(images, invalid: ["d"])
        #expect(desired.regions == [Fixture.east, Fixture.west, "ap-south-1"])
        #expect(
            desired.sourceLookupRequests == [
                SourceLookupRequest(
                    region: Fixture.east, query: .filter(ImageFilter(name: "al2023-*", owners: ["amazon"]))),
                SourceLookupRequest(region: Fixture.east, query: .imageId("ami-0123abcd")),
            ])
    }

    @Test func amisWithoutAManifestAreReportedNotTouched() {
        let plan = plan(
            desired: Fixture.desired([Fixture.image("other")]), actual: Fixture.actual(images: [Fixture.ami("ami-1")]),
            now: Fixture.now)
        #expect(plan.notices == ["app: 1 AMI(s) of ours but no manifest: Kiln no longer manages them"])
        #expect(plan.actions.allSatisfy { $0.image == "other" })
    }

    @Test func aFailedAMIOfAnEarlierAttemptIsRemovedWhenTheBakeCompletes() {
        var failed = Fixture.ami("ami-0", state: .failed, age: 7200)
        failed.creationDate = Fixture.now.addingTimeInterval(-7200)
        let plan = plan(
            desired: Fixture.desired([Fixture.image()]),
            actual: Fixture.actual(images: [failed, Fixture.ami("ami-1", age: 600)]), now: Fixture.now)
        #expect(plan.kinds == ["deregisterImage"])
        #expect(plan.actions.first?.kind.deregisteredImage == "ami-0")
        #expect(plan.report("app")?.phase == .finishing)
    }
}
