import AWS
import Cloud
import Foundation
import Git
import Logging
import Planner
import Redaction

// MARK: - Reaching other accounts

/// What Kiln can do in another account through its role: observe and act there.
public struct AccountWorld: Sendable {
    public var observer: any Observing
    public var executor: any Executing
    /// The role behind this world, when it comes from the configuration: its external id file is checked before
    /// each cycle's work there.
    public var role: AccountRole?

    /// Creates a world from an observer and an executor acting in the account.
    public init(observer: any Observing, executor: any Executing) {
        self.observer = observer
        self.executor = executor
    }
}

/// The configured accounts (`accounts:`), each reachable through its role or carrying why it is not. Nothing here
/// calls AWS: the role is assumed on the first call in a cycle that needs the account.
public struct AccountAccess: Sendable {
    /// Per account id: its world, or why it could not be set up (a problem the cycle reports; never a reason to
    /// act elsewhere).
    public var worlds: [String: Result<AccountWorld, AccountSetupError>]

    /// Creates access to these worlds; default none.
    public init(worlds: [String: Result<AccountWorld, AccountSetupError>] = [:]) {
        self.worlds = worlds
    }

    /// Observers and executors on a client per role, each assuming its role with `home`'s credentials (session
    /// `kiln-<owner>`, refreshed 5 minutes before expiry). An external id is read from its file each time the role is
    /// assumed (permissions checked as for every secret file) and remembered by the redactor, so rotating the file
    /// needs no restart; a missing or too open file is that account's problem only.
    public static func make(
        roles: [AccountRole], home: AWSClient, owner: String, parameterPrefixes: [String], stsRegion: String,
        logger: Logger
    ) -> AccountAccess {
        var worlds: [String: Result<AccountWorld, AccountSetupError>] = [:]
        for role in roles {
            let client = home.assumingRole(
                role.roleArn, sessionName: AWSClient.roleSessionName(owner: owner),
                externalIDSource: { try role.readExternalID() }, region: stsRegion)
            let observer = Observer(
                client: client, configuration: .init(parameterPrefixes: parameterPrefixes), logger: logger)
            var world = AccountWorld(
                observer: CloudObserver(observer), executor: Executor(client: client, owner: owner, logger: logger))
            world.role = role
            worlds[role.account] = .success(world)
        }
        return AccountAccess(worlds: worlds)
    }
}

extension AccountRole {
    /// The external id from `externalIdFile` (nil without one), remembered by the redactor; a missing, empty or too
    /// open file throws an `AccountSetupError` naming the account and the file, never the secret.
    public func readExternalID() throws(AccountSetupError) -> String? {
        guard let file = externalIdFile else { return nil }
        do {
            let secret = try SecretFile.read(file, what: "external id")
            Redaction.remember(secret: secret)
            return secret
        } catch {
            throw AccountSetupError(account: account, message: error.message)
        }
    }
}

/// An account whose role could not be set up (its external id file is unreadable or too open).
public struct AccountSetupError: Error, Sendable, CustomStringConvertible {
    public var account: String
    /// What is wrong, without the secret.
    public var message: String

    public var description: String { "account \(account): \(message)" }
}
