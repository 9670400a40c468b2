import Manifest

// MARK: - The controller's least-privilege policy

/// The IAM policy of one controller: its `kiln:owner` and the operator's guardrails decide the resources and
/// conditions of every statement (`kiln iam-policy`). Destructive, sharing and command actions are conditioned on
/// the owner tag or scoped by ARN; regions are limited with `aws:RequestedRegion` when the guardrails name some.
public struct ControllerPolicy: Sendable {
    /// The `kiln:owner` value.
    public var owner: String
    /// The account id in ARNs; nil writes `*`.
    public var account: String?
    /// The operator's guardrails.
    public var guardrails: Guardrails
    /// The DynamoDB lease table.
    public var leaseTable: String
    /// The ARNs of `notify.snsTopics`: `sns:Publish` is granted on these alone (no statement without topics).
    public var notificationTopics: [String]
    /// The role ARNs of `accounts:`: `sts:AssumeRole` is granted on these alone (no statement without roles).
    public var accountRoles: [String] = []

    /// Names of the launch configurations Kiln creates (`kiln-<pair>-<image>-<version>-<recipe8>`).
    public static let launchConfigurationNames = "kiln-*"
    /// The only SSM document Kiln runs on builders.
    public static let commandDocument = "AWS-RunShellScript"
    /// Create calls whose tags Kiln writes (`ec2:CreateAction`).
    public static let createActions = ["RunInstances", "CreateImage", "CopyImage", "CreateLaunchTemplateVersion"]

    /// Creates the policy of `owner` under `guardrails`.
    public init(
        owner: String, account: String? = nil, guardrails: Guardrails, leaseTable: String = "kiln-lease",
        notificationTopics: [String] = []
    ) {
        self.notificationTopics = notificationTopics.sorted()
        self.owner = owner
        self.account = account
        self.guardrails = guardrails
        self.leaseTable = leaseTable
    }

    /// The statements: one group per grant, in the order of ``Grant``.
    public var document: PolicyDocument {
        var statements: [PolicyStatement] = []
        for grant in Grant.allCases {
            let actions = Self.actions.filter { $0.grant == grant }.map(\.action)
            guard !actions.isEmpty else { continue }
            statements += self.statements(grant, actions).map { limitedToRegions($0, grant) }
        }
        return PolicyDocument(statements: statements)
    }

    /// The policy as JSON.
    public var json: String { document.json }

    /// The read-only policy of `kiln plan` in CI: observing, and reading the parameters under the allowed
    /// prefixes; nothing owner-specific.
    public var readOnlyDocument: PolicyDocument {
        PolicyDocument(statements: document.statements.filter { Self.readOnlySids.contains($0.sid) })
    }

    /// The statements of the read-only grants.
    static let readOnlySids: Set<String> = ["Observe", "ReadParameters"]

    // MARK: - Pieces

    var accountPart: String { account ?? "*" }

    func ec2(_ resource: String, account: Bool = true) -> String {
        "arn:aws:ec2:*:\(account ? accountPart : ""):\(resource)"
    }

    var ownerTag: PolicyCondition { PolicyCondition("StringEquals", "aws:ResourceTag/kiln:owner", [owner]) }
    var builderTag: PolicyCondition { PolicyCondition("StringEquals", "aws:ResourceTag/kiln:role", ["builder"]) }
    var ownerRequestTag: PolicyCondition { PolicyCondition("StringEquals", "aws:RequestTag/kiln:owner", [owner]) }

    /// ARNs of the parameters under the allowed prefixes (`/kiln/` → `parameter/kiln/*`).
    var parameterARNs: [String] {
        guardrails.ssmParameterPrefixes.map { prefix in
            let path = prefix.hasPrefix("/") ? String(prefix.dropFirst()) : prefix
            return "arn:aws:ssm:*:\(accountPart):parameter/\(path)*"
        }
    }

    /// Whether the observer reads some parameters by name (`GetParameters`): only under a prefix that does not end
    /// a path level (`/kiln/app-`), which `GetParametersByPath` cannot read without reaching beyond it.
    var readsParametersByName: Bool {
        guardrails.ssmParameterPrefixes.contains { !($0.hasPrefix("/") && $0.hasSuffix("/")) }
    }

    /// ARNs of the allowed Auto Scaling groups.
    var groupARNs: [String] {
        guardrails.autoScalingGroups.map {
            "arn:aws:autoscaling:*:\(accountPart):autoScalingGroup:*:autoScalingGroupName/\($0.text)"
        }
    }

    /// Adds `aws:RequestedRegion` when the guardrails name regions (not to IAM, which is global, nor the lease).
    private func limitedToRegions(_ statement: PolicyStatement, _ grant: Grant) -> PolicyStatement {
        guard !guardrails.regions.isEmpty, grant != .passBuilderRole, grant != .lease,
            grant != .publishNotifications, grant != .assumeAccountRole
        else { return statement }
        var limited = statement
        limited.conditions.append(PolicyCondition("StringEquals", "aws:RequestedRegion", guardrails.regions))
        return limited
    }
}
