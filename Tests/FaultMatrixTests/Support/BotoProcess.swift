import Foundation
import Synchronization

/// One long-lived `python3` running boto3 for the whole test process: the world is read and changed with one JSON
/// line in and one out per request, without paying for the interpreter and botocore's models on every call.
///
/// The process reads requests from its standard input and exits when that closes (when the test process ends).
final class BotoProcess: Sendable {
    /// The process's shared instance, started on first use.
    static let shared = Result { try BotoProcess() }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    private let process: Process
    private let input: FileHandle
    private let output: FileHandle
    /// Bytes read past the last answered line.
    private let pending = Mutex(Data())

    private init() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-u", "-c", BotoProcess.script]
        process.environment = ProcessInfo.processInfo.environment.merging([
            "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_CONFIG_FILE": "/dev/null",
            "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
        ]) { $1 }
        let stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        try process.run()
        self.process = process
        self.input = stdin.fileHandleForWriting
        self.output = stdout.fileHandleForReading
    }

    /// Sends one request (a JSON object) and returns the `result` of the answer, as JSON text.
    func request(_ command: [String: Any]) async throws -> String {
        var line = try JSONSerialization.data(withJSONObject: command)
        line.append(0x0A)
        let answer: Data = try await withCheckedThrowingContinuation { continuation in
            let request = line
            DispatchQueue.global().async {
                continuation.resume(with: Result { try self.exchange(request) })
            }
        }
        guard let object = try JSONSerialization.jsonObject(with: answer) as? [String: Any] else {
            throw Failure(description: "boto3: an answer that is not an object")
        }
        if let error = object["error"] as? String { throw Failure(description: "boto3: \(error)") }
        let result = object["result"] ?? NSNull()
        let data = try JSONSerialization.data(withJSONObject: result, options: .fragmentsAllowed)
        return String(decoding: data, as: UTF8.self)
    }

    /// Writes a request line and reads one answer line (blocking; runs off the cooperative pool, one at a time).
    private func exchange(_ line: Data) throws -> Data {
        try pending.withLock { buffer throws -> Data in
            try input.write(contentsOf: line)
            while true {
                if let newline = buffer.firstIndex(of: 0x0A) {
                    let answer = buffer[buffer.startIndex..<newline]
                    buffer = Data(buffer[buffer.index(after: newline)...])
                    return Data(answer)
                }
                let chunk = output.availableData
                guard !chunk.isEmpty else { throw Failure(description: "boto3 process ended") }
                buffer.append(chunk)
            }
        }
    }

    private static let script = #"""
        import json, sys, traceback, boto3
        clients = {}
        def client(endpoint, service, region):
            key = (endpoint, service, region)
            if key not in clients:
                clients[key] = boto3.client(service, endpoint_url=endpoint, region_name=region)
            return clients[key]
        def tags(item):
            return {t["Key"]: t.get("Value", "") for t in item.get("Tags", [])}
        def describe(endpoint, region):
            ec2, asg = client(endpoint, "ec2", region), client(endpoint, "autoscaling", region)
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
            return {"images": images, "snapshots": snapshots, "instances": instances,
                    "launchTemplates": templates, "groups": groups, "launchConfigurations": configurations}
        for line in sys.stdin:
            try:
                command = json.loads(line)
                endpoint, region = command["endpoint"], command["region"]
                if command["op"] == "describe":
                    result = describe(endpoint, region)
                else:
                    result = []
                    for call in command["calls"]:
                        response = getattr(client(endpoint, call["service"], region), call["method"])(**call["args"])
                        response.pop("ResponseMetadata", None)
                        result.append(response)
                answer = {"result": json.loads(json.dumps(result, default=str))}
            except Exception as error:
                answer = {"error": "".join(traceback.format_exception_only(type(error), error)).strip()}
            sys.stdout.write(json.dumps(answer) + "\n")
            sys.stdout.flush()
        """#
}
