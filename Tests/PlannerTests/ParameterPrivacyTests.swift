import Foundation
import Testing

@testable import Planner

// MARK: - A parameter's value is never printed

/// The plan says what a parameter holds (a Kiln AMI of which image and version, or a value Kiln did not write),
/// never the value itself: not in reasons, messages, rollout targets, text, Markdown or JSON.
@Suite struct ParameterPrivacyTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var parameter: ObservedParameter?
        var says: String
        var converged: Bool
        var testDescription: String { name }
    }

    static let otherImage = Fixture.ami("ami-base", "base", "2.0.0", age: 3600)

    static let cases: [Case] = [
        Case(
            name: "an older Kiln AMI of this image",
            parameter: ObservedParameter(name: "/app/ami", region: Fixture.east, imageId: "ami-old"),
            says: "parameter /app/ami currently holds a Kiln AMI of this image (1.0.0); 1.1.0 is ami-new",
            converged: false),
        Case(
            name: "a Kiln AMI of another image",
            parameter: ObservedParameter(name: "/app/ami", region: Fixture.east, imageId: "ami-base"),
            says: "parameter /app/ami currently holds a Kiln AMI of image base (2.0.0); 1.1.0 is ami-new",
            converged: false),
        Case(
            name: "a value Kiln did not write",
            parameter: ObservedParameter(name: "/app/ami", region: Fixture.east, imageId: nil),
            says: "parameter /app/ami currently holds a value Kiln did not write; 1.1.0 is ami-new", converged: false),
        Case(
            name: "no parameter yet", parameter: nil, says: "parameter /app/ami does not exist; 1.1.0 is ami-new",
            converged: false),
        Case(
            name: "the desired AMI",
            parameter: ObservedParameter(name: "/app/ami", region: Fixture.east, imageId: "ami-new"),
            says: "parameter /app/ami currently holds a Kiln AMI of this image (1.1.0)", converged: true),
    ]

    @Test(arguments: cases)
    func thePlanSaysWhatTheParameterHoldsNeverItsValue(_ row: Case) throws {
        let image = Fixture.image(version: "1.1.0", rollout: RolloutTargets(ssmParameter: "/app/ami"))
        let images = [RolloutTests.oldAMI, RolloutTests.newAMI, Self.otherImage]
        let actual = Fixture.actual(images: images, parameters: row.parameter.map { [$0] } ?? [])
        let plan = Planner.plan(desired: Fixture.desired([image]), actual: actual, now: Fixture.now)

        let target = try #require(plan.images.first?.rolloutTargets.first { $0.kind == .ssmParameter })
        #expect(target.message == row.says)
        #expect(target.converged == row.converged)
        #expect(target.currentImageId == nil, "a parameter's value is not reported, not even an AMI id")
        #expect(plan.actions("putParameter").count == (row.converged ? 0 : 1))
        if !row.converged { #expect(plan.actions("putParameter").first?.reason == row.says) }

        // Nothing said of the parameter names the AMI it holds (the desired AMI is the plan's own: it is what gets
        // written); the plan lists Kiln's AMIs elsewhere, by version.
        guard let held = row.parameter?.imageId, held != "ami-new" else { return }
        let lines = (plan.text + plan.markdown).split(separator: "\n").filter { $0.contains("/app/ami") }
        #expect(!lines.isEmpty)
        for line in lines { #expect(!line.contains(held), "\(line)") }
    }

    /// Whatever a parameter holds, an AMI it names is in use: never pruned.
    @Test func theAMIAParameterNamesIsKept() {
        let image = Fixture.image(
            version: "1.1.0", retention: Retention(keep: 1, minAge: ManifestDuration(seconds: 0), pinned: []))
        let parameter = ObservedParameter(name: "/elsewhere/ami", region: Fixture.east, imageId: "ami-old")
        let kept = Planner.plan(
            desired: Fixture.desired([image]),
            actual: Fixture.actual(images: [RolloutTests.oldAMI, RolloutTests.newAMI], parameters: [parameter]),
            now: Fixture.now)
        #expect(kept.actions("deregisterImage").isEmpty)
        let pruned = Planner.plan(
            desired: Fixture.desired([image]),
            actual: Fixture.actual(images: [RolloutTests.oldAMI, RolloutTests.newAMI]), now: Fixture.now)
        #expect(pruned.actions("deregisterImage").count == 1)
    }
}
