import AWS
import Cloud
import Controller
import Foundation
import KilnTestSupport
import Logging
import Manifest
import Planner
import Testing

/// moto with signatures and IAM enforced behind a FaultProxy; an administrator seeds rollout targets, and each
/// run signs as a user whose only policy is the one given (the deployed controller policy, or it less an action).
final class IAMWorld: Sendable {
    let moto: MotoServer
    let proxy: FaultProxy
    let admin: MotoAccessKey

    private init(moto: MotoServer, proxy: FaultProxy, admin: MotoAccessKey) {
        self.moto = moto
        self.proxy = proxy
        self.admin = admin
    }

    static func start() async throws -> IAMWorld {
        let moto = try await MotoServer.start(.init(initialNoAuthActionCount: 3))
        do {
            let admin = try await moto.createIAMUser(name: "kiln-admin")
            let proxy = try await FaultProxy.start(upstream: moto.endpoint)
            return IAMWorld(moto: moto, proxy: proxy, admin: admin)
        } catch {
            moto.stop()
            throw error
        }
    }

    func stop() {
        proxy.stop()
        moto.stop()
    }

    /// Seeds the rollout targets of one run, named after `name`: a launch template and an Auto Scaling group
    /// on it (`name`), and an Auto Scaling group on a launch configuration (`name-legacy`).
    func seed(_ name: String) async throws {
        try await Boto.run(
            """
            iam = client('iam')
            if not iam.list_instance_profiles()['InstanceProfiles']:
                iam.create_instance_profile(InstanceProfileName='kiln-builder')
            name = os.environ['KILN_NAME']
            ec2 = client('ec2')
            base = sorted(ec2.describe_images(Owners=['amazon'], Filters=[{'Name': 'name',
                'Values': ['al2023-ami-2023.*-kernel-6.1-x86_64']}])['Images'], key=lambda i: i['Name'])[-1]['ImageId']
            ec2.create_launch_template(LaunchTemplateName=name,
                LaunchTemplateData={'ImageId': base, 'InstanceType': 't3.micro'})
            zones = [z['ZoneName'] for z in ec2.describe_availability_zones()['AvailabilityZones']][:1]
            asg = client('autoscaling')
            asg.create_auto_scaling_group(AutoScalingGroupName=name, MinSize=0, MaxSize=1, DesiredCapacity=0,
                AvailabilityZones=zones, LaunchTemplate={'LaunchTemplateName': name, 'Version': '$Default'})
            asg.create_launch_configuration(LaunchConfigurationName=name + '-initial', ImageId=base,
                InstanceType='t3.micro')
            asg.create_auto_scaling_group(AutoScalingGroupName=name + '-legacy', MinSize=0, MaxSize=1,
                DesiredCapacity=0, AvailabilityZones=zones, LaunchConfigurationName=name + '-initial')
            """, endpoint: moto.endpoint, accessKey: admin.accessKeyId, secretKey: admin.secretAccessKey,
            extra: ["KILN_NAME": name])
    }

    /// A new user whose only policy is `policy`.
    func user(_ name: String, policy: String) async throws -> Credentials {
        try await moto.createIAMUserAsAdmin(name: name, policy: policy, admin: admin)
    }

    /// A cycle of controller `owner` signing as `credentials`, reading the manifests at `repository`'s HEAD.
    func cycle(_ credentials: Credentials, owner: String, repository: String, clock: ManualClock) -> Cycle {
        let endpoint = proxy.endpoint
        let client = AWSClient(
            credentialProvider: StaticCredentialProvider(credentials), endpoint: { _, _ in endpoint },
            retryStrategy: RetryStrategy(maxAttempts: 2, random: { 0 }), timeout: .seconds(120), httpClient: .shared,
            logger: Logger(label: "kiln.test.aws"))
        let logger = Logger(label: "kiln.test.iam") { _ in SwiftLogNoOpLogHandler() }
        let observer = Observer(client: client, logger: logger, now: { clock.now() })
        let executor = Executor(
            client: client, owner: owner, configuration: .init(tagSnapshotsOnCreateImage: false), logger: logger)
        return Cycle(
            source: GitManifestSource(location: repository), observer: CloudObserver(observer),
            executor: executor,
            configuration: Cycle.Configuration(
                owner: owner, planner: PlannerConfiguration(snapshotGracePeriod: 0),
                guardrails: Guardrails(distributeAccounts: ["210987654321", "210987654322"])),
            clock: clock, logger: logger)
    }
}

extension MotoServer {
    /// Creates a user with an inline policy and a key, signing the IAM calls as `admin` (auth is enforced).
    func createIAMUserAsAdmin(name: String, policy: String, admin: MotoAccessKey) async throws -> Credentials {
        let script = """
            iam = client('iam')
            iam.create_user(UserName=os.environ['KILN_USER'])
            iam.put_user_policy(UserName=os.environ['KILN_USER'], PolicyName='kiln',
                PolicyDocument=os.environ['KILN_POLICY'])
            key = iam.create_access_key(UserName=os.environ['KILN_USER'])['AccessKey']
            print(key['AccessKeyId'], key['SecretAccessKey'])
            """
        let output = try await Boto.run(
            script, endpoint: endpoint, accessKey: admin.accessKeyId, secretKey: admin.secretAccessKey,
            extra: ["KILN_USER": name, "KILN_POLICY": policy])
        let fields = output.split(separator: "\n").last?.split(separator: " ").map(String.init) ?? []
        try #require(fields.count == 2, "no access key for \(name)")
        return Credentials(accessKeyID: fields[0], secretAccessKey: fields[1])
    }
}
