import Foundation

extension SSMSimulation {
    mutating func answer(_ call: ProxiedCall, now: Date) -> ProxiedResponse? {
        switch call.action {
        case "DescribeInstanceInformation": return describeInstanceInformation(call, now: now)
        case "ListCommandInvocations": return listCommandInvocations(call, now: now)
        default: return nil
        }
    }

    // MARK: - DescribeInstanceInformation

    private mutating func describeInstanceInformation(_ call: ProxiedCall, now: Date) -> ProxiedResponse {
        let request = call.jsonBody() ?? [:]
        var wantedIds: Set<String>?
        var wantedPing: Set<String>?
        for filter in request["Filters"] as? [[String: Any]] ?? [] {
            let values = Set(filter["Values"] as? [String] ?? [])
            switch filter["Key"] as? String {
            case "InstanceIds": wantedIds = values
            case "PingStatus": wantedPing = values
            default: break
            }
        }
        for filter in request["InstanceInformationFilterList"] as? [[String: Any]] ?? [] {
            let values = Set(filter["valueSet"] as? [String] ?? [])
            switch filter["key"] as? String {
            case "InstanceIds": wantedIds = values
            case "PingStatus": wantedPing = values
            default: break
            }
        }
        var listed: [[String: Any]] = []
        for index in instances.indices {
            let instance = instances[index]
            guard instance.region == call.region, instance.state != "terminated",
                wantedIds.map({ $0.contains(instance.instanceId) }) ?? true
            else { continue }
            instances[index].polls += 1
            guard instance.polls >= onlineAfterPolls else { continue }
            let ping = instance.state == "running" ? "Online" : "ConnectionLost"
            guard wantedPing.map({ $0.contains(ping) }) ?? true else { continue }
            listed.append(information(instance, ping: ping, now: now))
        }
        let (page, next) = Self.paginate(listed, request: request)
        var body: [String: Any] = ["InstanceInformationList": page]
        if let next { body["NextToken"] = next }
        return .json(object: body, wireProtocol: call.wireProtocol)
    }

    private func information(_ instance: ManagedInstance, ping: String, now: Date) -> [String: Any] {
        let address = instance.privateIPAddress ?? "10.0.0.1"
        return [
            "InstanceId": instance.instanceId,
            "PingStatus": ping,
            "LastPingDateTime": now.timeIntervalSince1970,
            "AgentVersion": "3.3.1142.0",
            "IsLatestVersion": true,
            "PlatformType": "Linux",
            "PlatformName": "Ubuntu",
            "PlatformVersion": "24.04",
            "ResourceType": "EC2Instance",
            "IPAddress": address,
            "ComputerName": "ip-" + address.replacingOccurrences(of: ".", with: "-") + ".ec2.internal",
            "RegistrationDate": instance.launchTime.timeIntervalSince1970,
            "AssociationStatus": "Success",
            "SourceId": instance.instanceId,
            "SourceType": "AWS::EC2::Instance",
        ]
    }

    // MARK: - ListCommandInvocations

    private mutating func listCommandInvocations(_ call: ProxiedCall, now: Date) -> ProxiedResponse {
        let request = call.jsonBody() ?? [:]
        let commandId = request["CommandId"] as? String
        let instanceId = request["InstanceId"] as? String
        let details = request["Details"] as? Bool ?? false
        var listed: [[String: Any]] = []
        for command in commands.reversed() where command.region == call.region {
            guard commandId.map({ $0 == command.commandId }) ?? true else { continue }
            for instance in command.instanceIds where instanceId.map({ $0 == instance }) ?? true {
                let result = poll(command, instance: instance)
                listed.append(invocation(command, instance: instance, result: result, details: details))
            }
        }
        let (page, next) = Self.paginate(listed, request: request)
        var body: [String: Any] = ["CommandInvocations": page]
        if let next { body["NextToken"] = next }
        return .json(object: body, wireProtocol: call.wireProtocol)
    }

    private func invocation(
        _ command: SentCommand, instance: String, result: InvocationResult, details: Bool
    ) -> [String: Any] {
        let requested = command.requestedAt.timeIntervalSince1970
        var plugins: [[String: Any]] = []
        if details {
            var output = result.stdout
            if !result.stderr.isEmpty { output += "\n----------ERROR-------\n" + result.stderr }
            var plugin: [String: Any] = [
                "Name": "aws:runShellScript", "Status": result.status, "StatusDetails": result.statusDetails,
                "ResponseCode": result.responseCode, "ResponseStartDateTime": requested,
                "Output": String(output.suffix(2500)), "StandardOutputUrl": "", "StandardErrorUrl": "",
                "OutputS3Region": command.region, "OutputS3BucketName": "", "OutputS3KeyPrefix": "",
            ]
            if result.isFinished { plugin["ResponseFinishDateTime"] = requested }
            plugins.append(plugin)
        }
        return [
            "CommandId": command.commandId, "InstanceId": instance, "InstanceName": "",
            "Comment": command.comment, "DocumentName": command.documentName, "DocumentVersion": "$DEFAULT",
            "RequestedDateTime": requested, "Status": result.status, "StatusDetails": result.statusDetails,
            "TraceOutput": "", "StandardOutputUrl": "", "StandardErrorUrl": "", "CommandPlugins": plugins,
            "ServiceRole": "",
            "NotificationConfig": ["NotificationArn": "", "NotificationEvents": [String](), "NotificationType": ""],
            "CloudWatchOutputConfig": ["CloudWatchLogGroupName": "", "CloudWatchOutputEnabled": false],
        ]
    }

    // MARK: - Pagination

    /// One page per `MaxResults` (default 50); `NextToken` is the offset of the next page.
    static func paginate(_ items: [[String: Any]], request: [String: Any]) -> ([[String: Any]], String?) {
        let size = max(1, request["MaxResults"] as? Int ?? 50)
        let start = min(items.count, Int(request["NextToken"] as? String ?? "") ?? 0)
        let end = min(items.count, start + size)
        return (Array(items[start..<end]), end < items.count ? String(end) : nil)
    }
}
