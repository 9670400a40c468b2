import Cloud
import Foundation

@testable import Controller
@testable import Planner

/// Cycle reports built by hand, as the engine would make them.
enum Reports {
    static let recipe = String(repeating: "ab", count: 32)
    static let start = Date(timeIntervalSince1970: 1_717_243_200)  // 2024-06-01T12:00:00Z

    /// A report of an applied cycle at `commit` with `images`, `outcomes` and `issues`.
    static func report(
        commit: String = "0123456789abcdef0123456789abcdef01234567", images: [ImageReport], actions: [Action] = [],
        outcomes: [ActionOutcome] = [], recorded: [BakeFailure] = [], issues: [CycleIssue] = [], at: Date = start
    ) -> CycleReport {
        var report = CycleReport(owner: "kiln-test", mode: .apply, startedAt: at)
        report.commit = commit
        report.plan = Plan(actions: actions, images: images, notices: [])
        report.outcomes = outcomes
        report.recordedFailures = recorded.map { RecordedFailure(failure: $0, location: nil) }
        report.issues = issues
        report.finishedAt = at.addingTimeInterval(3)
        report.steps = CycleStepName.allCases.map { StepRecord(name: $0, status: .succeeded, duration: 1) }
        return report
    }

    /// A report of a cycle that could not observe AWS.
    static func unobserved(at: Date = start) -> CycleReport {
        var report = CycleReport(owner: "kiln-test", mode: .apply, startedAt: at)
        report.commit = "0123456789abcdef0123456789abcdef01234567"
        report.issues = [.observeFailed("connection refused")]
        report.steps = [
            StepRecord(name: .loadManifests, status: .succeeded, duration: 0),
            StepRecord(name: .observe, status: .failed, duration: 0),
        ]
        report.finishedAt = at
        return report
    }

    /// An image baked and rolled out: `version` available in `regions`.
    static func ready(
        _ name: String, version: String, regions: [String] = ["us-east-1"], ami: String = "ami-0aaa"
    ) -> ImageReport {
        var image = ImageReport(name: name, image: nil)
        image.manifest = ManifestLocation(file: "manifests/\(name).yaml", line: 1)
        image.desiredVersion = SemanticVersion(version)
        image.recipe = recipe
        image.phase = .done
        image.conditions = [Condition(type: .ready, message: "\(version) is baked and rolled out to 1 target(s)")]
        image.versions = [
            VersionReport(
                version: version, recipe: recipe,
                amis: regions.enumerated().map { index, region in
                    RegionImage(region: region, imageId: "\(ami)\(index)", state: .available, deprecationTime: nil)
                })
        ]
        image.rolloutTargets = [
            RolloutTargetReport(
                kind: .launchTemplate, name: name, region: regions[0], currentImageId: "\(ami)0",
                currentVersion: version, desiredImageId: "\(ami)0", converged: true, message: "at \(version)")
        ]
        return image
    }

    /// An image whose bake of `version` is in progress.
    static func baking(_ name: String, version: String, message: String = "running step install") -> ImageReport {
        var image = ImageReport(name: name, image: nil)
        image.desiredVersion = SemanticVersion(version)
        image.recipe = recipe
        image.phase = .runningStep
        image.conditions = [Condition(type: .baking, message: message)]
        return image
    }

    static func failure(
        _ image: String, version: String, attempt: Int, tail: String, at: Date = start
    ) -> BakeFailure {
        guard let parsed = SemanticVersion(version) else { preconditionFailure("not a version: \(version)") }
        return BakeFailure(
            image: image, version: parsed,
            recipe: recipe, attempt: attempt, step: "install", exitCode: 2, outputTail: tail,
            error: "step install exited with 2", at: at)
    }
}
