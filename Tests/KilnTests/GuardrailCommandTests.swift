import Foundation
import Testing

/// `kiln validate --config`, and `kiln iam-policy`: the committed policies are its output for the example
/// configuration.
@Suite("Guardrails and the IAM policy on the command line")
struct GuardrailCommandTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func text(_ path: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
    }

    /// The environment without any `KILN_…` variable, so only the given configuration counts.
    static var environment: [String: String] {
        ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("KILN_") }
    }

    @Test("the example manifests pass under the example configuration, and share with no one by default")
    func validateReadsTheConfiguration() throws {
        let tree = try TemporaryTree([
            "manifests/attendance-api.yaml": try Self.text("manifests/attendance-api.yaml"),
            "manifests/base-al2023.yaml": try Self.text("manifests/base-al2023.yaml"),
            "kiln.yaml": try Self.text("deploy/kiln.example.yaml"),
        ])
        let allowed = try KilnProcess.run(
            ["validate", "manifests", "--config", "kiln.yaml"], in: tree.url, environment: Self.environment)
        #expect(allowed.status == 0, "\(allowed.standardError)")

        let refused = try KilnProcess.run(["validate", "manifests"], in: tree.url, environment: Self.environment)
        #expect(refused.status == 1)
        let manifest = try Self.text("manifests/attendance-api.yaml")
        let lines = manifest.split(separator: "\n", omittingEmptySubsequences: false)
        let line = try #require(lines.firstIndex { $0.contains("accounts:") }) + 1
        let error = try #require(refused.errorLines.first { $0.contains("guardrails.distributeAccounts") })
        #expect(error.hasPrefix("manifests/attendance-api.yaml:\(line):16: error: 'spec.distribute.accounts[0]'"))

        let broken = try KilnProcess.run(
            ["validate", "manifests", "--config", "missing.yaml"], in: tree.url, environment: Self.environment)
        #expect(broken.status == 64, "\(broken.standardError)")
    }

    @Test("deploy/iam/controller-policy.json is `kiln iam-policy` for the example configuration")
    func committedControllerPolicyIsGenerated() throws {
        let result = try KilnProcess.run(
            ["iam-policy", "--owner", "images-prod", "--config", "deploy/kiln.example.yaml"], in: Self.root,
            environment: Self.environment)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(
            result.standardOutput == (try Self.text("deploy/iam/controller-policy.json")),
            "regenerate: kiln iam-policy --owner images-prod --config deploy/kiln.example.yaml")
    }

    @Test("deploy/ci/plan-role-policy.json is `kiln iam-policy --read-only` for the example configuration")
    func committedPlanRolePolicyIsGenerated() throws {
        let result = try KilnProcess.run(
            ["iam-policy", "--read-only", "--config", "deploy/kiln.example.yaml"], in: Self.root,
            environment: Self.environment)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(
            result.standardOutput == (try Self.text("deploy/ci/plan-role-policy.json")),
            "regenerate: kiln iam-policy --read-only --config deploy/kiln.example.yaml")
    }

    @Test func theOwnerAndAccountShapeThePolicy() throws {
        let result = try KilnProcess.run(
            ["iam-policy", "--owner", "team-a", "--account", "123456789012"], in: Self.root,
            environment: Self.environment)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("\"aws:ResourceTag/kiln:owner\": \"team-a\""))
        #expect(result.standardOutput.contains("arn:aws:ssm:*:123456789012:parameter/kiln/*"))
        #expect(!result.standardOutput.contains("images-prod"))
        let missing = try KilnProcess.run(["iam-policy"], in: Self.root, environment: Self.environment)
        #expect(missing.status == 64)
    }
}
