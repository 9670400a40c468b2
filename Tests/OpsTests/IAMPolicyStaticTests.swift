import Controller
import Foundation
import KilnTestSupport
import Manifest
import Testing

/// What moto cannot evaluate (resource ARNs, conditions), checked on the committed policy and on policies generated
/// for other guardrails: no sensitive action on `*` without a condition, every action of the table granted, the
/// owner, builder, document, instance profile, IMDSv2 and region bounds in place, and no finding of `parliament`
/// at severity medium or above, nor any unknown action, prefix or condition key.
@Suite("The generated controller policy, statically")
struct IAMPolicyStaticTests {
    typealias Statement = [String: Any]

    static func statements(_ json: String) throws -> [Statement] {
        let document = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        return try #require(document?["Statement"] as? [Statement])
    }

    static func list(_ value: Any?) -> [String] {
        if let one = value as? String { return [one] }
        return value as? [String] ?? []
    }

    /// `operator → key → values` of a statement.
    static func conditions(_ statement: Statement) -> [String: [String: [String]]] {
        let block = statement["Condition"] as? [String: [String: Any]] ?? [:]
        return block.mapValues { $0.mapValues(list) }
    }

    static func granting(_ action: String, in statements: [Statement]) -> [Statement] {
        statements.filter { list($0["Action"]).contains(action) }
    }

    static var committed: String { get throws { try RepositoryFiles.text("deploy/iam/controller-policy.json") } }

    /// A policy for an owner under guardrails that name regions, groups and profiles.
    static func bounded() -> ControllerPolicy {
        var policy = ControllerPolicy(
            owner: "team-a", account: "123456789012",
            guardrails: Guardrails(
                distributeAccounts: ["210987654321"], regions: ["us-east-1", "eu-west-1"],
                autoScalingGroups: [GlobPattern("web-*")], ssmParameterPrefixes: ["/kiln/", "/images/"],
                instanceProfiles: [GlobPattern("kiln-builder"), GlobPattern("builder-*")]),
            notificationTopics: ["arn:aws:sns:us-east-1:123456789012:kiln-events"])
        policy.accountRoles = ["arn:aws:iam::210987654321:role/kiln-target"]
        return policy
    }

