import AWS
import Controller
import Foundation
import KilnTestSupport
import Testing

/// A bake in the home account copied into a target account through its role, rolled out there and pruned there,
/// under moto's IAM with the generated policies on both sides.
@Suite("Copies into another account, under moto's IAM", .serialized, .accountsWorld)
struct AccountsEndToEndTests {
    let world: AccountsWorld

    init() throws {
        world = try AccountsWorldTrait.world()
    }

    /// Runs cycles until one is converged; records every failed action and issue.
    func converge(_ cycle: Cycle, clock: ManualClock, limit: Int = 40) async -> (converged: Bool, problems: [String]) {
        var problems: [String] = []
        for _ in 0..<limit {
            let report = await cycle.run(.apply)
            problems += report.outcomes.filter(\.failed).map { "\($0.action.summary): \($0.status)" }
            problems += report.issues.map(\.description) + report.diagnostics.map { "\($0)" }
            if report.isConverged { return (true, problems) }
            clock.advance(by: 5)
        }
        return (false, problems)
    }

    @Test("the copy is owned by the target account and tagged; its launch template gets it; old copies go when unused")
    func copyRolloutPrune() async throws {
        try await world.inHome("client('iam').create_instance_profile(InstanceProfileName='kiln-builder')")
        try await world.inTarget(
            """
            ec2 = client('ec2')
            base = sorted(ec2.describe_images(Owners=['amazon'], Filters=[{'Name': 'name',
                'Values': ['al2023-ami-2023.*-kernel-6.1-x86_64']}])['Images'], key=lambda i: i['Name'])[-1]['ImageId']
            ec2.create_launch_template(LaunchTemplateName='web-b',
                LaunchTemplateData={'ImageId': base, 'InstanceType': 't3.micro'})
            """)
        let fixture = try GitFixture()
        let repository = try fixture.makeRepository("images")
        let clock = ManualClock(Date())
        let cycle = try world.cycle(repository: repository.path, clock: clock)
        world.proxy.resetCalls()

        try repository.commit(["manifests/web.yaml": AccountManifests.image(version: "1.0.0")], message: "1.0.0")
        let first = await converge(cycle, clock: clock)
        #expect(first.converged, "\(first.problems)")
        #expect(first.problems.isEmpty, "\(first.problems)")
        #expect(
            world.proxy.count(service: "sts", action: "AssumeRole") == 1,
            "one session serves every cycle until it nears its expiry")
        let images = try await world.targetImages()
        let copy = try #require(images.first { $0.key.hasPrefix("kiln/web/1.0.0/") }, "\(images.keys)")
        #expect(copy.value.tags["kiln:owner"] == AccountsWorld.owner)
        #expect(copy.value.tags["kiln:image"] == "web")
        #expect(copy.value.tags["kiln:version"] == "1.0.0")
        #expect(try await world.targetTemplateImage("web-b") == copy.value.id)

        // A hand-made AMI carrying the copy's Kiln tags, and an instance of the 1.0.0 copy.
        let handMade = try await world.inTarget(
            """
            import json
            ec2 = client('ec2')
            tags = json.loads(os.environ['KILN_TAGS'])
            i = ec2.run_instances(ImageId=os.environ['KILN_COPY'], MinCount=1, MaxCount=1)['Instances'][0]
            made = ec2.create_image(InstanceId=i['InstanceId'], Name='web-by-hand')['ImageId']
            ec2.create_tags(Resources=[made], Tags=[{'Key': k, 'Value': v} for k, v in tags.items()])
            print(made, i['InstanceId'])
            """,
            extra: [
                "KILN_COPY": copy.value.id,
                "KILN_TAGS": String(
                    decoding: try JSONSerialization.data(withJSONObject: copy.value.tags), as: UTF8.self),
            ]
        ).split(separator: " ").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        try #require(handMade.count == 2)

        try repository.commit(["manifests/web.yaml": AccountManifests.image(version: "1.1.0")], message: "1.1.0")
        clock.advance(by: 60)
        let second = await converge(cycle, clock: clock)
        #expect(second.converged, "\(second.problems)")
        var after = try await world.targetImages()
        let newCopy = try #require(after.first { $0.key.hasPrefix("kiln/web/1.1.0/") }, "\(after.keys)")
        #expect(try await world.targetTemplateImage("web-b") == newCopy.value.id)
        #expect(after[copy.key]?.id == copy.value.id, "an instance uses the 1.0.0 copy: it stays")
        #expect(after["web-by-hand"]?.id == handMade[0])

        try await world.inTarget("client('ec2').terminate_instances(InstanceIds=['\(handMade[1])'])")
        for _ in 0..<10 where after[copy.key] != nil {
            clock.advance(by: 60)
            _ = await cycle.run(.apply)
            after = try await world.targetImages()
        }
        #expect(after[copy.key] == nil, "the unused 1.0.0 copy is pruned")
        #expect(after["web-by-hand"]?.id == handMade[0], "a hand-made AMI with Kiln's tags is never touched")
        #expect(after["web-by-hand"]?.tags == copy.value.tags)
    }

    @Test("a wrong external id is STS's AccessDenied and nothing is done there; no call for an account no one names")
    func wrongExternalId() async throws {
        let fixture = try GitFixture()
        let repository = try fixture.makeRepository("wrong-id")
        let clock = ManualClock(Date())
        try repository.commit(
            ["manifests/web.yaml": AccountManifests.image(version: "2.0.0", copyTo: false)], message: "home only")
        world.proxy.resetCalls()
        let quiet = try world.cycle(repository: repository.path, clock: clock, externalId: "not-the-id")
        _ = await quiet.run(.plan)
        #expect(world.proxy.count(service: "sts", action: "AssumeRole") == 0)

        try repository.commit(["manifests/web.yaml": AccountManifests.image(version: "2.0.0")], message: "copy")
        let report = await quiet.run(.plan)
        #expect(world.proxy.count(service: "sts", action: "AssumeRole") >= 1)
        let messages = report.issues.map(\.description)
        #expect(
            messages.contains {
                $0.contains("AssumeRole failed: AccessDenied") && $0.contains("request id")
                    && $0.contains(AccountsWorld.target)
            }, "\(messages)")
        #expect(!messages.joined().contains("not-the-id"), "the external id is never in an issue")
        let targetActions = (report.plan?.actions ?? []).filter { $0.reason.hasPrefix("account ") }
        #expect(targetActions.isEmpty, "\(targetActions.map(\.summary))")

        // The home account goes on: its bake starts although the other account cannot be reached.
        try await world.inHome(
            """
            iam = client('iam')
            if not iam.list_instance_profiles()['InstanceProfiles']:
                iam.create_instance_profile(InstanceProfileName='kiln-builder')
            """)
        let applied = await quiet.run(.apply)
        #expect(world.proxy.count(service: "ec2", action: "RunInstances") == 1, "\(applied.issues)")
        #expect(world.proxy.count(service: "ec2", action: "CopyImage") == 0)
    }
}

struct AccountsWorldTrait: SuiteTrait, TestScoping {
    @TaskLocal static var current: AccountsWorld?

    var isRecursive: Bool { false }

    func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        let world = try await AccountsWorld.start()
        defer { world.stop() }
        try await Self.$current.withValue(world) { try await function() }
    }

    static func world() throws -> AccountsWorld {
        try #require(current, "the suite needs the .accountsWorld trait")
    }
}

extension Trait where Self == AccountsWorldTrait {
    /// Two accounts on moto with IAM enforced, shared by the suite.
    static var accountsWorld: AccountsWorldTrait { AccountsWorldTrait() }
}
