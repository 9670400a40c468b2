// MARK: - Cleanup mode

/// `spec.cleanup`'s mode: whether Kiln runs its standard pre-image cleanup.
public enum CleanupMode: String, Sendable, Hashable, Codable, CaseIterable {
    /// Remove temporary files, package caches, credentials, shell history, SSH host keys, cloud-init
    /// state and machine-id before the image is taken.
    case standard
    /// No standard cleanup.
    case none
}
