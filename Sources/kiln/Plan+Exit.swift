import ArgumentParser
import Controller
import Foundation

// MARK: - Reports to exit codes

extension CycleReport {
    /// Problems that make a plan untrustworthy: the manifests, the source or AWS could not be read.
    var readingProblems: [CycleIssue] {
        let reasons: Set<String> = [
            "invalid_manifest", "source_unreadable", "source_fetch_failed", "manifest_path_missing",
            "observe_failed", "region_unobserved", "source_unverified",
        ]
        return issues.filter { reasons.contains($0.reason) }
    }

    /// The exit code of `kiln plan`: reading problems first, then changes (with `--detailed-exitcode`).
    func planExitCode(detailed: Bool) -> ExitCode {
        if let problem = readingProblems.first {
            return problem.isReadFailure ? KilnExitCode.ioError : KilnExitCode.failure
        }
        return detailed && hasChanges ? KilnExitCode.changes : KilnExitCode.success
    }

    /// The exit code of one `kiln apply` cycle: failures and anything that needs a person are errors.
    var applyExitCode: ExitCode {
        if let problem = readingProblems.first, !planned {
            return problem.isReadFailure ? KilnExitCode.ioError : KilnExitCode.failure
        }
        if hasFailedActions || !readingProblems.isEmpty || !stalled.isEmpty { return KilnExitCode.failure }
        return KilnExitCode.success
    }
}

extension CycleIssue {
    /// The repository could not be read (exit 74); an unverified commit was read and refused (exit 1).
    var isReadFailure: Bool {
        reason != "source_unverified" && (reason.hasPrefix("source_") || reason == "manifest_path_missing")
    }
}

extension CycleReport {
    /// Says on standard error why the manifest commit was refused (unsigned, bad signature, unknown signer).
    func printRefusedSource(command: String) {
        for issue in issues where issue.reason == "source_unverified" {
            FileHandle.standardError.write(Data("kiln \(command): error: \(issue.message)\n".utf8))
        }
    }
}
