import Foundation

// MARK: - accounts: roles in other accounts

/// One entry of the configuration's `accounts:`: the role Kiln assumes to act in that account.
public struct AccountRole: Sendable, Equatable {
    /// The 12-digit account id.
    public var account: String
    /// `arn:aws:iam::<account>:role/<name>`; its account must be `account`.
    public var roleArn: String
    /// A file holding the external id the role's trust policy asks for (checked like every secret file; never
    /// logged).
    public var externalIdFile: String?

    /// Creates an account role.
    public init(account: String, roleArn: String, externalIdFile: String? = nil) {
        self.account = account
        self.roleArn = roleArn
        self.externalIdFile = externalIdFile
    }

    /// What is wrong with a role ARN for `account`, or nil.
    static func problem(roleArn: String, account: String) -> String? {
        guard let match = roleArn.wholeMatch(of: /arn:aws[a-z-]*:iam::(\d{12}):role\/[\w+=,.@\/-]{1,512}/) else {
            return "'\(roleArn)' is not an IAM role ARN (arn:aws:iam::<account>:role/<name>)"
        }
        guard match.1 == account else {
            return "the role '\(roleArn)' is in account \(match.1), not \(account)"
        }
        return nil
    }
}
