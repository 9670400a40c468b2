import AWS
import Cloud
import Foundation
import KilnTestSupport
import Logging
import Testing

@testable import Controller
@testable import Planner

/// moto behind a FaultProxy, a Kiln AWS client through the proxy, and boto3 for set-up and independent checks.
struct MotoWorld: Sendable {
    let moto: MotoServer
    let proxy: FaultProxy
    let client: AWSClient

    static func start() async throws -> MotoWorld {
        let moto = try await MotoServer.start()
        do {
            let proxy = try await FaultProxy.start(upstream: moto.endpoint)
            let endpoint = proxy.endpoint
            let client = AWSClient(
                credentialProvider: StaticCredentialProvider(
                    Credentials(accessKeyID: "testing", secretAccessKey: "testing")),
                endpoint: { _, _ in endpoint }, timeout: .seconds(120), httpClient: .shared)
            return MotoWorld(moto: moto, proxy: proxy, client: client)
        } catch {
            moto.stop()
            throw error
        }
    }

    func stop() {
        proxy.stop()
        moto.stop()
    }

    /// A reconciler over the Cloud layer on this world, at `clock`'s time, owned by `kiln-test`.
    func reconciler(clock: any CycleClock) -> CycleReconciler {
        let logger = Logger(label: "kiln.test") { _ in SwiftLogNoOpLogHandler() }
        let observer = Observer(client: client, logger: logger, now: { clock.now() })
        let executor = Executor(
            client: client, owner: "kiln-test", configuration: .init(tagSnapshotsOnCreateImage: false),
            logger: logger)
        return CycleReconciler(
            observer: CloudObserver(observer), executor: executor,
            configuration: Cycle.Configuration(
                owner: "kiln-test", planner: PlannerConfiguration(snapshotGracePeriod: 0)),
            clock: clock, logger: logger)
    }

    // MARK: - boto3

    /// Runs a Python snippet with `ec2` and `iam` clients on the proxy; returns its JSON output.
    func boto(_ code: String) async throws -> Any {
        let script = """
            import json, boto3
            ec2 = boto3.client("ec2", endpoint_url="\(proxy.endpoint.absoluteString)", region_name="us-east-1")
            iam = boto3.client("iam", endpoint_url="\(proxy.endpoint.absoluteString)", region_name="us-east-1")
            out = None
            \(code)
            print(json.dumps(out, default=str))
            """
        let output = try await ProcessRunner.run(
            "python3", ["-c", script],
            environment: [
                "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_CONFIG_FILE": "/dev/null",
                "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
            ])
        guard output.status == 0 else {
            Issue.record("boto3: \(output.stderr.split(separator: "\n").suffix(3).joined(separator: " | "))")
            throw MotoWorldError()
        }
        return try JSONSerialization.jsonObject(with: Data(output.stdout.utf8), options: .fragmentsAllowed)
    }

    /// The instance profile builders use and a launch template `web` on moto's Amazon Linux 2023 image.
    func seed() async throws {
        _ = try await boto(
            """
            iam.create_instance_profile(InstanceProfileName="kiln-builder")
            images = ec2.describe_images(Owners=["amazon"], Filters=[{"Name": "name",
                "Values": ["al2023-ami-2023.*-kernel-6.1-x86_64"]}])["Images"]
            base = max(images, key=lambda i: i["CreationDate"])["ImageId"]
            ec2.create_launch_template(LaunchTemplateName="web",
                LaunchTemplateData={"ImageId": base, "InstanceType": "t3.micro"})
            out = base
            """)
    }

    /// Kiln's AMIs of `web` by version, and the image of the launch template's default version.
    func state() async throws -> (amis: [String: [String]], defaultImage: String?) {
        let result = try await boto(
            """
            amis = {}
            for i in ec2.describe_images(Owners=["self"])["Images"]:
                tags = {t["Key"]: t["Value"] for t in i.get("Tags", [])}
                if tags.get("kiln:image") == "web":
                    amis.setdefault(tags.get("kiln:version", ""), []).append(i["ImageId"])
            v = ec2.describe_launch_template_versions(LaunchTemplateName="web", Versions=["$Default"])
            out = {"amis": amis, "default": v["LaunchTemplateVersions"][0]["LaunchTemplateData"].get("ImageId")}
            """)
        let object = result as? [String: Any] ?? [:]
        return (object["amis"] as? [String: [String]] ?? [:], object["default"] as? String)
    }
}

struct MotoWorldError: Error {}
