import Foundation
import KilnTestSupport
import Testing

/// The state of the world as an independent client sees it: boto3, through the proxy (so the proxy's additions
/// to moto, such as deleted launch-template versions, show), never Kiln's own observer.
struct World: Sendable {
    let endpoint: URL

    // MARK: - Reading

    /// Everything the tests assert on, in `regions`.
    func state(_ regions: [String] = ["us-east-1"]) async throws -> WorldState {
        let output = try await run(["op": "describe", "regions": regions])
        return try JSONDecoder().decode(WorldState.self, from: Data(output.utf8))
    }

    // MARK: - Changing

    /// Makes boto3 calls in order; each call's arguments may refer to an earlier result with `"$N.Key.Sub"`.
    @discardableResult
    func call(_ calls: [BotoCall]) async throws -> [[String: Any]] {
        let list: [[String: Any]] = calls.map {
            ["service": $0.service, "region": $0.region, "method": $0.method, "args": $0.arguments]
        }
        let output = try await run(["op": "call", "calls": list])
        let parsed = try JSONSerialization.jsonObject(with: Data(output.utf8))
        return parsed as? [[String: Any]] ?? []
    }

    /// The newest moto image matching the examples' source filter (Amazon Linux 2023).
    func baseImage(region: String = "us-east-1") async throws -> String {
        let result = try await call([
            BotoCall(
                "ec2", region, "describe_images",
                [
                    "Owners": ["amazon"],
                    "Filters": [["Name": "name", "Values": ["al2023-ami-2023.*-kernel-6.1-x86_64"]]],
                ])
        ])
        let images = result.first?["Images"] as? [[String: Any]] ?? []
        let newest = images.max { ($0["CreationDate"] as? String ?? "") < ($1["CreationDate"] as? String ?? "") }
        return try #require(newest?["ImageId"] as? String, "moto has an Amazon Linux 2023 image")
    }

    private func run(_ command: [String: Any]) async throws -> String {
        let json = String(decoding: try JSONSerialization.data(withJSONObject: command), as: UTF8.self)
        let output = try await ProcessRunner.run(
            "python3", ["-c", Self.script, json],
            environment: [
                "KILN_ENDPOINT": endpoint.absoluteString, "AWS_ACCESS_KEY_ID": "testing",
                "AWS_SECRET_ACCESS_KEY": "testing", "AWS_CONFIG_FILE": "/dev/null",
                "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
            ])
        guard output.status == 0 else {
            Issue.record("boto3 failed: \(output.stderr.split(separator: "\n").suffix(4).joined(separator: " | "))")
            throw WorldError()
        }
        return output.stdout
    }

    struct WorldError: Error {}

