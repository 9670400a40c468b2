import Foundation
import Planner

// MARK: - Failed attempts: status files and builder tags

/// Combines the failed attempts recorded in status files with those the observer read from builders' tags.
///
/// A builder that failed is tagged `kiln:phase=failed` (or `failed-kept`) with its `kiln:attempt` before it is
/// terminated (or stopped), so its tags outlive the run that saw it fail; status files outlive the builders. For
/// each bake the record with the most attempts wins; on a tie the status file's, which carries the step's output.
public enum FailureHistory {
    /// One record per bake (image, version, recipe).
    public static func merge(status: [BakeFailureRecord], observed: [BakeFailureRecord]) -> [BakeFailureRecord] {
        var best: [String: BakeFailureRecord] = [:]
        for record in status + observed {
            let key = "\(record.image)\u{0}\(record.version)\u{0}\(record.recipe)"
            if let current = best[key], current.attempts >= record.attempts { continue }
            best[key] = record
        }
        return best.values.sorted {
            ($0.image, $0.version.description, $0.recipe) < ($1.image, $1.version.description, $1.recipe)
        }
    }
}
