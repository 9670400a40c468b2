import ArgumentParser

/// The exit codes of every `kiln` command, in one place.
enum KilnExitCode {
    /// Everything is valid / the command succeeded.
    static let success = ExitCode(0)
    /// At least one manifest is invalid.
    static let invalidManifests = ExitCode(1)
    /// Wrong usage (ArgumentParser's validation errors exit with this code too), like sysexits' EX_USAGE.
    static let usage = ExitCode(64)
    /// A path or repository could not be read, or a needed tool is missing, like sysexits' EX_IOERR.
    static let ioError = ExitCode(74)
}