    private static let script = #"""
        import json, os, sys, boto3
        endpoint = os.environ["KILN_ENDPOINT"]
        def client(service, region):
            return boto3.client(service, endpoint_url=endpoint, region_name=region)
        def tags(item):
            return {t["Key"]: t.get("Value", "") for t in item.get("Tags", [])}
        command = json.loads(sys.argv[1])
        if command["op"] == "describe":
            out = {}
            for region in command["regions"]:
                ec2, asg, ssm = client("ec2", region), client("autoscaling", region), client("ssm", region)
                images = [{"id": i["ImageId"], "name": i.get("Name", ""), "state": i["State"], "tags": tags(i),
                           "snapshots": [b["Ebs"]["SnapshotId"] for b in i.get("BlockDeviceMappings", [])
                                         if "Ebs" in b and "SnapshotId" in b["Ebs"]]}
                          for i in ec2.describe_images(Owners=["self"])["Images"]]
                snapshots = [{"id": s["SnapshotId"], "tags": tags(s)}
                             for s in ec2.describe_snapshots(OwnerIds=["self"])["Snapshots"]]
                instances = [{"id": i["InstanceId"], "state": i["State"]["Name"], "imageId": i.get("ImageId", ""),
                              "tags": tags(i)}
                             for r in ec2.describe_instances()["Reservations"] for i in r["Instances"]]
                templates = []
                for t in ec2.describe_launch_templates()["LaunchTemplates"]:
                    versions = ec2.describe_launch_template_versions(LaunchTemplateId=t["LaunchTemplateId"])
                    templates.append({"id": t["LaunchTemplateId"], "name": t["LaunchTemplateName"],
                                      "defaultVersion": t["DefaultVersionNumber"],
                                      "latestVersion": t["LatestVersionNumber"],
                                      "versions": [{"number": v["VersionNumber"],
                                                    "imageId": v["LaunchTemplateData"].get("ImageId", "")}
                                                   for v in versions["LaunchTemplateVersions"]]})
                groups = [{"name": g["AutoScalingGroupName"],
                           "launchConfiguration": g.get("LaunchConfigurationName", "")}
                          for g in asg.describe_auto_scaling_groups()["AutoScalingGroups"]]
                configurations = [{"name": c["LaunchConfigurationName"], "imageId": c["ImageId"]}
                                  for c in asg.describe_launch_configurations()["LaunchConfigurations"]]
                out[region] = {"images": images, "snapshots": snapshots, "instances": instances,
                               "launchTemplates": templates, "groups": groups, "launchConfigurations": configurations}
            print(json.dumps(out, default=str))
        else:
            results = []
            for call in command["calls"]:
                response = getattr(client(call["service"], call["region"]), call["method"])(**call["args"])
                response.pop("ResponseMetadata", None)
                results.append(response)
            print(json.dumps(results, default=str))
        """#
}

/// One boto3 call.
struct BotoCall: @unchecked Sendable {
    var service: String
    var region: String
    var method: String
    var arguments: [String: Any]

    init(_ service: String, _ region: String, _ method: String, _ arguments: [String: Any] = [:]) {
        self.service = service
        self.region = region
        self.method = method
        self.arguments = arguments
    }
}

/// What `World.state` returns, per region.
typealias WorldState = [String: RegionState]

struct RegionState: Decodable, Sendable {
    struct Image: Decodable, Sendable {
        var id: String
        var name: String
        var state: String
        var tags: [String: String]
        var snapshots: [String]
    }

    struct Snapshot: Decodable, Sendable {
        var id: String
        var tags: [String: String]
    }

    struct Instance: Decodable, Sendable {
        var id: String
        var state: String
        var imageId: String
        var tags: [String: String]
    }

    struct LaunchTemplate: Decodable, Sendable {
        struct Version: Decodable, Sendable {
            var number: Int
            var imageId: String
        }

        var id: String
        var name: String
        var defaultVersion: Int
        var latestVersion: Int
        var versions: [Version]

        var defaultImage: String? { versions.first { $0.number == defaultVersion }?.imageId }
    }

    struct Group: Decodable, Sendable {
        var name: String
        var launchConfiguration: String
    }

    struct LaunchConfiguration: Decodable, Sendable {
        var name: String
        var imageId: String
    }

    var images: [Image]
    var snapshots: [Snapshot]
    var instances: [Instance]
    var launchTemplates: [LaunchTemplate]
    var groups: [Group]
    var launchConfigurations: [LaunchConfiguration]

    /// Kiln's AMIs of `image` (any owner), by version.
    func amis(of image: String) -> [String: [Image]] {
        Dictionary(grouping: images.filter { $0.tags["kiln:image"] == image }) { $0.tags["kiln:version"] ?? "" }
    }

    /// Kiln builders that are not terminated.
    var liveBuilders: [Instance] {
        instances.filter { $0.tags["kiln:role"] == "builder" && $0.state != "terminated" }
    }

    /// Snapshots no image uses.
    var orphanSnapshots: [Snapshot] {
        let used = Set(images.flatMap(\.snapshots))
        return snapshots.filter { !used.contains($0.id) }
    }

    func launchTemplate(_ name: String) -> LaunchTemplate? { launchTemplates.first { $0.name == name } }

    /// The image of the launch configuration `group` uses.
    func launchConfigurationImage(of group: String) -> String? {
        guard let name = groups.first(where: { $0.name == group })?.launchConfiguration else { return nil }
        return launchConfigurations.first { $0.name == name }?.imageId
    }
}
