import Foundation
import KilnTestSupport
import Testing

/// The world as boto3 sees it through the proxy (so the proxy's answers to moto's gaps show), and the changes a
/// person makes to it. Callers pause the faults around it.
struct FaultWorld: Sendable {
    let endpoint: URL

    /// Everything the matrix compares, in us-east-1.
    func state() async throws -> RegionState {
        let output = try await run(["op": "describe", "region": "us-east-1"])
        return try JSONDecoder().decode(RegionState.self, from: Data(output.utf8))
    }

    /// Makes boto3 calls in us-east-1, in order; returns each response.
    @discardableResult
    func call(_ calls: [(service: String, method: String, arguments: [String: Any])]) async throws -> [[String: Any]] {
        let list: [[String: Any]] = calls.map { ["service": $0.service, "method": $0.method, "args": $0.arguments] }
        let output = try await run(["op": "call", "region": "us-east-1", "calls": list])
        return try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [[String: Any]] ?? []
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
            throw FaultWorldError()
        }
        return output.stdout
    }

    struct FaultWorldError: Error {}

    private static let script = #"""
        import json, os, sys, boto3
        command = json.loads(sys.argv[1])
        region = command["region"]
        def client(service):
            return boto3.client(service, endpoint_url=os.environ["KILN_ENDPOINT"], region_name=region)
        def tags(item):
            return {t["Key"]: t.get("Value", "") for t in item.get("Tags", [])}
        if command["op"] == "describe":
            ec2, asg = client("ec2"), client("autoscaling")
            images = [{"id": i["ImageId"], "state": i["State"], "tags": tags(i),
                       "snapshots": [b["Ebs"]["SnapshotId"] for b in i.get("BlockDeviceMappings", [])
                                     if "SnapshotId" in b.get("Ebs", {})]}
                      for i in ec2.describe_images(Owners=["self"])["Images"]]
            snapshots = [{"id": s["SnapshotId"], "tags": tags(s)}
                         for s in ec2.describe_snapshots(OwnerIds=["self"])["Snapshots"]]
            instances = [{"id": i["InstanceId"], "state": i["State"]["Name"], "tags": tags(i)}
                         for r in ec2.describe_instances()["Reservations"] for i in r["Instances"]]
            templates = []
            for t in ec2.describe_launch_templates()["LaunchTemplates"]:
                versions = ec2.describe_launch_template_versions(LaunchTemplateId=t["LaunchTemplateId"])
                templates.append({"name": t["LaunchTemplateName"], "defaultVersion": t["DefaultVersionNumber"],
                                  "latestVersion": t["LatestVersionNumber"],
                                  "versions": {str(v["VersionNumber"]): v["LaunchTemplateData"].get("ImageId", "")
                                               for v in versions["LaunchTemplateVersions"]}})
            groups = {g["AutoScalingGroupName"]: g.get("LaunchConfigurationName", "")
                      for g in asg.describe_auto_scaling_groups()["AutoScalingGroups"]}
            configurations = {c["LaunchConfigurationName"]: c["ImageId"]
                              for c in asg.describe_launch_configurations()["LaunchConfigurations"]}
            print(json.dumps({"images": images, "snapshots": snapshots, "instances": instances,
                              "launchTemplates": templates, "groups": groups,
                              "launchConfigurations": configurations}, default=str))
        else:
            results = []
            for call in command["calls"]:
                response = getattr(client(call["service"]), call["method"])(**call["args"])
                response.pop("ResponseMetadata", None)
                results.append(response)
            print(json.dumps(results, default=str))
        """#
}

/// us-east-1 as `FaultWorld.state` reads it.
struct RegionState: Decodable, Sendable {
    struct Image: Decodable, Sendable {
        var id: String
        var state: String
        var tags: [String: String]
        var snapshots: [String]
    }

    struct Tagged: Decodable, Sendable {
        var id: String
        var state: String?
        var tags: [String: String]
    }

    struct LaunchTemplate: Decodable, Sendable {
        var name: String
        var defaultVersion: Int
        var latestVersion: Int
        var versions: [String: String]
    }

    var images: [Image]
    var snapshots: [Tagged]
    var instances: [Tagged]
    var launchTemplates: [LaunchTemplate]
    /// Group name → launch configuration name ("" for a launch template group).
    var groups: [String: String]
    /// Launch configuration name → image id.
    var launchConfigurations: [String: String]

    /// Kiln's AMIs of `image`, by version.
    func amis(of image: String) -> [String: [Image]] {
        Dictionary(grouping: images.filter { $0.tags["kiln:image"] == image }) { $0.tags["kiln:version"] ?? "" }
    }

    /// The one AMI of `version` of `image`, if there is exactly one.
    func ami(_ image: String, _ version: String) -> String? {
        guard let found = amis(of: image)[version], found.count == 1 else { return nil }
        return found[0].id
    }

    /// Kiln builders that are not terminated.
    var liveBuilders: [Tagged] {
        instances.filter { $0.tags["kiln:role"] == "builder" && $0.state != "terminated" }
    }

    /// Every Kiln builder ever launched (terminated ones included, as long as moto lists them).
    var builders: [Tagged] { instances.filter { $0.tags["kiln:role"] == "builder" } }

    /// Snapshots no image uses.
    var orphanSnapshots: [Tagged] {
        let used = Set(images.flatMap(\.snapshots))
        return snapshots.filter { !used.contains($0.id) }
    }

    func launchTemplate(_ name: String) -> LaunchTemplate? { launchTemplates.first { $0.name == name } }

    /// The image of the launch configuration `group` uses.
    func launchConfigurationImage(of group: String) -> String? {
        groups[group].flatMap { launchConfigurations[$0] }
    }
}
