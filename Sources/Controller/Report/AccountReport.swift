import Foundation
import Planner

// MARK: - What a cycle saw and did in another account

/// One account the manifests copy into, as the accounts step left it: Kiln's copies there and the failed attempts
/// the status files keep.
public struct AccountReport: Sendable, Encodable, Equatable {
    /// The 12-digit account id.
    public var account: String
    /// Kiln's AMIs there (this owner's, by name and tags), sorted by image, version, region (empty when the
    /// account could not be observed).
    public var copies: [AccountImageCopy] = []
    /// Failed attempts per image of the desired version and recipe, after this cycle (a failure adds one, a
    /// successful action of the image clears its record).
    public var failures: [BakeFailureRecord] = []
    /// Running instances of Kiln's copies there, per image and region (from what was observed there).
    public var fleet: [FleetRegion] = []
    /// Whether the account was observed this cycle (else `copies` is unknown, not empty).
    public var observed = false

    /// Creates the report of an account.
    public init(account: String) {
        self.account = account
    }
}

/// One of Kiln's AMIs in another account.
public struct AccountImageCopy: Sendable, Encodable, Equatable {
    public var image: String
    public var version: String
    public var region: String
    public var imageId: String
    public var state: String
}
