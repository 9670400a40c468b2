import Foundation
import Testing

@testable import Planner

// MARK: - Which sources moved (pure)

@Suite struct SourceUpdatesTests {
    static func watched(
        _ name: String = "app", version: String = "1.0.0", policy: SourceUpdatePolicy = .patch,
        source: ImageSource = .filter(ImageFilter(name: "al2023-*", owners: ["amazon"])),
        recipe: String = Fixture.recipe("aaaa1111")
    ) -> DesiredImage {
        var image = Fixture.image(name, version: version, recipe: recipe, source: source)
        image.autoUpdate = policy
        return image
    }

    static let newer = ObservedImage(
        id: "ami-newer", region: Fixture.east, name: "al2023-ami-2023.7", state: .available,
        creationDate: Fixture.now.addingTimeInterval(-Fixture.day), rootDeviceName: "/dev/xvda")

    static func decide(
        _ images: [DesiredImage], amis: [ObservedImage], lookups: [SourceLookup] = [Fixture.sourceLookup()],
        pending: [String: SemanticVersion] = [:], failed: Set<String> = []
    ) -> [SourceUpdateDecision] {
        SourceUpdates.decide(
            desired: Fixture.desired(images), actual: Fixture.actual(failed: failed, images: amis, lookups: lookups),
            pending: pending)
    }

