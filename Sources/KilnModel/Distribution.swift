// MARK: - Distribution

/// `spec.distribute`: copies to other regions, launch permissions for other accounts, and copies into other
/// accounts.
public struct Distribution: Sendable, Hashable, Codable {
    /// Regions beyond the build region (unique, never the build region).
    public var regions: [String]
    /// 12-digit account ids given launch permission on the AMI and its snapshots (unique).
    public var accounts: [String]
    /// Accounts the image is copied into (`spec.distribute.copyTo`), each owning its copies (unique accounts).
    public var copyTo: [AccountCopy]
    /// The KMS key of the copy in a region, where it is not `rootVolume.kmsKey`: set for another account's own
    /// copies (its `copyTo` entry's `kmsKey`), never by a manifest's `distribute`.
    public var regionKmsKeys: [String: String]

    /// Creates a distribution; default none.
    public init(
        regions: [String] = [], accounts: [String] = [], copyTo: [AccountCopy] = [],
        regionKmsKeys: [String: String] = [:]
    ) {
        self.regions = regions
        self.accounts = accounts
        self.copyTo = copyTo
        self.regionKmsKeys = regionKmsKeys
    }

    /// The accounts given launch permission: `accounts` and every `copyTo` account (a copy needs the share).
    public var sharedAccounts: [String] {
        Array(Set(accounts).union(copyTo.map(\.account))).sorted()
    }

    enum CodingKeys: String, CodingKey {
        case regions, accounts, copyTo, regionKmsKeys
    }

    /// Decodes a distribution; a missing `copyTo` is none.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        regions = try container.decode([String].self, forKey: .regions)
        accounts = try container.decode([String].self, forKey: .accounts)
        copyTo = try container.decodeIfPresent([AccountCopy].self, forKey: .copyTo) ?? []
        regionKmsKeys = try container.decodeIfPresent([String: String].self, forKey: .regionKmsKeys) ?? [:]
    }

    /// Encodes a distribution; `copyTo` only when there is one.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(regions, forKey: .regions)
        try container.encode(accounts, forKey: .accounts)
        if !copyTo.isEmpty { try container.encode(copyTo, forKey: .copyTo) }
        if !regionKmsKeys.isEmpty { try container.encode(regionKmsKeys, forKey: .regionKmsKeys) }
    }
}

/// `spec.distribute.copyTo[]`: an account (configured under `accounts:`) the image is copied into, and the regions
/// of that account that get a copy (the first is where the image is copied from the build region; the others are
/// copied from that one, inside the account).
public struct AccountCopy: Sendable, Hashable, Codable {
    /// The 12-digit account id.
    public var account: String
    /// Regions of that account (unique, at least one).
    public var regions: [String]
    /// The KMS key each region's copy is encrypted with (`kmsKey`), by region; nil: the account's default EBS key.
    public var kmsKeys: [String: String]?

    /// Creates an account copy.
    public init(account: String, regions: [String], kmsKeys: [String: String]? = nil) {
        self.account = account
        self.regions = regions
        self.kmsKeys = kmsKeys
    }

    /// The KMS key of the copy in `region`, if `kmsKey` names one.
    public func kmsKey(in region: String) -> String? { kmsKeys?[region] }

    /// The region the copy from the build region lands in.
    public var primaryRegion: String? { regions.first }
}
