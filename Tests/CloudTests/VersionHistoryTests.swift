import Foundation
import Planner
import Testing

@testable import Cloud

/// Which launch templates get every version read: only those of an image that may prune this cycle.
@Suite("Observer: every version of a template only when a prune may need it")
struct VersionHistoryTests {
    static let owner = "kiln-history"
    static let account = "123456789012"
    static let now = Date(timeIntervalSince1970: 1_900_000_000)

    /// An AMI of ours for `version`, `days` old.
    static func ami(_ version: String, days: Double) -> ObservedImage {
        ObservedImage(
            id: "ami-\(version.replacingOccurrences(of: ".", with: ""))", region: "us-east-1",
            name: "kiln/api/\(version)/abababab", state: .available,
            creationDate: now.addingTimeInterval(-days * 86_400),
            tags: [
                KilnTag.owner: owner, KilnTag.image: "api", KilnTag.version: version,
                KilnTag.recipe: String(repeating: "ab", count: 32),
            ],
            ownerId: account)
    }

    static let template = ObservedLaunchTemplate(
        id: "lt-1", name: "api-lt", region: "us-east-1", defaultVersion: 2, latestVersion: 2, versions: [])

    @Test(
        "a template's history is read when its image has a version past keep and minAge, else never",
        arguments: [
            // (AMIs as (version, age in days), keep, pinned, retired, read)
            ([("1.0.0", 30.0), ("2.0.0", 30.0)], 2, [String](), false, false),
            ([("1.0.0", 30.0), ("2.0.0", 30.0)], 1, [], false, true),
            ([("1.0.0", 1.0), ("2.0.0", 30.0)], 1, [], false, false),
            ([("1.0.0", 30.0), ("2.0.0", 30.0)], 1, ["1.0.0"], false, false),
            ([("2.0.0", 30.0)], 1, [], false, false),
            ([("2.0.0", 30.0)], 3, [], true, true),
        ])
    func readsHistoryOnlyWhenAPruneIsPossible(
        amis: [(String, Double)], keep: Int, pinned: [String], retired: Bool, read: Bool
    ) throws {
        var image = try Fixtures.image(
            "api", version: "2.0.0", region: "us-east-1",
            rollout: RolloutTargets(launchTemplates: [LaunchTemplateTarget(name: "api-lt", region: "us-east-1")]))
        image.retention = Retention(keep: keep, minAge: .days(7), pinned: pinned.compactMap(SemanticVersion.init))
        image.retired = retired
        let actual = ActualState(
            observedRegions: ["us-east-1"], images: amis.map { Self.ami($0.0, days: $0.1) },
            launchTemplates: [Self.template], accountId: Self.account)

        let wanted = Observer.templatesNeedingHistory(
            desired: Fixtures.desired([image], owner: Self.owner), actual: actual, now: Self.now)

        #expect(wanted.map(\.id) == (read ? ["lt-1"] : []))
    }
}
