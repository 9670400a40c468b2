import ArgumentParser
import Controller
import Foundation

/// `kiln iam-policy`: the controller's least-privilege IAM policy for one owner and the configured guardrails.
struct IAMPolicyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "iam-policy",
        abstract: "Print the controller's IAM policy (JSON) for an owner and the guardrails of a configuration.",
        discussion: """
            Destructive, sharing and command actions are conditioned on the kiln:owner tag or scoped by ARN to \
            what the guardrails allow (parameter prefixes, groups, instance profiles, regions). \
            deploy/iam/controller-policy.json is: kiln iam-policy --owner images-prod --config \
            deploy/kiln.example.yaml. With --target-account, the policy of the role Kiln assumes in that account \
            (copies, rollout and prune there; nothing is baked there). Exit status: 0, or 64 for a usage or configuration error.
            """)

    @Option(help: "The kiln:owner of the controller (default: the configuration's owner).")
    var owner: String?

    @Option(help: "The 12-digit account id written in ARNs (default *).")
    var account: String?

    @OptionGroup var guardrailOptions: GuardrailOptions

    @Flag(help: "Only what `kiln plan` needs (observing and reading parameters): the CI plan role's policy.")
    var readOnly = false

    @Option(help: "Print instead the policy of the role in this account (one of the configuration's accounts:).")
    var targetAccount: String?

    func validate() throws {
        if let owner, !DaemonConfiguration.isTagSafe(owner) {
            throw ValidationError("--owner must be 1 to 128 characters of letters, digits, spaces and + - = . _ : / @")
        }
        if let account, account.wholeMatch(of: /\d{12}/) == nil {
            throw ValidationError("--account must be a 12-digit account id")
        }
        if let targetAccount, targetAccount.wholeMatch(of: /\d{12}/) == nil {
            throw ValidationError("--target-account must be a 12-digit account id")
        }
        if targetAccount != nil, readOnly { throw ValidationError("give --target-account or --read-only, not both") }
    }

    func run() throws {
        let settings = try guardrailOptions.checked(command: "iam-policy")
        guard let owner = owner ?? settings.owner ?? (readOnly ? "" : nil) else {
            FileHandle.standardError.write(Data("kiln iam-policy: error: give --owner (or owner: in --config)\n".utf8))
            throw KilnExitCode.usage
        }
        if let targetAccount, !settings.accounts.contains(where: { $0.account == targetAccount }) {
            FileHandle.standardError.write(
                Data("kiln iam-policy: error: account \(targetAccount) is not in the configuration's accounts:\n".utf8))
            throw KilnExitCode.usage
        }
        var policy = ControllerPolicy(
            owner: owner, account: targetAccount ?? account, guardrails: settings.guardrails,
            leaseTable: settings.lease.dynamodbTable ?? "kiln-lease",
            notificationTopics: settings.notify.snsTopics.map(\.topicArn))
        policy.accountRoles = settings.accounts.map(\.roleArn)
        let document =
            targetAccount != nil ? policy.targetAccountDocument : readOnly ? policy.readOnlyDocument : policy.document
        FileHandle.standardOutput.write(Data(document.json.utf8))
    }
}
