import Foundation
import Planner

// MARK: - Failed attempts: status files and builder tags

/// Combines the failed attempts recorded in status files with those written on builders' tags.
///
/// A builder that failed is tagged `kiln:phase=failed` (or `failed-kept`) with its `kiln:attempt` before it is
/// terminated (or stopped), so its tags outlive the run that saw it fail. For each bake the record with the most
/// attempts wins; on a tie the status file's, which carries the step's output.
public enum FailureHistory {
    /// The failure records of every bake of `owner`: `recorded` (status files) merged with builder tags.
    public static func merge(
        recorded: [BakeFailureRecord], instances: [ObservedInstance], owner: String
    ) -> [BakeFailureRecord] {
        var best: [String: BakeFailureRecord] = [:]
        func consider(_ record: BakeFailureRecord) {
            let key = "\(record.image)\u{0}\(record.version)\u{0}\(record.recipe)"
            if let current = best[key], current.attempts >= record.attempts { return }
            best[key] = record
        }
        recorded.forEach(consider)
        fromBuilderTags(instances, owner: owner).forEach(consider)
        return best.values.sorted {
            ($0.image, $0.version.description, $0.recipe) < ($1.image, $1.version.description, $1.recipe)
        }
    }

    /// One record per bake whose builders are tagged as failed: attempts = the highest failed attempt.
    public static func fromBuilderTags(_ instances: [ObservedInstance], owner: String) -> [BakeFailureRecord] {
        let failedPhases: Set<String> = [BuilderPhaseTag.failed, BuilderPhaseTag.failedKept]
        var records: [String: BakeFailureRecord] = [:]
        for instance in instances.sorted(by: { $0.id < $1.id }) {
            let tags = instance.tags
            guard tags[KilnTag.role] == "builder", tags[KilnTag.owner] == owner,
                let phase = tags[KilnTag.phase], failedPhases.contains(phase),
                let image = tags[KilnTag.image], let recipe = tags[KilnTag.recipe],
                let version = tags[KilnTag.version].flatMap(Planner.SemanticVersion.init)
            else { continue }
            let attempt = tags[KilnTag.attempt].flatMap(Int.init) ?? 1
            let at = tags[KilnTag.since].flatMap(parseTimestamp) ?? instance.launchTime
            let step = tags[KilnTag.step]
            var error = "attempt \(attempt) failed (builder \(instance.id))"
            if let step { error = "attempt \(attempt) failed in step \(step) (builder \(instance.id))" }
            let record = BakeFailureRecord(
                image: image, version: version, recipe: recipe, attempts: attempt, lastError: error, lastStep: step,
                lastFailureAt: at)
            let key = "\(image)\u{0}\(version)\u{0}\(recipe)"
            if let current = records[key], current.attempts >= attempt { continue }
            records[key] = record
        }
        return Array(records.values)
    }

    private static func parseTimestamp(_ text: String) -> Date? {
        try? Date(text, strategy: Date.ISO8601FormatStyle())
    }
}
