import Controller
import Foundation
import Manifest
import Planner
import Testing

/// The adapter from the manifest model to the planner's input: every field, on the example manifests.
struct DesiredStateTests {
    static func examples() throws -> ManifestSet {
        let directory = PlanCommandTests.root.appendingPathComponent("manifests").path
        let files = try ManifestLoader.readFiles(at: directory).map {
            ManifestFile(
                path: "manifests/" + ($0.path.split(separator: "/").last.map(String.init) ?? ""), contents: $0.contents)
        }
        return ManifestLoader.load(files: files)
    }

    @Test func everyFieldOfTheExamples() throws {
        let set = try Self.examples()
        let desired = DesiredState(manifestSet: set, commit: "abc", owner: "me")
        #expect(desired.loadedCompletely)
        #expect(desired.invalidImageNames.isEmpty)
        #expect(desired.commit == "abc")
        #expect(desired.owner == "me")
        #expect(desired.images.map(\.name) == ["base-al2023", "attendance-api"], "dependency order")

        let api = try #require(desired.images.first { $0.name == "attendance-api" })
        let manifest = try #require(set.image(named: "attendance-api"))
        #expect(api.version == SemanticVersion("1.4.2"))
        #expect(api.version == manifest.spec.version)
        #expect(api.recipe == manifest.recipeHash)
        #expect(api.recipe.count == 64)
        #expect(!api.retired)
        #expect(api.source == .image("base-al2023"))
        #expect(
            api.build
                == BuildSpec(
                    region: "us-east-1", instanceType: "t3.small", instanceProfile: "kiln-builder",
                    rootVolume: RootVolume(sizeGiB: 16, type: .gp3, encrypted: true, kmsKey: "alias/kiln"),
                    timeout: .minutes(45), maxAttempts: 3))
        #expect(api.steps.provision.map(\.name) == ["packages", "install", "configure"])
        #expect(api.steps.provision.map(\.timeout) == [600, 900, 600])
        #expect(api.steps.provision[0].run == manifest.spec.provision[0].run)
        #expect(api.steps.test.map(\.name) == ["unit-enabled", "app-imports", "no-baked-config"])
        #expect(api.steps.cleanup.isEmpty)
        #expect(api.steps.cleanupMode == .standard)
        #expect(api.distribute == Distribution(regions: ["eu-west-1"], accounts: ["210987654321"]))
        #expect(api.tags == ["team": "attendance", "service": "attendance-api"])
        #expect(
            api.rollout.launchTemplates == [
                LaunchTemplateTarget(
                    name: "attendance-api", region: "us-east-1", setDefault: true,
                    refresh: InstanceRefresh(autoScalingGroup: "attendance-api", minHealthyPercentage: 90)),
                LaunchTemplateTarget(name: "attendance-api", region: "eu-west-1", setDefault: true),
            ])
        #expect(
            api.rollout.launchConfigurations == [
                LaunchConfigurationTarget(autoScalingGroup: "attendance-api-legacy", region: "us-east-1")
            ])
        #expect(api.rollout.ssmParameter == "/kiln/attendance-api/ami")
        let pinned = try #require(SemanticVersion("1.3.0"))
        #expect(
            api.retention
                == Retention(keep: 3, minAge: .days(7), pinned: [pinned], deprecateAfter: .days(30)))
        #expect(api.manifest == ManifestLocation(file: "manifests/attendance-api.yaml", line: manifest.location.line))

        let base = try #require(desired.images.first { $0.name == "base-al2023" })
        #expect(
            base.source
                == .filter(
                    ImageFilter(
                        name: "al2023-ami-2023.*-kernel-6.1-x86_64", owners: ["amazon"], architecture: .x86_64)))
        #expect(base.build.timeout == .minutes(40))
        #expect(base.retention.minAge == .days(14))
        #expect(desired.regions == ["us-east-1", "eu-west-1"])
    }

    static let sources: [(yaml: String, expected: ImageSource)] = [
        ("ami: ami-0123456789abcdef0", .ami(.single("ami-0123456789abcdef0"))),
        (
            "ami: {us-east-1: ami-0123456789abcdef0, eu-west-1: ami-0fedcba9876543210}",
            .ami(["us-east-1": "ami-0123456789abcdef0", "eu-west-1": "ami-0fedcba9876543210"])
        ),
        (
            "filter: {name: \"debian-12-*\", owners: [\"136693071363\", amazon], architecture: arm64}",
            .filter(
                ImageFilter(name: "debian-12-*", owners: ["amazon", "136693071363"], architecture: .arm64))
        ),
    ]

    @Test(arguments: sources)
    func sourcesMap(_ source: (yaml: String, expected: ImageSource)) throws {
        let text = Manifests.image(version: "1.0.0").replacingOccurrences(
            of: "filter: {name: \"al2023-ami-2023.*-kernel-6.1-x86_64\", owners: [amazon]}", with: source.yaml)
        let set = ManifestLoader.load(files: [ManifestFile(path: "manifests/web.yaml", text: text)])
        #expect(set.diagnostics.isEmpty, "\(set.diagnostics)")
        let desired = DesiredState(manifestSet: set, commit: "c", owner: "o")
        #expect(desired.images.first?.source == source.expected)
    }

    @Test func invalidManifestsAreNamedAndBlockDestruction() {
        let set = ManifestLoader.load(files: [
            ManifestFile(path: "manifests/web.yaml", text: Manifests.image(version: "1.0.0")),
            ManifestFile(path: "manifests/api.yaml", text: Manifests.image("api", version: "not-a-version")),
        ])
        let desired = DesiredState(manifestSet: set, commit: "c", owner: "o")
        #expect(desired.images.map(\.name) == ["web"])
        #expect(desired.invalidImageNames == ["api"])
        #expect(!desired.loadedCompletely, "nothing is deleted while a manifest is invalid")
    }

    @Test func stepLocationsPointAtTheManifest() throws {
        let set = try Self.examples()
        let install = try #require(set.location(ofStep: "install", in: "attendance-api"))
        #expect(install.file == "manifests/attendance-api.yaml")
        let text = try String(
            contentsOf: PlanCommandTests.root.appendingPathComponent("manifests/attendance-api.yaml"), encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[install.line - 1].contains("name: install"))
        let cleanup = set.location(ofStep: BakeScript.standardCleanupName, in: "attendance-api")
        #expect(cleanup == set.image(named: "attendance-api")?.location, "Kiln's own steps point at the manifest")
    }
}
