import Foundation
import KilnTestSupport
import Testing

@testable import Controller

/// Launch configurations and SSM parameters in another account, under moto's IAM with the generated target-account
/// policy: rolled out as that account, and a launch configuration there pins its AMI against prune.
extension AccountsEndToEndTests {
    static func legacy(version: String) -> String {
        """
        apiVersion: kiln/v1
        kind: Image
        metadata:
          name: legacy
        spec:
          version: \(version)
          source:
            filter: {name: "al2023-ami-2023.*-kernel-6.1-x86_64", owners: [amazon]}
          build: {region: us-east-1, instanceType: t3.micro, instanceProfile: kiln-builder}
          provision:
            - {name: install, run: echo installing}
          distribute:
            copyTo: [{account: "\(AccountsWorld.target)", regions: [us-east-1]}]
          rollout:
            launchConfigurations: [{autoScalingGroup: legacy-b, account: "\(AccountsWorld.target)"}]
            ssmParameters: [{account: "\(AccountsWorld.target)", name: /kiln/legacy-b/ami}]
          retention: {keep: 1, minAge: 1s}

        """
    }

    /// The target account's group `legacy-b`: its launch configuration's name and image.
    func targetGroupImage() async throws -> (configuration: String, image: String) {
        let fields = try await world.inTarget(
            """
            asg = client('autoscaling')
            name = asg.describe_auto_scaling_groups(AutoScalingGroupNames=['legacy-b'])['AutoScalingGroups'][0][
                'LaunchConfigurationName']
            lc = asg.describe_launch_configurations(LaunchConfigurationNames=[name])['LaunchConfigurations'][0]
            print(name, lc['ImageId'])
            """
        ).split(separator: " ").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        try #require(fields.count == 2)
        return (fields[0], fields[1])
    }

    func targetParameter(_ name: String) async throws -> String {
        try await world.inTarget("print(client('ssm').get_parameter(Name='\(name)')['Parameter']['Value'])")
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test("launch configurations and parameters in the target account get its copy; a configuration there pins it")
    func launchConfigurationAndParameterInTarget() async throws {
        try await world.ensureInstanceProfile()
        try await world.inTarget(
            """
            ec2 = client('ec2')
            base = sorted(ec2.describe_images(Owners=['amazon'], Filters=[{'Name': 'name',
                'Values': ['al2023-ami-2023.*-kernel-6.1-x86_64']}])['Images'], key=lambda i: i['Name'])[-1]['ImageId']
            zones = [z['ZoneName'] for z in ec2.describe_availability_zones()['AvailabilityZones']][:1]
            asg = client('autoscaling')
            asg.create_launch_configuration(LaunchConfigurationName='legacy-b-initial', ImageId=base,
                InstanceType='t3.micro')
            asg.create_auto_scaling_group(AutoScalingGroupName='legacy-b', MinSize=0, MaxSize=1, DesiredCapacity=0,
                AvailabilityZones=zones, LaunchConfigurationName='legacy-b-initial')
            """)
        let fixture = try GitFixture()
        let repository = try fixture.makeRepository("legacy")
        let clock = ManualClock(Date())
        let cycle = try world.cycle(repository: repository.path, clock: clock)
        try repository.commit(["manifests/legacy.yaml": Self.legacy(version: "1.0.0")], message: "1.0.0")
        let first = await converge(cycle, clock: clock)
        #expect(first.converged, "\(first.problems)")
        #expect(first.problems.isEmpty, "\(first.problems)")
        var images = try await world.targetImages()
        let copy = try #require(images.first { $0.key.hasPrefix("kiln/legacy/1.0.0/") }?.value, "\(images.keys)")
        let group = try await targetGroupImage()
        #expect(group.image == copy.id)
        #expect(group.configuration.hasPrefix("kiln-"), "a configuration of Kiln's own name: \(group.configuration)")
        #expect(try await targetParameter("/kiln/legacy-b/ami") == copy.id)
        let homeImages = try await world.inHome(
            "print(sorted(i['ImageId'] for i in client('ec2').describe_images(Owners=['self'])['Images']))")
        #expect(!homeImages.contains(copy.id), "the copy is the target account's")

        // A hand-made configuration in the target account that uses the 1.0.0 copy pins it there.
        try await world.inTarget(
            """
            client('autoscaling').create_launch_configuration(LaunchConfigurationName='pinning-by-hand',
                ImageId='\(copy.id)', InstanceType='t3.micro')
            """)
        try repository.commit(["manifests/legacy.yaml": Self.legacy(version: "1.1.0")], message: "1.1.0")
        clock.advance(by: 60)
        let second = await converge(cycle, clock: clock)
        #expect(second.converged, "\(second.problems)")
        images = try await world.targetImages()
        let newer = try #require(images.first { $0.key.hasPrefix("kiln/legacy/1.1.0/") }?.value)
        let moved = try await targetGroupImage()
        #expect(moved.image == newer.id)
        #expect(try await targetParameter("/kiln/legacy-b/ami") == newer.id)
        for _ in 0..<3 {
            clock.advance(by: 60)
            _ = await cycle.run(.apply)
        }
        images = try await world.targetImages()
        #expect(images.values.contains { $0.id == copy.id }, "a launch configuration there uses the 1.0.0 copy")
        let configurations = try await world.inTarget(
            "print(sorted(c['LaunchConfigurationName'] for c in "
                + "client('autoscaling').describe_launch_configurations()['LaunchConfigurations']))")
        #expect(!configurations.contains(group.configuration), "Kiln's unused 1.0.0 configuration is deleted")
        #expect(configurations.contains("pinning-by-hand"), "a configuration Kiln did not make is never touched")

        try await world.inTarget(
            "client('autoscaling').delete_launch_configuration(LaunchConfigurationName='pinning-by-hand')")
        for _ in 0..<10 where images.values.contains(where: { $0.id == copy.id }) {
            clock.advance(by: 60)
            _ = await cycle.run(.apply)
            images = try await world.targetImages()
        }
        #expect(!images.values.contains { $0.id == copy.id }, "unpinned, the 1.0.0 copy is pruned")
    }
}
