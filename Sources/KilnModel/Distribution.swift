// MARK: - Distribution

/// `spec.distribute`: copies to other regions and launch permissions for other accounts.
public struct Distribution: Sendable, Hashable, Codable {
    /// Regions beyond the build region (unique, never the build region).
    public var regions: [String]
    /// 12-digit account ids given launch permission on the AMI and its snapshots (unique).
    public var accounts: [String]

    /// Creates a distribution; default none.
    public init(regions: [String] = [], accounts: [String] = []) {
        self.regions = regions
        self.accounts = accounts
    }
}
