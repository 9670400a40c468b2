import Manifest

// MARK: - Other accounts

extension ControllerPolicy {
    /// `sts:AssumeRole` on exactly the configured roles; none without roles.
    func accountRoleStatements(_ actions: [String]) -> [PolicyStatement] {
        accountRoles.isEmpty ? [] : [PolicyStatement("AssumeAccountRoles", actions: actions, resources: accountRoles)]
    }

    /// The statements of the controller policy a role in a target account needs: Kiln only observes there, copies
    /// images in (tagged for this owner on creation), tags, shares, retires and deletes this owner's images and
    /// snapshots, gives launch templates new versions, replaces the launch configurations of the allowed groups
    /// (Kiln's own names only) and writes the parameters under the allowed prefixes. No builder, command, role
    /// passing, lease or notification: nothing is baked there.
    public var targetAccountDocument: PolicyDocument {
        PolicyDocument(statements: document.statements.filter { Self.targetAccountSids.contains($0.sid) })
    }

    /// The statements a target account's role keeps.
    static let targetAccountSids: Set<String> = [
        "Observe", "ReadParameters", "TagOnCreate", "TagOwned", "UntagOwned", "CopyImages", "OwnedImages",
        "LaunchTemplates", "LaunchConfigurations", "GroupsToKilnConfigurations", "PublishParameters",
    ]
}
