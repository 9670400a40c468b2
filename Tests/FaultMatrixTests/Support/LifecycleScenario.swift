import Controller
import Foundation
import KilnTestSupport
import Testing

/// The engine's lifecycle (as in the controller's lifecycle test): v1 → v2 → v3 with keep 2 while an instance, a
/// launch configuration, a launch template's default and latest versions and a group's pinned version use v1;
/// v1 pruned once nothing does; then a revert, which bakes nothing. Returns the world's fingerprint after each
/// step, for comparison with a fault-free run.
struct LifecycleScenario {
    let harness: AWSHarness
    let seed: UInt64
    private(set) var steps: [(name: String, fingerprint: Fingerprint)] = []
    private(set) var cycles = 0
    /// The actions that failed (and were retried on a later cycle) in each step, for messages.
    private(set) var failedActions: [String: [String]] = [:]
    private(set) var converging: Duration = .zero
    private var labels = IDLabels(base: "")
    /// The world after the last step.
    private var state: RegionState?

    init(harness: AWSHarness, seed: UInt64) {
        self.harness = harness
        self.seed = seed
    }

    static func manifest(_ version: String) -> String {
        """
        apiVersion: kiln/v1
        kind: Image
        metadata:
          name: web
        spec:
          version: \(version)
          source:
            filter: {name: "al2023-ami-2023.*-kernel-6.1-x86_64", owners: [amazon]}
          build:
            region: us-east-1
            instanceType: t3.micro
            instanceProfile: kiln-builder
          provision:
            - name: install
              run: echo provisioning
          rollout:
            launchTemplates: [{name: web, region: us-east-1}]
            launchConfigurations: [{autoScalingGroup: web-legacy, region: us-east-1}]
          retention: {keep: 2, minAge: 1m}

        """
    }

    // MARK: - Running

    mutating func run() async throws {
        let (harness, world) = (self.harness, self.harness.world)
        let base = try await harness.withoutFaults { try await Self.baseImage(world) }
        labels = IDLabels(base: base)
        _ = try await harness.withoutFaults {
            try await world.call([
                ("ec2", "create_launch_template", Self.template("web", base)),
                ("autoscaling", "create_launch_configuration", Self.configuration("web-legacy-base", base)),
                ("autoscaling", "create_auto_scaling_group", Self.group("web", template: "web", "$Default")),
                ("autoscaling", "create_auto_scaling_group", Self.legacyGroup("web-legacy", "web-legacy-base")),
            ])
        }

        try harness.commit(["web.yaml": Self.manifest("1.0.0")], message: "web 1.0.0")
        try await converge("v1")
        try harness.commit(["web.yaml": Self.manifest("1.1.0")], message: "web 1.1.0")
        try await converge("v2")
        let v1 = try #require(state?.ami("web", "1.0.0"), "seed \(seed): one v1 AMI")

        harness.clock.advance(by: 600)
        let instance = try await harness.withoutFaults { try await Self.runInstance(world, v1) }
        try harness.commit(["web.yaml": Self.manifest("2.0.0")], message: "web 2.0.0")
        try await converge("v3, an instance uses v1")

        try await change([
            ("ec2", "terminate_instances", ["InstanceIds": [instance]]),
            ("autoscaling", "create_launch_configuration", Self.configuration("other", v1)),
        ])
        try await converge("a configuration uses v1")

        try await change([
            ("autoscaling", "delete_launch_configuration", ["LaunchConfigurationName": "other"]),
            ("ec2", "create_launch_template", Self.template("other", v1)),
        ])
        try await converge("a template's default uses v1")

        try await change([
            ("ec2", "create_launch_template_version", Self.templateVersion("other", base)),
            ("ec2", "modify_launch_template", ["LaunchTemplateName": "other", "DefaultVersion": "2"]),
            ("ec2", "create_launch_template_version", Self.templateVersion("other", v1)),
        ])
        try await converge("a template's latest uses v1")

        try await change([
            ("ec2", "create_launch_template_version", Self.templateVersion("other", base)),
            ("autoscaling", "create_auto_scaling_group", Self.group("pinned", template: "other", "3")),
        ])
        try await converge("a group pins a version using v1")

        try await change([
            ("autoscaling", "delete_auto_scaling_group", ["AutoScalingGroupName": "pinned", "ForceDelete": true])
        ])
        try await converge("nothing uses v1")

        let builders = state?.builders.count
        try harness.repository.git("revert", "--no-edit", "HEAD")
        let reports = try await converge("revert")
        #expect(state?.builders.count == builders, "seed \(seed): a revert bakes nothing")
        let launched = reports.flatMap(\.outcomes).filter {
            if case .launchBuilder = $0.action.kind { return true }
            return false
        }
        #expect(launched.isEmpty, "seed \(seed): a revert launches no builder")
    }

