import Controller
import Foundation
import Manifest
import Testing

/// `kiln iam-policy --target-account`: the role in a target account can copy in, tag, retire and delete the owner's
/// images and give launch templates versions — and nothing that bakes, commands, passes roles or publishes.
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
        ] {
            #expect(actions.contains(needed), "\(needed)")
        }
        for refused in [
            "ec2:RunInstances", "ssm:SendCommand", "iam:PassRole", "ec2:CreateImage", "ssm:PutParameter",
            "autoscaling:CreateLaunchConfiguration", "autoscaling:UpdateAutoScalingGroup", "sns:Publish",
            "dynamodb:PutItem", "sts:AssumeRole", "ec2:StopInstances", "ec2:TerminateInstances",
        ] {
            #expect(!actions.contains(refused), "\(refused)")
        }
        let owned = statements.filter { $0.actions.contains("ec2:DeregisterImage") }
        #expect(owned.allSatisfy { $0.conditions.contains { $0.key == "aws:ResourceTag/kiln:owner" } })
        #expect(statements.allSatisfy { $0.resources.allSatisfy { !$0.contains("123456789012") } })
    }

    @Test func theControllerMayAssumeExactlyTheConfiguredRoles() {
        let assume = Self.policy.document.statements.filter { $0.actions.contains("sts:AssumeRole") }
        #expect(assume.map(\.resources) == [["arn:aws:iam::222222222222:role/kiln-target"]])
        var none = Self.policy
        none.accountRoles = []
        #expect(!none.document.statements.contains { $0.actions.contains("sts:AssumeRole") })
    }
}
