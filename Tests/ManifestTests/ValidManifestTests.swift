import Manifest
import Testing

@Suite("Valid manifests")
struct ValidManifestTests {
    @Test func minimalManifestGetsEveryDefault() throws {
        let set = try Fixtures.loadValid("minimal")
        #expect(set.isComplete)
        #expect(set.diagnostics.isEmpty)
        let image = try #require(set.image(named: "minimal"))
        #expect(image.description == nil)
        #expect(image.file == "minimal.yaml")
        #expect(image.location == SourceLocation(file: "minimal.yaml", line: 1, column: 1))
        #expect(image.nameLocation == SourceLocation(file: "minimal.yaml", line: 4, column: 9))
        let spec = image.spec
        #expect(spec.version == SemanticVersion(major: 1, minor: 0, patch: 0))
        #expect(spec.versionLocation.line == 6)
        #expect(spec.retired == false)
        #expect(spec.source == .ami(.single("ami-0abc1234")))
        #expect(spec.sourceLocation == SourceLocation(file: "minimal.yaml", line: 8, column: 10))
        #expect(
            spec.build
                == BuildSpec(region: "us-east-1", instanceType: "t3.small", instanceProfile: "kiln-builder"))
        #expect(spec.build.subnet == nil)
        #expect(spec.build.securityGroups.isEmpty)
        #expect(spec.build.associatePublicIp == false)
        #expect(spec.build.rootVolume == RootVolume(sizeGiB: 16, type: .gp3, encrypted: true, kmsKey: nil))
        #expect(spec.build.timeout == .minutes(60))
        #expect(spec.build.maxAttempts == 3)
        #expect(spec.build.keepOnFailure == false)
        #expect(spec.provision.map(\.name) == ["install"])
        #expect(spec.provision[0].run == "set -eu\napt-get update\n")
        #expect(spec.provision[0].timeout == .minutes(10))
        #expect(spec.provision[0].location == SourceLocation(file: "minimal.yaml", line: 14, column: 7))
        #expect(spec.test.isEmpty)
        #expect(spec.cleanup == Cleanup(mode: .standard, steps: []))
        #expect(spec.distribute == Distribution())
        #expect(spec.tags.isEmpty)
        #expect(spec.rollout == RolloutTargets())
        #expect(spec.retention == Retention(keep: 3, minAge: .days(7), pinned: [], deprecateAfter: nil))
    }

    @Test func fullManifestReadsEveryField() throws {
        let set = try Fixtures.loadValid("full")
        #expect(set.diagnostics.isEmpty)
        let image = try #require(set.image(named: "attendance-api"))
        let spec = image.spec
        #expect(image.description == "Attendance API server")
        #expect(spec.version.description == "1.4.2-rc.1+build.7")
        #expect(spec.version.prerelease == ["rc", "1"])
        #expect(spec.version.build == ["build", "7"])
        #expect(
            spec.source
                == .filter(
                    ImageFilter(
                        name: "ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-arm64-server-*",
                        owners: ["099720109477", "amazon"], architecture: .arm64)))
        #expect(
            spec.build
                == BuildSpec(
                    region: "us-east-1", instanceType: "t4g.small", subnet: "subnet-0123abcd",
                    securityGroups: ["sg-0123abcd", "sg-0123456789abcdef0"],
                    instanceProfile: "arn:aws:iam::123456789012:instance-profile/kiln-builder",
                    associatePublicIp: true,
                    rootVolume: RootVolume(sizeGiB: 32, type: .io2, encrypted: true, kmsKey: "alias/kiln"),
                    timeout: .minutes(90), maxAttempts: 5, keepOnFailure: true))
        #expect(spec.provision.map(\.name) == ["install", "configure"])
        #expect(spec.provision.map(\.timeout) == [.minutes(20), .minutes(10)])
        #expect(spec.provision[1].run == "systemctl enable nginx")
        #expect(spec.test.map(\.name) == ["health"])
        #expect(spec.test[0].timeout == ManifestDuration(seconds: 90))
        #expect(spec.cleanup.mode == CleanupMode.none)
        #expect(spec.cleanup.steps.map(\.name) == ["purge-logs"])
        #expect(spec.allSteps.map(\.name) == ["install", "configure", "health", "purge-logs"])
        #expect(spec.distribute.regions == ["eu-west-1", "us-gov-west-1"])
        #expect(spec.distribute.accounts == ["210987654321", "123456789012"])
        #expect(spec.regions == ["us-east-1", "eu-west-1", "us-gov-west-1"])
        #expect(spec.tags == ["team": "attendance", "cost-center": "42", "empty": ""])
        let templates = spec.rollout.launchTemplates
        #expect(templates.map(\.name) == ["attendance-api", "attendance-api-canary"])
        #expect(templates.map(\.region) == ["eu-west-1", "us-east-1"])
        #expect(templates.map(\.setDefault) == [false, true])
        #expect(
            templates[0].refresh
                == InstanceRefresh(
                    autoScalingGroup: "attendance-api", minHealthyPercentage: 75, instanceWarmup: .minutes(5)))
        #expect(templates[1].refresh == nil)
        #expect(
            spec.rollout.launchConfigurations.map(\.autoScalingGroup) == [
                "attendance-api-legacy", "attendance-api-legacy-eu",
            ])
        #expect(spec.rollout.launchConfigurations.map(\.region) == ["us-east-1", "eu-west-1"])
        #expect(spec.rollout.ssmParameter == "/kiln/attendance-api/ami")
        #expect(spec.retention.keep == 5)
        #expect(spec.retention.minAge == .days(14))
        #expect(spec.retention.pinned.map(\.description) == ["1.3.0", "1.2.9-beta.2"])
        #expect(spec.retention.deprecateAfter == .days(30))
    }

    @Test func layeredImagesComeInDependencyOrder() throws {
        let set = try Fixtures.loadValid("layered")
        #expect(set.isComplete)
        #expect(set.images.map(\.name) == ["base-ubuntu", "web", "api"])
        #expect(set.image(named: "web")?.spec.source == .image("base-ubuntu"))
        let base = try #require(set.image(named: "base-ubuntu"))
        #expect(
            base.spec.source
                == .ami(.byRegion(["us-east-1": "ami-0123456789abcdef0", "eu-west-1": "ami-0fedcba9876543210"])))
        if case .ami(let reference) = base.spec.source {
            #expect(reference.id(in: "eu-west-1") == "ami-0fedcba9876543210")
            #expect(reference.id(in: "ap-south-1") == nil)
        }
    }

    @Test func independentImagesSortByNameAfterTheirBases() {
        let set = Sample.load([
            "z.yaml": Sample.manifest(name: "zeta"),
            "y.yaml": Sample.manifest(name: "alpha", source: "image: zeta"),
            "x.yaml": Sample.manifest(name: "beta"),
            "w.yaml": Sample.manifest(name: "aardvark", source: "image: alpha"),
            "v.yaml": Sample.manifest(name: "gamma", source: "image: beta"),
        ])
        #expect(set.isComplete)
        #expect(set.images.map(\.name) == ["beta", "zeta", "alpha", "gamma", "aardvark"])
    }

    @Test func warningsAloneKeepTheSetComplete() {
        var set = Sample.load(["web.yaml": Sample.manifest()])
        set.diagnostics.append(Diagnostic(file: "web.yaml", line: 1, column: 1, severity: .warning, message: "w"))
        #expect(set.isComplete)
        #expect(set.warningCount == 1)
        #expect(set.errorCount == 0)
    }
}