    @Test func aNewerFilterMatchProposesTheNextPatch() {
        let decisions = Self.decide(
            [Self.watched()], amis: [Fixture.ami("ami-app", "app", "1.0.0")],
            lookups: [Fixture.sourceLookup([Fixture.sourceAMI, Self.newer])])
        #expect(
            decisions == [
                .propose(
                    SourceUpdate(
                        image: "app", from: Fixture.version("1.0.0"), to: Fixture.version("1.0.1"),
                        cause: .ami(from: "ami-source", to: "ami-newer")))
            ])
    }

    @Test func minorPolicyBumpsMinorAndDropsPrerelease() {
        let image = Self.watched(version: "1.4.2-rc.1", policy: .minor)
        let decisions = Self.decide(
            [image], amis: [Fixture.ami("ami-app", "app", "1.4.2-rc.1")],
            lookups: [Fixture.sourceLookup([Fixture.sourceAMI, Self.newer])])
        guard case .propose(let update)? = decisions.first else {
            Issue.record("\(decisions)")
            return
        }
        #expect(update.to.description == "1.5.0")
    }

    @Test func theSameOrAnOlderSourceWithdraws() {
        let older = ObservedImage(
            id: "ami-older", region: Fixture.east, name: "al2023-ami-2023.5", state: .available,
            creationDate: Fixture.now.addingTimeInterval(-900 * Fixture.day))
        for candidates in [[Fixture.sourceAMI], [Fixture.sourceAMI, older]] {
            let decisions = Self.decide(
                [Self.watched()], amis: [Fixture.ami("ami-app", "app", "1.0.0")],
                lookups: [Fixture.sourceLookup(candidates)])
            #expect(decisions == [.withdraw(image: "app", reason: "ami-source is the newest source")])
        }
        // A newer image that is not available yet is no update.
        var pendingImage = Self.newer
        pendingImage.state = .pending
        let decisions = Self.decide(
            [Self.watched()], amis: [Fixture.ami("ami-app", "app", "1.0.0")],
            lookups: [Fixture.sourceLookup([Fixture.sourceAMI, pendingImage])])
        #expect(decisions.map(\.kind) == ["withdraw"])
    }

    @Test func noneOrAbsentProposesNothing() {
        let decisions = Self.decide(
            [Self.watched(policy: .none), Fixture.image("other")],
            amis: [Fixture.ami("ami-app", "app", "1.0.0"), Fixture.ami("ami-other", "other", "1.0.0")],
            lookups: [Fixture.sourceLookup([Fixture.sourceAMI, Self.newer])])
        #expect(decisions.isEmpty)
    }

    @Test func unknownsKeepABranchAsItIs() {
        let lookups = [Fixture.sourceLookup([Fixture.sourceAMI, Self.newer])]
        // Not baked yet.
        #expect(
            Self.decide([Self.watched()], amis: [], lookups: lookups) == [
                .keep(image: "app", reason: "1.0.0 is not baked in us-east-1")
            ])
        // The build region failed to be observed.
        let unobserved = Self.decide(
            [Self.watched()], amis: [Fixture.ami("ami-app")], lookups: lookups, failed: [Fixture.east])
        #expect(unobserved == [.keep(image: "app", reason: "us-east-1 was not observed")])
        // The filter was not looked up.
        let notLookedUp = Self.decide([Self.watched()], amis: [Fixture.ami("ami-app")], lookups: [])
        #expect(notLookedUp == [.keep(image: "app", reason: "source filter al2023-* was not looked up")])
    }

    @Test func aPendingBranchIsWithdrawnOnceTheManifestReachesIt() {
        let lookups = [Fixture.sourceLookup([Fixture.sourceAMI, Self.newer])]
        let merged = Self.decide(
            [Self.watched(version: "1.0.1")], amis: [Fixture.ami("ami-app")], lookups: lookups,
            pending: ["app": Fixture.version("1.0.1")])
        #expect(merged == [.withdraw(image: "app", reason: "the manifest is at 1.0.1")])
        // Below the proposal: still proposed.
        let open = Self.decide(
            [Self.watched()], amis: [Fixture.ami("ami-app")], lookups: lookups,
            pending: ["app": Fixture.version("1.0.1")])
        #expect(open.map(\.kind) == ["propose"])
    }

    @Test func aNewerBaseVersionProposesTheDependentsBump() {
        let baseRecipe = Fixture.recipe("bbbb0000")
        let base = Self.watched("zbase", version: "2.1.0", policy: .none, recipe: baseRecipe)
        let app = Self.watched("app", version: "1.0.0", source: .image("zbase"))
        var appAMI = Fixture.ami("ami-app", "app", "1.0.0")
        appAMI.tags[KilnTag.sourceAMI] = "ami-base-2.0"
        let amis = [
            Fixture.ami("ami-base-2.0", "zbase", "2.0.0", recipe: baseRecipe),
            Fixture.ami("ami-base-2.1", "zbase", "2.1.0", recipe: baseRecipe), appAMI,
        ]
        let decisions = Self.decide([app, base], amis: amis)
        #expect(
            decisions == [
                .propose(
                    SourceUpdate(
                        image: "app", from: Fixture.version("1.0.0"), to: Fixture.version("1.0.1"),
                        cause: .image(base: "zbase", from: "2.0.0", to: Fixture.version("2.1.0"))))
            ])
        if case .propose(let update)? = decisions.first {
            #expect(update.sourceChange == "zbase@2.0.0 → zbase@2.1.0")
        }
        // The base's new version not baked yet: nothing known.
        let unbaked = Self.decide([app, base], amis: [amis[0], appAMI])
        #expect(unbaked == [.keep(image: "app", reason: "zbase 2.1.0 is not baked in us-east-1")])
        // Built on the base's desired version already.
        appAMI.tags[KilnTag.sourceAMI] = "ami-base-2.1"
        let current = Self.decide([app, base], amis: [amis[0], amis[1], appAMI])
        #expect(current == [.withdraw(image: "app", reason: "built on zbase 2.1.0 or newer")])
    }

    @Test func basesAreDecidedBeforeTheirDependents() {
        let baseRecipe = Fixture.recipe("bbbb0000")
        let base = Self.watched("zbase", version: "2.0.0", recipe: baseRecipe)
        let app = Self.watched("app", version: "1.0.0", source: .image("zbase"))
        var appAMI = Fixture.ami("ami-app", "app", "1.0.0")
        appAMI.tags[KilnTag.sourceAMI] = "ami-base"
        let decisions = Self.decide(
            [app, base], amis: [Fixture.ami("ami-base", "zbase", "2.0.0", recipe: baseRecipe), appAMI],
            lookups: [Fixture.sourceLookup([Fixture.sourceAMI, Self.newer])])
        #expect(decisions.map(\.image) == ["zbase", "app"])
        #expect(decisions.first?.kind == "propose")
        #expect(decisions.last == .withdraw(image: "app", reason: "built on zbase 2.0.0 or newer"))
    }

    @Test func retiredAndInvalidImagesAreSkipped() {
        var retired = Self.watched()
        retired.retired = true
        let lookups = [Fixture.sourceLookup([Fixture.sourceAMI, Self.newer])]
        #expect(Self.decide([retired], amis: [Fixture.ami("ami-app")], lookups: lookups).isEmpty)
        let invalid = SourceUpdates.decide(
            desired: Fixture.desired([Self.watched()], invalid: ["app"]),
            actual: Fixture.actual(images: [Fixture.ami("ami-app")], lookups: lookups))
        #expect(invalid.isEmpty)
    }
}

extension SourceUpdateDecision {
    var kind: String {
        switch self {
        case .propose: "propose"
        case .withdraw: "withdraw"
        case .keep: "keep"
        }
    }
}
