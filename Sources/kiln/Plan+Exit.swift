import ArgumentParser
import Controller

// MARK: - Reports to exit codes

extension CycleReport {
    /// Problems that make a plan untrustworthy: the manifests, the source or AWS could not be read.
    var readingProblems: [CycleIssue] {
        let reasons: Set<String> = [
            "invalid_manifest", "source_unreadable", "source_fetch_failed", "manifest_path_missing",
            "observe_failed", "region_unobserved",
        ]
        return issues.filter { reasons.contains($0.reason) }
    }

    /// The exit code of `kiln plan`: reading problems first, then changes (with `--detailed-exitcode`).
    func planExitCode(detailed: Bool) -> ExitCode {
        if let problem = readingProblems.first {
            return problem.reason.hasPrefix("source_") || problem.reason == "manifest_path_missing"
                ? KilnExitCode.ioError : KilnExitCode.failure
        }
        return detailed && hasChanges ? KilnExitCode.changes : KilnExitCode.success
    }

    /// The exit code of one `kiln apply` cycle: failures and anything that needs a person are errors.
    var applyExitCode: ExitCode {
        if let problem = readingProblems.first, !planned {
            return problem.reason.hasPrefix("source_") || problem.reason == "manifest_path_missing"
                ? KilnExitCode.ioError : KilnExitCode.failure
        }
        if hasFailedActions || !readingProblems.isEmpty || !stalled.isEmpty { return KilnExitCode.failure }
        return KilnExitCode.success
    }
}
