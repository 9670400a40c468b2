import ArgumentParser
import Controller
import Foundation

// MARK: - Reports to exit codes

extension CycleReport {
    /// Problems that make a plan untrustworthy: the manifests, the source or AWS could not be read.
    var readingProblems: [CycleIssue] {
        issues.filter(\.reason.isReadingProblem)
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
        reason.isRepositoryUnreadable
    }
}

extension CycleReport {
    /// Says on standard error why the manifest commit was refused (unsigned, bad signature, unknown signer).
    func printRefusedSource(command: String) {
        for issue in issues where issue.reason == .sourceUnverified {
            FileHandle.standardError.write(Data("kiln \(command): error: \(issue.message)\n".utf8))
        }
    }
}
