import Manifest
import Testing

/// Guardrails judge decoded manifests: a value outside them is an error at the value, naming the guardrail, and
/// the image leaves the set like any invalid manifest.
@Suite("Guardrails")
struct GuardrailTests {
    /// A manifest reaching everything a guardrail bounds; line numbers in the cases below refer to it.
    static func manifest(
        name: String = "web", account: String = "210987654321", parameter: String = "/kiln/web/ami",
        profile: String = "kiln-builder", source: String = "ami: ami-0abc1234"
    ) -> String {
        """
        apiVersion: kiln/v1
        kind: Image
        metadata:
          name: \(name)
        spec:
          version: 1.0.0
          source:
            \(source)
          build:
            region: us-east-1
            instanceType: t3.small
            instanceProfile: \(profile)
          provision:
            - {name: install, run: "true"}
          distribute:
            regions: [eu-west-1]
            accounts: ["\(account)"]
          rollout:
            launchTemplates:
              - {name: web-lt, region: eu-west-1, refresh: {autoScalingGroup: web-asg}}
            launchConfigurations:
              - {autoScalingGroup: web-legacy}
            ssmParameter: \(parameter)

        """
    }

    /// Everything the manifest reaches, allowed.
    static let open = Guardrails(
        distributeAccounts: ["210987654321"], regions: ["us-east-1", "eu-west-1"],
        launchTemplates: [GlobPattern("web-*")], autoScalingGroups: [GlobPattern("web-*")],
        ssmParameterPrefixes: ["/kiln/"], instanceProfiles: [GlobPattern("kiln-builder*")])

    static func load(_ texts: [String: String], _ guardrails: Guardrails) -> ManifestSet {
        ManifestLoader.load(files: texts.map { ManifestFile(path: $0.key, text: $0.value) })
            .checked(against: guardrails)
    }

    @Test func withinTheGuardrailsNothingChanges() {
        let loaded = ManifestLoader.load(files: [ManifestFile(path: "web.yaml", text: Self.manifest())])
        #expect(loaded.isComplete)
        #expect(loaded.checked(against: Self.open) == loaded)
    }

    struct Case: Sendable, CustomStringConvertible {
        var description: String
        var guardrails: Guardrails
        var text: String
        /// `line:col` and the words the message must hold.
        var position: String
        var words: [String]
    }

    static var cases: [Case] {
        var noRegion = open
        noRegion.regions = ["us-east-1"]
        var noTemplate = open
        noTemplate.launchTemplates = [GlobPattern("api-*")]
        var noGroup = open
        noGroup.autoScalingGroups = [GlobPattern("web-asg")]
        return [
            Case(
                description: "the default prefix refuses a parameter outside /kiln/", guardrails: Guardrails(),
                text: manifest(parameter: "/prod/app/db-url").replacingOccurrences(of: "accounts:", with: "#"),
                position: "23:19", words: ["'spec.rollout.ssmParameter'", "/prod/app/db-url", "ssmParameterPrefixes"]),
            Case(
                description: "sharing needs an explicit allow", guardrails: Guardrails(),
                text: manifest(), position: "17:16",
                words: ["'spec.distribute.accounts[0]'", "210987654321", "guardrails.distributeAccounts", "none"]),
            Case(
                description: "an account not listed", guardrails: open, text: manifest(account: "123456789012"),
                position: "17:16", words: ["123456789012", "distributeAccounts", "allowed: 210987654321"]),
            Case(
                description: "a region outside the list", guardrails: noRegion, text: manifest(),
                position: "16:15", words: ["'spec.distribute.regions[0]'", "eu-west-1", "guardrails.regions"]),
            Case(
                description: "a launch template not matching", guardrails: noTemplate, text: manifest(),
                position: "20:16",
                words: ["launchTemplates[0].name", "web-lt", "guardrails.launchTemplates", "api-*"]),
            Case(
                description: "a group refreshed or moved, not matching", guardrails: noGroup, text: manifest(),
                position: "22:28",
                words: ["launchConfigurations[0].autoScalingGroup", "web-legacy", "autoScalingGroups"]),
            Case(
                description: "an instance profile not matching, by ARN", guardrails: open,
                text: manifest(profile: "arn:aws:iam::123456789012:instance-profile/admin"), position: "12:22",
                words: ["'spec.build.instanceProfile'", "admin", "guardrails.instanceProfiles", "kiln-builder*"]),
        ]
    }

    @Test(arguments: cases)
    func aValueOutsideIsAnErrorAtTheValue(_ example: Case) throws {
        let set = Self.load(["web.yaml": example.text], example.guardrails)
        #expect(set.images.isEmpty)
        #expect(set.invalidNames == ["web"])
        #expect(set.invalidFiles == ["web.yaml"])
        let error = try #require(set.diagnostics.first { $0.severity == .error }, "\(set.diagnostics)")
        #expect("\(error.line):\(error.column)" == example.position, "\(error)")
        for word in example.words { #expect(error.message.contains(word), "\(error.message) lacks \(word)") }
        #expect("\(error)".hasPrefix("web.yaml:\(example.position): error: "))
    }

    @Test func aRefusedGroupOfARefreshIsReported() throws {
        var guardrails = Self.open
        guardrails.autoScalingGroups = [GlobPattern("web-legacy")]
        let set = Self.load(["web.yaml": Self.manifest()], guardrails)
        let messages = set.diagnostics.map(\.message)
        #expect(messages.contains { $0.contains("refresh.autoScalingGroup") && $0.contains("web-asg") }, "\(messages)")
    }

    @Test("an image outside the guardrails makes images built on it invalid; the others go on")
    func layeredImagesFollowTheirBase() throws {
        let shared = Self.manifest(name: "base", account: "123456789012")
        let app = Self.manifest(name: "app", source: "image: base")
        let other = Self.manifest(name: "other")
        let set = Self.load(["base.yaml": shared, "app.yaml": app, "other.yaml": other], Self.open)
        #expect(set.images.map(\.name) == ["other"])
        #expect(set.invalidNames == ["base", "app"])
        #expect(set.diagnostics.contains { $0.file == "app.yaml" && $0.message.contains("image 'base' is invalid") })
    }

    @Test(arguments: [
        ("*", "anything", true), ("kiln-*", "kiln-builder", true), ("kiln-*", "kiln-", true),
        ("kiln-*", "kiln", false), ("*-legacy", "web-legacy", true), ("*-legacy", "web-legacy2", false),
        ("a*b*c", "aXXbYYc", true), ("a*b*c", "aXXcYYb", false), ("web-?", "web-1", true),
        ("web-?", "web-12", false),
        ("exact", "exact", true), ("exact", "exactly", false), ("**", "", true),
    ])
    func globs(pattern: String, name: String, matches: Bool) {
        #expect(GlobPattern(pattern).matches(name) == matches)
    }
}
