import Foundation

// MARK: - Acting in another account

extension AWSClient {
    /// A client acting in another account through `roleARN`: STS `AssumeRole` signed with this client's
    /// credentials, the session cached and refreshed `refreshMargin` before its `Expiration`. It shares this
    /// client's HTTP client (this client shuts it down), endpoints, retries, clock and logger.
    ///
    /// A failed `AssumeRole` surfaces as the `AWSError` of that call (its code and request id) on the request that
    /// needed the credentials; the external id is never part of an error or a log line.
    ///
    /// - Parameters:
    ///   - sessionName: `RoleSessionName` (2–64 of `[\w+=,.@-]`; see ``roleSessionName(owner:)``).
    ///   - externalID: `ExternalId`, when the role's trust policy asks for one.
    ///   - region: the STS endpoint's region.
    public func assumingRole(
        _ roleARN: String, sessionName: String, externalID: String?, region: String,
        refreshMargin: TimeInterval = 300, now: @escaping @Sendable () -> Date = { Date() }
    ) -> AWSClient {
        assumingRole(
            roleARN, sessionName: sessionName, externalIDSource: { externalID }, region: region,
            refreshMargin: refreshMargin, now: now)
    }

    /// `kiln-<owner>` as a role session name: characters STS refuses become `-`, cut to 64.
    public static func roleSessionName(owner: String) -> String {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_+=,.@-")
        let cleaned = String(("kiln-" + owner).map { allowed.contains($0) ? $0 : "-" })
        return String(cleaned.prefix(64))
    }
}
