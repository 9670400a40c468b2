import ArgumentParser

/// The exit codes of every `kiln` command, in one place.
enum KilnExitCode {
    /// Everything is valid / the command succeeded.
    static let success = ExitCode(0)
    /// At least one manifest is invalid.
    static let invalidManifests = ExitCode(1)
    /// The command failed: a cycle could not plan, an action failed, or something needs a person.
    static let failure = ExitCode(1)
    /// `kiln plan --detailed-exitcode`: the plan has changes.
    static let changes = ExitCode(2)
    /// `kiln apply --wait --timeout`: the time limit passed before the cycles converged.
    static let timedOut = ExitCode(3)
    /// Wrong usage (ArgumentParser's validation errors exit with this code too), like sysexits' EX_USAGE.
    static let usage = ExitCode(64)
    /// A path or repository could not be read, or a needed tool is missing, like sysexits' EX_IOERR.
    static let ioError = ExitCode(74)
}
