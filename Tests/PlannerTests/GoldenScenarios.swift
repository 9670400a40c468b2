import Foundation

@testable import Planner

// MARK: - Named scenarios for golden plans, built on the example manifests

/// One named input of `plan`.
struct GoldenScenario: Sendable, CustomStringConvertible {
    var name: String
    var desired: DesiredState
    var actual: ActualState
    var configuration = PlannerConfiguration()
    /// Also compare the Markdown rendering.
    var markdown = false

    var description: String { name }
}

enum Examples {
    static let baseRecipe = Fixture.recipe("5a5e0c1d")
    static let appRecipe = Fixture.recipe("a77e4da1")

    /// manifests/base-al2023.yaml
    static let base = DesiredImage(
        name: "base-al2023", version: Fixture.version("2026.11.0"), recipe: baseRecipe,
        source: .filter(ImageFilter(name: "al2023-ami-2023.*-kernel-6.1-x86_64", owners: ["amazon"])),
        build: BuildSpec(
            region: Fixture.east, instanceType: "t3.small", instanceProfile: "kiln-builder", timeout: .minutes(40)),
        steps: BakeSteps(
            provision: [
                ScriptStep(name: "patch", run: "set -euo pipefail\ndnf -y upgrade --releasever=latest\n"),
                ScriptStep(name: "harden", run: "set -euo pipefail\nsystemctl enable chronyd auditd\n"),
            ],
            test: [ScriptStep(name: "ssm-agent", run: "systemctl is-enabled amazon-ssm-agent")]),
        distribute: Distribution(regions: [Fixture.west]), tags: ["team": "platform", "os": "al2023"],
        retention: Retention(keep: 3, minAge: .days(14)),
        manifest: ManifestLocation(file: "manifests/base-al2023.yaml", line: 2))

    /// manifests/attendance-api.yaml
    static func app(_ version: String = "1.4.2", recipe: String = appRecipe) -> DesiredImage {
        DesiredImage(
            name: "attendance-api", version: Fixture.version(version), recipe: recipe, source: .image("base-al2023"),
            build: BuildSpec(
                region: Fixture.east, instanceType: "t3.small", instanceProfile: "kiln-builder",
                rootVolume: RootVolume(kmsKey: "alias/kiln"), timeout: .minutes(45)),
            steps: BakeSteps(
                provision: [
                    ScriptStep(name: "packages", run: "dnf -y install python3.11"),
                    ScriptStep(name: "install", run: "git clone …", timeout: 15 * 60),
                ],
                test: [ScriptStep(name: "unit-enabled", run: "systemctl is-enabled attendance-api.service")]),
            distribute: Distribution(regions: [Fixture.west], accounts: ["210987654321"]),
            tags: ["team": "attendance", "service": "attendance-api"],
            rollout: RolloutTargets(
                launchTemplates: [
                    LaunchTemplateTarget(
                        name: "attendance-api", region: Fixture.east,
                        refresh: InstanceRefresh(autoScalingGroup: "attendance-api")),
                    LaunchTemplateTarget(name: "attendance-api", region: Fixture.west),
                ],
                launchConfigurations: [
                    LaunchConfigurationTarget(autoScalingGroup: "attendance-api-legacy", region: Fixture.east)
                ],
                ssmParameter: "/kiln/attendance-api/ami"),
            retention: Retention(
                keep: 3, minAge: .days(7), pinned: [Fixture.version("1.3.0")], deprecateAfter: .days(30)),
            manifest: ManifestLocation(file: "manifests/attendance-api.yaml", line: 4))
    }

    static let lookups = [
        SourceLookup(
            region: Fixture.east,
            query: .filter(ImageFilter(name: "al2023-ami-2023.*-kernel-6.1-x86_64", owners: ["amazon"])),
            candidates: [
                ObservedImage(
                    id: "ami-0al2023a", region: Fixture.east, name: "al2023-ami-2023.6.20261101.0-kernel-6.1-x86_64",
                    state: .available, creationDate: Fixture.now.addingTimeInterval(-20 * Fixture.day),
                    rootDeviceName: "/dev/xvda"),
                ObservedImage(
                    id: "ami-0al2023b", region: Fixture.east, name: "al2023-ami-2023.6.20261120.0-kernel-6.1-x86_64",
                    state: .available, creationDate: Fixture.now.addingTimeInterval(-3 * Fixture.day),
                    rootDeviceName: "/dev/xvda"),
            ])
    ]

    static func baseAMIs() -> [ObservedImage] {
        [Fixture.east, Fixture.west].map {
            Fixture.ami(
                "ami-base-\($0.prefix(2))", "base-al2023", "2026.11.0", recipe: baseRecipe, region: $0,
                age: 2 * Fixture.day, specTags: ["team": "platform", "os": "al2023"])
        }
    }

    static func appAMIs(_ version: String, age: TimeInterval, recipe: String = appRecipe) -> [ObservedImage] {
        [Fixture.east, Fixture.west].map {
            Fixture.ami(
                "ami-app-\(version)-\($0.prefix(2))", "attendance-api", version, recipe: recipe, region: $0, age: age,
                accounts: ["210987654321"], specTags: ["team": "attendance", "service": "attendance-api"])
        }
    }

    static func templates(_ east: String, _ west: String) -> [ObservedLaunchTemplate] {
        [(Fixture.east, east, "lt-0e"), (Fixture.west, west, "lt-0w")].map { region, image, id in
            ObservedLaunchTemplate(
                id: id, name: "attendance-api", region: region, defaultVersion: 7, latestVersion: 7,
                versions: [
                    LaunchTemplateVersion(
                        number: 6, imageId: "ami-app-1.3.0-\(region.prefix(2))",
                        description: "kiln:attendance-api/1.3.0"),
                    LaunchTemplateVersion(number: 7, imageId: image, description: "kiln:attendance-api/1.4.1"),
                ])
        }
    }

    static let groups = [
        ObservedAutoScalingGroup(
            name: "attendance-api", region: Fixture.east,
            launchTemplate: LaunchTemplateReference(name: "attendance-api")),
        ObservedAutoScalingGroup(
            name: "attendance-api-legacy", region: Fixture.east,
            launchConfigurationName: "attendance-api-legacy-attendance-api-1.4.1-a77e4da1"),
    ]

    static func configuration(_ image: String) -> ObservedLaunchConfiguration {
        ObservedLaunchConfiguration(
            name: "attendance-api-legacy-attendance-api-1.4.1-a77e4da1", region: Fixture.east, imageId: image,
            createdAt: Fixture.now.addingTimeInterval(-30 * Fixture.day))
    }

    static func parameters(_ east: String, _ west: String) -> [ObservedParameter] {
        [
            ObservedParameter(name: "/kiln/attendance-api/ami", region: Fixture.east, imageId: east),
            ObservedParameter(name: "/kiln/attendance-api/ami", region: Fixture.west, imageId: west),
        ]
    }

    static func members(_ image: String) -> [ObservedInstance] {
        (1...2).map {
            ObservedInstance(
                id: "i-0app\($0)", region: Fixture.east, state: .running, imageId: image,
                tags: [KilnTag.autoScalingGroup: "attendance-api"],
                launchTime: Fixture.now.addingTimeInterval(-Fixture.day))
        }
    }
}
