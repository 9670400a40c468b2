import Foundation
import Planner
import Redaction

// MARK: - Failed bake attempts

extension StatusRenderer {
    /// The failure records of the desired bake: the previous file's, the merged record the planner saw, and the
    /// attempts recorded this cycle; the record with the most attempts wins. Records of other versions or
    /// recipes are dropped (a changed manifest is a fresh start); an image without a desired bake keeps its
    /// previous records.
    func failures(of image: ImageReport, report: CycleReport, previous: StatusDocument?) -> [StatusFailure] {
        let old = previous?.failures ?? []
        guard let version = image.desiredVersion, let recipe = image.recipe else { return old }
        var records = old.compactMap { $0.record(image: image.name) }
        if let last = image.lastFailure { records.append(last) }
        for recorded in report.recordedFailures where recorded.failure.image == image.name {
            let failure = recorded.failure
            records.append(
                BakeFailureRecord(
                    image: failure.image, version: failure.version, recipe: failure.recipe,
                    attempts: failure.attempt, lastError: failure.error, lastStep: failure.step,
                    lastExitCode: failure.exitCode, lastOutputTail: failure.outputTail, lastFailureAt: failure.at))
        }
        let current = records.filter { $0.version == version && $0.recipe == recipe }
        return Self.merge(current).map { record in
            StatusFailure(
                version: record.version.description, recipe: record.recipe, attempts: record.attempts,
                lastFailureAt: StatusTime.text(record.lastFailureAt),
                lastError: Redaction.redact(record.lastError), lastStep: record.lastStep,
                lastExitCode: record.lastExitCode,
                lastOutputTail: record.lastOutputTail.map { Redaction.tail($0) })
        }
    }

    /// One record per (version, recipe): most attempts, then the latest failure.
    private static func merge(_ records: [BakeFailureRecord]) -> [BakeFailureRecord] {
        var best: [String: BakeFailureRecord] = [:]
        for record in records {
            let key = "\(record.version)\u{0}\(record.recipe)"
            if let current = best[key],
                (current.attempts, current.lastFailureAt) >= (record.attempts, record.lastFailureAt)
            {
                continue
            }
            best[key] = record
        }
        return best.values.sorted { ($0.version.description, $0.recipe) < ($1.version.description, $1.recipe) }
    }
}
