import Manifest
import Testing

/// Launch configurations and SSM parameters in another account: `account:` on a launch configuration target, and
/// `rollout.ssmParameters`, each naming an account the image is copied into; errors at `file:line:col`.
@Suite("Launch configurations and parameters in other accounts")
struct AccountRolloutTargetsTests {
    /// Line numbers in the cases refer to this manifest (`rollout:` is line 17).
    static func manifest(_ rollout: String) -> String {
        """
        apiVersion: kiln/v1
        kind: Image
        metadata:
          name: web
        spec:
          version: 1.0.0
          source:
            ami: ami-0abc1234
          build:
            region: us-east-1
            instanceType: t3.small
            instanceProfile: kiln-builder
          provision:
            - {name: install, run: "true"}
          distribute:
            copyTo: [{account: "222222222222", regions: [eu-west-1, us-west-2]}]
          rollout:
        \(rollout)

        """
    }

    @Test func decodesTargetsInTheAccount() throws {
        let loaded = CopyToTests.load(
            Self.manifest(
                """
                    launchConfigurations:
                      - {autoScalingGroup: web-b, account: "222222222222"}
                      - {autoScalingGroup: web-home}
                    ssmParameter: /kiln/web/ami
                    ssmParameters: [{account: "222222222222", name: /kiln/web-b/ami}]
                """))
        #expect(loaded.diagnostics.isEmpty, "\(loaded.diagnostics)")
        let rollout = try #require(loaded.image(named: "web")).spec.rollout
        #expect(
            rollout.launchConfigurations == [
                LaunchConfigurationTarget(autoScalingGroup: "web-b", region: "eu-west-1", account: "222222222222"),
                LaunchConfigurationTarget(autoScalingGroup: "web-home", region: "us-east-1"),
            ])
        #expect(rollout.ssmParameter == "/kiln/web/ami")
        #expect(rollout.accountParameters == [AccountParameter(account: "222222222222", name: "/kiln/web-b/ami")])
    }

    @Test(arguments: [
        // (rollout, line:col, words)
        (
            "    launchConfigurations: [{autoScalingGroup: web-b, account: \"333333333333\"}]", "18:63",
            ["launchConfigurations[0].account", "not in 'spec.distribute.copyTo'"]
        ),
        (
            "    launchConfigurations: [{autoScalingGroup: web-b, account: \"222222222222\", region: us-east-1}]",
            "18:87", ["launchConfigurations[0].region", "us-east-1", "222222222222"]
        ),
        (
            "    ssmParameters: [{account: \"333333333333\", name: /kiln/x}]", "18:31",
            ["ssmParameters[0].account", "not in 'spec.distribute.copyTo'"]
        ),
        (
            "    ssmParameters: [{account: \"222222222222\", name: /kiln/x}, {account: \"222222222222\", name: /kiln/y}]",
            "18:73", ["ssmParameters[1].account", "duplicate account"]
        ),
        ("    ssmParameters: [{account: \"222222222222\"}]", "18:21", ["missing required key 'name'"]),
    ])
    func refusedAtTheValue(rollout: String, position: String, words: [String]) {
        let loaded = CopyToTests.load(Self.manifest(rollout))
        #expect(loaded.images.isEmpty, "the image is invalid")
        let errors = loaded.diagnostics.filter { $0.severity == .error }
        let match = errors.first { "\($0.line):\($0.column)" == position }
        #expect(match != nil, "\(errors.map { "\($0.line):\($0.column): \($0.message)" })")
        for word in words {
            #expect(match?.message.contains(word) == true, "\(word) in \(match?.message ?? "-")")
        }
    }

    @Test func aParameterOutsideThePrefixGuardrailIsRefused() {
        let loaded = CopyToTests.load(
            Self.manifest("    ssmParameters: [{account: \"222222222222\", name: /other/x}]"))
        #expect(loaded.images.isEmpty)
        let messages = loaded.diagnostics.filter { $0.severity == .error }.map(\.message)
        #expect(
            messages.contains {
                $0.contains("ssmParameters[0].name") && $0.contains("guardrails.ssmParameterPrefixes")
            },
            "\(messages)")
    }
}