    // MARK: - Steps

    private func change(_ calls: [(service: String, method: String, arguments: [String: Any])]) async throws {
        try await harness.withoutFaults { _ = try await harness.world.call(calls) }
    }

    @discardableResult
    private mutating func converge(_ name: String) async throws -> [CycleReport] {
        let start = ContinuousClock.now
        let reports = await harness.converge(name, seed: seed)
        converging += ContinuousClock.now - start
        cycles += reports.count
        failedActions[name] = reports.flatMap { report in
            report.outcomes.filter(\.failed).map { "\($0.action.summary): \($0.status)" }
        }
        let state = try await harness.state()
        self.state = state
        let fingerprint = labels.fingerprint(state, baselineSnapshots: harness.baselineSnapshots)
        steps.append((name, fingerprint))
        // Invariants of every step, fault or not.
        for (version, images) in state.amis(of: "web") {
            #expect(images.count == 1, "seed \(seed), \(name): \(images.count) AMIs of \(version)")
        }
        #expect(fingerprint.liveBuilders == 0, "seed \(seed), \(name): builders left running")
        #expect(fingerprint.orphanSnapshots == 0, "seed \(seed), \(name): untracked snapshots")
        return reports
    }

    // MARK: - Requests

    private static func baseImage(_ world: FaultWorld) async throws -> String {
        let result = try await world.call([
            (
                "ec2", "describe_images",
                [
                    "Owners": ["amazon"],
                    "Filters": [["Name": "name", "Values": ["al2023-ami-2023.*-kernel-6.1-x86_64"]]],
                ]
            )
        ])
        let images = result.first?["Images"] as? [[String: Any]] ?? []
        let newest = images.max { ($0["CreationDate"] as? String ?? "") < ($1["CreationDate"] as? String ?? "") }
        return try #require(newest?["ImageId"] as? String, "moto has an Amazon Linux 2023 image")
    }

    private static func runInstance(_ world: FaultWorld, _ image: String) async throws -> String {
        let result = try await world.call([
            ("ec2", "run_instances", ["ImageId": image, "MinCount": 1, "MaxCount": 1, "InstanceType": "t3.micro"])
        ])
        let instances = result.first?["Instances"] as? [[String: Any]]
        return try #require(instances?.first?["InstanceId"] as? String)
    }

    private static func template(_ name: String, _ image: String) -> [String: Any] {
        ["LaunchTemplateName": name, "LaunchTemplateData": ["ImageId": image, "InstanceType": "t3.micro"]]
    }

    private static func templateVersion(_ name: String, _ image: String) -> [String: Any] {
        template(name, image)
    }

    private static func configuration(_ name: String, _ image: String) -> [String: Any] {
        ["LaunchConfigurationName": name, "ImageId": image, "InstanceType": "t3.micro"]
    }

    private static func group(_ name: String, template: String, _ version: String) -> [String: Any] {
        [
            "AutoScalingGroupName": name, "MinSize": 0, "MaxSize": 1, "DesiredCapacity": 0,
            "AvailabilityZones": ["us-east-1a"],
            "LaunchTemplate": ["LaunchTemplateName": template, "Version": version],
        ]
    }

    private static func legacyGroup(_ name: String, _ configuration: String) -> [String: Any] {
        [
            "AutoScalingGroupName": name, "MinSize": 0, "MaxSize": 1, "DesiredCapacity": 0,
            "AvailabilityZones": ["us-east-1a"], "LaunchConfigurationName": configuration,
        ]
    }
}