    @Test("no sensitive action on * without a condition; every action of the table, and only those, is granted")
    func everySensitiveActionIsBounded() throws {
        for json in [try Self.committed, Self.bounded().json] {
            let statements = try Self.statements(json)
            let sensitive = Set(ControllerPolicy.actions.filter(\.grant.isSensitive).map(\.action))
            for statement in statements where Self.list(statement["Resource"]).contains("*") {
                let actions = Set(Self.list(statement["Action"])).intersection(sensitive)
                #expect(
                    actions.isEmpty || !Self.conditions(statement).isEmpty,
                    "\(statement["Sid"] ?? "?") grants \(actions.sorted()) on * without a condition")
            }
            let granted = Set(statements.flatMap { Self.list($0["Action"]) })
            // Every prefix here ends a path level: parameters are read by path, never by name.
            #expect(granted == Set(ControllerPolicy.actions.map(\.action)).subtracting(["ssm:GetParameters"]))
            #expect(statements.allSatisfy { $0["Effect"] as? String == "Allow" }, "moto would apply a Deny always")
        }
    }

    @Test("GetParameters is granted only for a prefix that does not end a path level, and only under it")
    func parametersByNameOnlyWhereNoPathCovers() throws {
        let byPath = try Self.statements(Self.bounded().json)
        #expect(Self.granting("ssm:GetParameters", in: byPath).isEmpty)
        let partial = ControllerPolicy(
            owner: "team-a", account: "123456789012", guardrails: Guardrails(ssmParameterPrefixes: ["/kiln/app-"]))
        let byName = Self.granting("ssm:GetParameters", in: try Self.statements(partial.json))
        #expect(byName.flatMap { Self.list($0["Resource"]) } == ["arn:aws:ssm:*:123456789012:parameter/kiln/app-*"])
    }

    @Test("destructive, sharing and command actions need the owner's tag or an ARN scope")
    func ownerAndBuilderBounds() throws {
        let statements = try Self.statements(try Self.committed)
        let owner = ["aws:ResourceTag/kiln:owner": ["images-prod"]]
        for action in [
            "ec2:DeregisterImage", "ec2:DeleteSnapshot", "ec2:ModifyImageAttribute", "ec2:ModifySnapshotAttribute",
            "ec2:EnableImageDeprecation", "ec2:DisableImageDeprecation", "ec2:StopInstances", "ec2:TerminateInstances",
            "ec2:DisableImage", "ec2:EnableImage", "ec2:EnableImageDeregistrationProtection",
            "ec2:DisableImageDeregistrationProtection",
        ] {
            for statement in Self.granting(action, in: statements) {
                let equals = Self.conditions(statement)["StringEquals"] ?? [:]
                #expect(equals["aws:ResourceTag/kiln:owner"] == owner["aws:ResourceTag/kiln:owner"], "\(action)")
            }
        }
        // SendCommand: the one document, and builders of this owner.
        let command = Self.granting("ssm:SendCommand", in: statements)
        #expect(command.count == 2)
        #expect(command.contains { Self.list($0["Resource"]) == ["arn:aws:ssm:*:*:document/AWS-RunShellScript"] })
        let onInstances = try #require(command.first { Self.list($0["Resource"]) == ["arn:aws:ec2:*:*:instance/*"] })
        #expect(Self.conditions(onInstances)["StringEquals"]?["aws:ResourceTag/kiln:owner"] == ["images-prod"])
        #expect(Self.conditions(onInstances)["StringEquals"]?["aws:ResourceTag/kiln:role"] == ["builder"])
        // RunInstances: tagged for the owner at creation, IMDSv2, allowed instance profiles.
        let run = try #require(
            Self.granting("ec2:RunInstances", in: statements).first { $0["Sid"] as? String == "RunBuilders" })
        let runEquals = Self.conditions(run)["StringEquals"] ?? [:]
        #expect(runEquals["aws:RequestTag/kiln:owner"] == ["images-prod"])
        #expect(runEquals["ec2:MetadataHttpTokens"] == ["required"])
        let profiles = Self.conditions(run)["ArnLike"]?["ec2:InstanceProfile"]
        #expect(profiles == ["arn:aws:iam::*:instance-profile/kiln-builder*"])
        // PassRole: the builder roles, to EC2 only.
        let pass = try #require(Self.granting("iam:PassRole", in: statements).first)
        #expect(Self.list(pass["Resource"]) == ["arn:aws:iam::*:role/kiln-builder*"])
        #expect(Self.conditions(pass)["StringEquals"]?["iam:PassedToService"] == ["ec2.amazonaws.com"])
        // Parameters under /kiln/ only; launch configurations by Kiln's prefix; groups only to Kiln's.
        for action in ["ssm:PutParameter", "ssm:GetParametersByPath"] {
            let resources = Self.granting(action, in: statements).flatMap { Self.list($0["Resource"]) }
            #expect(resources == ["arn:aws:ssm:*:*:parameter/kiln/*"], "\(action)")
        }
        for action in ["autoscaling:CreateLaunchConfiguration", "autoscaling:DeleteLaunchConfiguration"] {
            let resources = Self.granting(action, in: statements).flatMap { Self.list($0["Resource"]) }
            #expect(resources.allSatisfy { $0.hasSuffix(":launchConfigurationName/kiln-*") }, "\(action)")
        }
        let update = try #require(Self.granting("autoscaling:UpdateAutoScalingGroup", in: statements).first)
        #expect(Self.conditions(update)["StringLike"]?["autoscaling:LaunchConfigurationName"] == ["kiln-*"])
    }

    @Test("CreateTags: on Kiln's create calls or on this owner's resources, never changing kiln:owner or kiln:role")
    func taggingIsBounded() throws {
        let statements = Self.granting("ec2:CreateTags", in: try Self.statements(try Self.committed))
        #expect(statements.count == 2)
        for statement in statements {
            let conditions = Self.conditions(statement)
            let equals = conditions["StringEquals"] ?? [:]
            if let create = equals["ec2:CreateAction"] {
                #expect(Set(create) == ["RunInstances", "CreateImage", "CopyImage", "CreateLaunchTemplateVersion"])
                #expect(equals["aws:RequestTag/kiln:owner"] == ["images-prod"])
            } else {
                #expect(equals["aws:ResourceTag/kiln:owner"] == ["images-prod"])
                let ifExists = conditions["StringEqualsIfExists"] ?? [:]
                #expect(ifExists["aws:RequestTag/kiln:owner"] == ["images-prod"])
                #expect(ifExists["aws:RequestTag/kiln:role"] == ["builder"])
            }
        }
    }

    @Test("guardrails shape the policy: regions, groups, prefixes, instance profiles, account")
    func guardrailsShapeThePolicy() throws {
        let statements = try Self.statements(Self.bounded().json)
        for statement in statements {
            let sid = statement["Sid"] as? String ?? ""
            let regions = Self.conditions(statement)["StringEquals"]?["aws:RequestedRegion"]
            if ["PassBuilderRole", "Lease", "PublishNotifications", "AssumeAccountRoles"].contains(sid) {
                #expect(regions == nil, "\(sid)")
            } else {
                #expect(regions == ["us-east-1", "eu-west-1"], "\(sid)")
            }
        }
        let groups = Self.granting("autoscaling:StartInstanceRefresh", in: statements).flatMap {
            Self.list($0["Resource"])
        }
        #expect(groups == ["arn:aws:autoscaling:*:123456789012:autoScalingGroup:*:autoScalingGroupName/web-*"])
        let parameters = Self.granting("ssm:PutParameter", in: statements).flatMap { Self.list($0["Resource"]) }
        #expect(
            parameters == [
                "arn:aws:ssm:*:123456789012:parameter/kiln/*", "arn:aws:ssm:*:123456789012:parameter/images/*",
            ])
        let roles = Self.granting("iam:PassRole", in: statements).flatMap { Self.list($0["Resource"]) }
        #expect(roles == ["arn:aws:iam::123456789012:role/kiln-builder", "arn:aws:iam::123456789012:role/builder-*"])
    }

    // MARK: - parliament

    /// Whether a `RESOURCE_MISMATCH` finding is parliament reading one statement alone: it wants every resource
    /// type an action touches in each statement naming the action, while AWS's documented way to condition one
    /// resource type (the instance `RunInstances` creates, the builder `CreateImage` reads, the instance
    /// `SendCommand` targets) is a statement per resource type. Accepted only when another statement of the same
    /// policy grants that action on that resource type.
    static func isSplitStatement(_ finding: [String: Any], in statements: [Statement]) -> Bool {
        guard finding["issue"] as? String == "RESOURCE_MISMATCH",
            let details = finding["detail"] as? [[String: String]], !details.isEmpty
        else { return false }
        func resourceType(_ arn: String) -> String? {
            let parts = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
            return parts.count == 6 ? parts[5].split(separator: "/").first.map(String.init) : nil
        }
        return details.allSatisfy { detail in
            guard let action = detail["action"], let type = detail["required_format"].flatMap(resourceType) else {
                return false
            }
            return Self.granting(action, in: statements).contains { statement in
                Self.list(statement["Resource"]).contains { resourceType($0) == type }
            }
        }
    }

    @Test("parliament finds no unknown action or condition key, nothing of severity medium or above")
    func parliamentFindsNothing() async throws {
        for (name, json) in [
            ("committed", try Self.committed), ("bounded", Self.bounded().json),
            ("read-only", try RepositoryFiles.text("deploy/ci/plan-role-policy.json")),
        ] {
            let statements = try Self.statements(json)
            let output = try await ProcessRunner.run("parliament", ["--json", "--string", json])
            #expect(output.stderr.isEmpty, "\(name): \(output.stderr)")
            var accepted = 0
            for line in output.stdout.split(separator: "\n") where !line.isEmpty {
                let finding = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] ?? [:]
                let issue = finding["issue"] as? String ?? ""
                // parliament rates an unknown action LOW: it counts here like the medium findings.
                let severity = finding["severity"] as? String ?? ""
                let counts = !["LOW", "INFO"].contains(severity) || issue.hasPrefix("UNKNOWN")
                if !counts {
                    continue
                } else if Self.isSplitStatement(finding, in: statements) {
                    accepted += 1
                } else {
                    Issue.record("\(name): parliament: \(line)")
                }
            }
            if name == "committed" { #expect(accepted > 0, "parliament ran and read the policy") }
        }
    }
}
