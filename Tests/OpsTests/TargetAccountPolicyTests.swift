import Controller
import Foundation
import Manifest
import Testing

/// `kiln iam-policy --target-account`: the role in a target account can copy in, tag, retire and delete the owner's
/// images, give launch templates versions, replace launch configurations (Kiln's names, allowed groups) and write
/// parameters under the allowed prefixes — and nothing that bakes, commands, passes roles or notifies.
@Suite struct TargetAccountPolicyTests {
    static var policy: ControllerPolicy {
        var policy = ControllerPolicy(
            owner: "team-a", account: "222222222222",
            guardrails: Guardrails(distributeAccounts: ["222222222222"], regions: ["us-east-1"]),
            notificationTopics: ["arn:aws:sns:us-east-1:123456789012:kiln-events"])
        policy.accountRoles = ["arn:aws:iam::222222222222:role/kiln-target"]
        return policy
    }

    @Test func onlyWhatAnAccountCopyNeeds() {
        let statements = Self.policy.targetAccountDocument.statements
        let actions = Set(statements.flatMap(\.actions))
        for needed in [
            "ec2:CopyImage", "ec2:CreateTags", "ec2:DeregisterImage", "ec2:DeleteSnapshot", "ec2:DescribeImages",
            "ec2:CreateLaunchTemplateVersion", "ec2:ModifyLaunchTemplate", "sts:GetCallerIdentity",
            "autoscaling:CreateLaunchConfiguration", "autoscaling:DeleteLaunchConfiguration",
            "autoscaling:UpdateAutoScalingGroup", "ssm:PutParameter",
        ] {
            #expect(actions.contains(needed), "\(needed)")
        }
        for refused in [
            "ec2:RunInstances", "ssm:SendCommand", "iam:PassRole", "ec2:CreateImage", "sns:Publish",
            "dynamodb:PutItem", "sts:AssumeRole", "ec2:StopInstances", "ec2:TerminateInstances",
            "autoscaling:StartInstanceRefresh",
        ] {
            #expect(!actions.contains(refused), "\(refused)")
        }
        let owned = statements.filter { $0.actions.contains("ec2:DeregisterImage") }
        #expect(owned.allSatisfy { $0.conditions.contains { $0.key == "aws:ResourceTag/kiln:owner" } })
        #expect(statements.allSatisfy { $0.resources.allSatisfy { !$0.contains("123456789012") } })
        let parameters = statements.filter { $0.actions.contains("ssm:PutParameter") }.flatMap(\.resources)
        #expect(parameters == ["arn:aws:ssm:*:222222222222:parameter/kiln/*"], "only under the allowed prefixes")
        let groups = statements.filter { $0.actions.contains("autoscaling:UpdateAutoScalingGroup") }
        #expect(
            groups.allSatisfy { $0.conditions.contains { $0.key == "autoscaling:LaunchConfigurationName" } },
            "a group only ever gets one of Kiln's launch configurations")
    }

    @Test func theControllerMayAssumeExactlyTheConfiguredRoles() {
        let assume = Self.policy.document.statements.filter { $0.actions.contains("sts:AssumeRole") }
        #expect(assume.map(\.resources) == [["arn:aws:iam::222222222222:role/kiln-target"]])
        var none = Self.policy
        none.accountRoles = []
        #expect(!none.document.statements.contains { $0.actions.contains("sts:AssumeRole") })
    }
}
