import Manifest
import Testing

/// `spec.distribute.copyTo` and launch templates in another account: decoded with their positions, checked against
/// the configuration's `accounts:` and `guardrails.distributeAccounts`, errors at `file:line:col`.
@Suite("Copies into other accounts")
struct CopyToTests {
    /// Line numbers in the cases refer to this manifest.
    static func manifest(copyTo: String, template: String = "{name: web-b, account: \"222222222222\"}") -> String {
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
            copyTo: \(copyTo)
          rollout:
            launchTemplates:
              - \(template)

        """
    }

    static let copyTo = #"[{account: "222222222222", regions: [eu-west-1, us-west-2]}]"#

    static var allowed: Guardrails {
        var guardrails = Guardrails(distributeAccounts: ["222222222222"])
        guardrails.roleAccounts = ["222222222222"]
        return guardrails
    }

    static func load(_ text: String, _ guardrails: Guardrails = allowed) -> ManifestSet {
        ManifestLoader.load(files: [ManifestFile(path: "web.yaml", text: text)]).checked(against: guardrails)
    }

    @Test func decodesCopiesAndAccountTargets() throws {
        let loaded = Self.load(Self.manifest(copyTo: Self.copyTo))
        #expect(loaded.diagnostics.isEmpty, "\(loaded.diagnostics)")
        let spec = try #require(loaded.image(named: "web")).spec
        #expect(spec.distribute.copyTo == [AccountCopy(account: "222222222222", regions: ["eu-west-1", "us-west-2"])])
        #expect(spec.distribute.sharedAccounts == ["222222222222"])
        let template = try #require(spec.rollout.launchTemplates.first)
        #expect(template.account == "222222222222")
        #expect(template.region == "eu-west-1", "a target in an account defaults to its first copy region")
    }

    struct Case: Sendable, CustomStringConvertible {
        var description: String
        var text: String
        var guardrails: Guardrails = CopyToTests.allowed
        /// `line:col` and the words the message must hold.
        var position: String
        var words: [String]
    }

    static let cases: [Case] = [
        Case(
            description: "an account Kiln has no role for", text: manifest(copyTo: copyTo),
            guardrails: Guardrails(distributeAccounts: ["222222222222"]), position: "16:24",
            words: ["'spec.distribute.copyTo[0].account'", "222222222222", "accounts:", "none are configured"]),
        Case(
            description: "an account the distribute guardrail does not allow", text: manifest(copyTo: copyTo),
            guardrails: {
                var guardrails = Guardrails()
                guardrails.roleAccounts = ["222222222222"]
                return guardrails
            }(), position: "16:24", words: ["copyTo[0].account", "guardrails.distributeAccounts"]),
        Case(
            description: "a region outside the region guardrail", text: manifest(copyTo: copyTo),
            guardrails: {
                var guardrails = allowed
                guardrails.regions = ["us-east-1", "eu-west-1"]
                return guardrails
            }(), position: "16:61",
            words: ["'spec.distribute.copyTo[0].regions[1]'", "us-west-2", "guardrails.regions"]),
        Case(
            description: "an unquoted account id",
            text: manifest(copyTo: "[{account: 222222222222, regions: [eu-west-1]}]"),
            position: "16:24", words: ["'spec.distribute.copyTo[0].account'", "quote account ids"]),
        Case(
            description: "no region", text: manifest(copyTo: #"[{account: "222222222222", regions: []}]"#),
            position: "16:49", words: ["'spec.distribute.copyTo[0].regions'", "at least one region"]),
        Case(
            description: "the same account twice",
            text: manifest(
                copyTo:
                    #"[{account: "222222222222", regions: [eu-west-1]}, {account: "222222222222", regions: [us-west-2]}]"#
            ),
            position: "16:73", words: ["'spec.distribute.copyTo[1].account'", "duplicate account"]),
        Case(
            description: "a launch template in an account the image is not copied into",
            text: manifest(copyTo: copyTo, template: #"{name: web-b, account: "333333333333"}"#), position: "19:32",
            words: ["'spec.rollout.launchTemplates[0].account'", "333333333333", "not in 'spec.distribute.copyTo'"]),
        Case(
            description: "a launch template in a region the account gets no copy in",
            text: manifest(copyTo: copyTo, template: #"{name: web-b, account: "222222222222", region: us-east-1}"#),
            position: "19:56", words: ["'spec.rollout.launchTemplates[0].region'", "us-east-1", "222222222222"]),
    ]

    @Test(arguments: cases)
    func refusedAtTheValue(_ testCase: Case) {
        let loaded = Self.load(testCase.text, testCase.guardrails)
        #expect(loaded.images.isEmpty, "the image is invalid")
        let errors = loaded.diagnostics.filter { $0.severity == .error }
        let match = errors.first { "\($0.line):\($0.column)" == testCase.position }
        #expect(match != nil, "\(errors.map { "\($0.line):\($0.column): \($0.message)" })")
        for word in testCase.words {
            #expect(match?.message.contains(word) == true, "\(word) in \(match?.message ?? "-")")
        }
    }
}
