import Git

// MARK: - When the mirror is repacked

/// Decides when the daemon repacks its mirror: once the pack count passes `Mirror.packThreshold`, and at most once
/// every `spacing` passes whatever the outcome, so a repack that fails (or leaves many kept packs) is not retried on
/// every poll.
struct MirrorMaintenance: Sendable, Equatable {
    /// Passes between two repacks at least.
    static let spacing = 10

    /// Repack when the mirror holds more packs than this.
    var threshold = Mirror.packThreshold
    /// The pass of the last repack attempted, if any.
    private(set) var lastAttempt: Int?

    /// Whether the pass numbered `pass` should repack a mirror holding `packs` packs.
    func shouldRepack(packs: Int, pass: Int) -> Bool {
        guard packs > threshold else { return false }
        guard let lastAttempt else { return true }
        return pass - lastAttempt >= Self.spacing
    }

    /// Records that the pass numbered `pass` attempted a repack.
    mutating func attempted(at pass: Int) {
        lastAttempt = pass
    }
}
