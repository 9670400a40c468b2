import Manifest
import Testing

/// A value the manifest leaves to its default is refused at the mapping that leaves it out.
@Suite("Guardrails on defaulted values")
struct GuardrailDefaultedValueTests {
    @Test func aDefaultedTargetRegionIsRefusedAtItsTarget() throws {
        var guardrails = GuardrailTests.open
        guardrails.regions = ["eu-west-1"]
        let set = GuardrailTests.load(["web.yaml": GuardrailTests.manifest()], guardrails)
        #expect(set.invalidNames == ["web"])
        let messages = set.diagnostics.map(\.description)
        let build = try #require(messages.first { $0.contains("'spec.build.region'") }, "\(messages)")
        #expect(build.hasPrefix("web.yaml:10:13: error: "))
        // `- {autoScalingGroup: web-legacy}` takes the build region; the finding points at its `{`.
        let target = try #require(
            messages.first { $0.contains("'spec.rollout.launchConfigurations[0].region'") }, "\(messages)")
        #expect(target.hasPrefix("web.yaml:22:9: error: "), "\(target)")
        #expect(target.contains("region 'us-east-1' is not in the guardrail guardrails.regions"))
        #expect(!messages.contains { $0.contains("launchTemplates[0].region") }, "eu-west-1 is allowed")
    }
}
