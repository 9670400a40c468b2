import Foundation
import Git
import Manifest

// MARK: - accounts: the key

extension DaemonConfiguration {
    /// `accounts:` as a YAML mapping (`"222222222222": {roleArn: …, externalIdFile: …}`), or, in a variable or
    /// flags, `ACCOUNT=ROLE_ARN` items with an optional `;externalIdFile=PATH`.
    static let accountKeys: [ConfigKey] = [
        ConfigKey(
            "accounts", flag: "account", default: "{} (only the account Kiln runs in)", list: true,
            "Accounts Kiln copies images into and rolls out in: account id → roleArn (and externalIdFile).",
            apply: { configuration, values in
                configuration.setAccounts(try ConfigValue.list(values).map(AccountNodes.role(item:)))
            },
            applyNode: { configuration, node, file throws(ConfigError) in
                configuration.setAccounts(try AccountNodes.roles(node, file: file))
            })
    ]

    /// Sets the roles, and the guardrail that lets manifests name exactly their accounts.
    mutating func setAccounts(_ roles: [AccountRole]) {
        accounts = roles.sorted { $0.account < $1.account }
        guardrails.roleAccounts = accounts.map(\.account)
    }
}

/// Reads `accounts:` from YAML, a variable or flags.
enum AccountNodes {
    static let fields: Set<String> = ["roleArn", "externalIdFile"]

    /// `ACCOUNT=ROLE_ARN` or `ACCOUNT=ROLE_ARN;externalIdFile=PATH`.
    static func role(item: String) throws(ConfigValueError) -> AccountRole {
        let parts = item.split(separator: ";", maxSplits: 1).map(String.init)
        guard let head = parts.first, let equals = head.firstIndex(of: "=") else {
            throw ConfigValueError("'\(item)' is not ACCOUNT=ROLE_ARN[;externalIdFile=PATH]")
        }
        let account = String(head[..<equals]).trimmingCharacters(in: .whitespaces)
        let roleArn = String(head[head.index(after: equals)...]).trimmingCharacters(in: .whitespaces)
        var externalIdFile: String?
        if parts.count == 2 {
            let option = parts[1]
            guard option.hasPrefix("externalIdFile="), option.count > "externalIdFile=".count else {
                throw ConfigValueError("'\(option)' is not externalIdFile=PATH")
            }
            externalIdFile = String(option.dropFirst("externalIdFile=".count))
        }
        return try checked(AccountRole(account: account, roleArn: roleArn, externalIdFile: externalIdFile))
    }

    static func checked(_ role: AccountRole) throws(ConfigValueError) -> AccountRole {
        guard role.account.wholeMatch(of: /\d{12}/) != nil else {
            throw ConfigValueError("'\(role.account)' is not a 12-digit account id")
        }
        if let problem = AccountRole.problem(roleArn: role.roleArn, account: role.account) {
            throw ConfigValueError(problem)
        }
        return role
    }

    /// The mapping of account ids to `{roleArn, externalIdFile}`; errors name the key and its position.
    static func roles(_ node: YAMLNode, file: String) throws(ConfigError) -> [AccountRole] {
        if let scalar = node.scalar, scalar.style == .plain, ["", "~", "null", "Null", "NULL"].contains(scalar.string) {
            return []
        }
        guard let mapping = node.mapping else {
            throw .invalidValue("accounts", "expected a mapping of account ids to roles", at: location(node, file))
        }
        var roles: [AccountRole] = []
        for (key, value) in mapping {
            let account = key.string ?? ""
            let path = "accounts.\(account)"
            guard account.wholeMatch(of: /\d{12}/) != nil else {
                throw .invalidValue(
                    path, "'\(account)' is not a 12-digit account id (quote it: \"222222222222\")",
                    at: location(key, file))
            }
            guard let entry = value.mapping else {
                throw .invalidValue(
                    path, "expected a mapping with roleArn (and externalIdFile)", at: location(value, file))
            }
            var fields: [String: YAMLNode] = [:]
            for (fieldKey, fieldValue) in entry {
                guard let name = fieldKey.string, Self.fields.contains(name) else {
                    throw .unknownKey(path + "." + (fieldKey.string ?? "?"), at: location(fieldKey, file))
                }
                fields[name] = fieldValue
            }
            guard let roleNode = fields["roleArn"], let roleArn = roleNode.string, !roleArn.isEmpty else {
                throw .invalidValue(path + ".roleArn", "a role ARN is required", at: location(value, file))
            }
            if let problem = AccountRole.problem(roleArn: roleArn, account: account) {
                throw .invalidValue(path + ".roleArn", problem, at: location(roleNode, file))
            }
            var externalIdFile: String?
            if let fileNode = fields["externalIdFile"] {
                guard let text = fileNode.string, !text.isEmpty else {
                    throw .invalidValue(path + ".externalIdFile", "expected a file path", at: location(fileNode, file))
                }
                externalIdFile = text
            }
            roles.append(AccountRole(account: account, roleArn: roleArn, externalIdFile: externalIdFile))
        }
        return roles
    }

    private static func location(_ node: YAMLNode, _ file: String) -> SourceLocation {
        SourceLocation(file: file, mark: node.mark)
    }
}

// MARK: - Checks of the whole

extension DaemonConfiguration {
    /// Each external id file must not be readable by group or others.
    func validateAccounts() throws(ConfigError) {
        for role in accounts {
            guard let file = role.externalIdFile else { continue }
            do {
                try SecretFile.checkPermissions(file, what: "external id")
            } catch {
                throw .invalidValue("accounts.\(role.account).externalIdFile", error.message)
            }
        }
    }
}
