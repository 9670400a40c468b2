import Foundation

/// An instance refresh started through the proxy (moto has no instance refreshes).
public struct InstanceRefreshRecord: Sendable {
    public var instanceRefreshId: String
    public var autoScalingGroupName: String
    public var region: String
    public var startTime: Date
    /// Scalar `Preferences.*` parameters as sent, e.g. `["MinHealthyPercentage": "90"]`.
    public var preferences: [String: String]
    public var strategy: String
    /// DescribeInstanceRefreshes responses that listed this refresh.
    public var polls: Int
    public var cancelled: Bool
    /// The status the next DescribeInstanceRefreshes will show.
    public var status: String
}

/// The proxy's simulation of AutoScaling instance refreshes.
struct AutoScalingSimulation: Sendable {
    /// DescribeInstanceRefreshes polls that show a refresh `InProgress` before it is `Successful`.
    var pollsUntilSuccessful = 0
    var refreshes: [InstanceRefreshRecord] = []

    mutating func answer(_ call: ProxiedCall, now: Date) -> ProxiedResponse? {
        switch call.action {
        case "StartInstanceRefresh": return start(call, now: now)
        case "DescribeInstanceRefreshes": return describe(call)
        case "CancelInstanceRefresh": return cancel(call)
        default: return nil
        }
    }

    func status(of refresh: InstanceRefreshRecord) -> String {
        if refresh.cancelled { return "Cancelled" }
        return refresh.polls >= pollsUntilSuccessful ? "Successful" : "InProgress"
    }

    private func activeIndex(group: String, region: String) -> Int? {
        refreshes.lastIndex {
            $0.autoScalingGroupName == group && $0.region == region && status(of: $0) == "InProgress"
        }
    }

    // MARK: - Actions

    private mutating func start(_ call: ProxiedCall, now: Date) -> ProxiedResponse {
        let group = call.parameters["AutoScalingGroupName"] ?? ""
        if activeIndex(group: group, region: call.region) != nil {
            return .awsError(
                for: call, code: "InstanceRefreshInProgress",
                message: "An Instance Refresh is already in progress and blocks the execution of this Instance Refresh."
            )
        }
        var preferences: [String: String] = [:]
        for (key, value) in call.parameters where key.hasPrefix("Preferences.") {
            let name = String(key.dropFirst("Preferences.".count))
            if !name.contains(".") { preferences[name] = value }
        }
        let refresh = InstanceRefreshRecord(
            instanceRefreshId: UUID().uuidString.lowercased(), autoScalingGroupName: group, region: call.region,
            startTime: now, preferences: preferences, strategy: call.parameters["Strategy"] ?? "Rolling",
            polls: 0, cancelled: false, status: "")
        refreshes.append(refresh)
        return ProxyXML.queryResponse(
            action: call.action, service: call.service,
            result: "<InstanceRefreshId>\(refresh.instanceRefreshId)</InstanceRefreshId>")
    }

    private mutating func describe(_ call: ProxiedCall) -> ProxiedResponse {
        let group = call.parameters["AutoScalingGroupName"]
        let ids = Set(call.list("InstanceRefreshIds.member"))
        var members = ""
        for index in refreshes.indices.reversed() {
            let refresh = refreshes[index]
            guard refresh.region == call.region,
                group.map({ $0 == refresh.autoScalingGroupName }) ?? true,
                ids.isEmpty || ids.contains(refresh.instanceRefreshId)
            else { continue }
            members += member(refresh, status: status(of: refresh))
            refreshes[index].polls += 1
        }
        return ProxyXML.queryResponse(
            action: call.action, service: call.service, result: "<InstanceRefreshes>\(members)</InstanceRefreshes>")
    }

    private mutating func cancel(_ call: ProxiedCall) -> ProxiedResponse {
        let group = call.parameters["AutoScalingGroupName"] ?? ""
        guard let index = activeIndex(group: group, region: call.region) else {
            return .awsError(
                for: call, code: "ActiveInstanceRefreshNotFound",
                message: "No in progress or pending Instance Refresh found for Auto Scaling group \(group)")
        }
        refreshes[index].cancelled = true
        return ProxyXML.queryResponse(
            action: call.action, service: call.service,
            result: "<InstanceRefreshId>\(refreshes[index].instanceRefreshId)</InstanceRefreshId>")
    }

    // MARK: - Serialisation (botocore autoscaling InstanceRefresh shape)

    private func member(_ refresh: InstanceRefreshRecord, status: String) -> String {
        let done = status != "InProgress"
        var xml = "<member><InstanceRefreshId>\(refresh.instanceRefreshId)</InstanceRefreshId>"
        xml += "<AutoScalingGroupName>\(ProxyXML.escape(refresh.autoScalingGroupName))</AutoScalingGroupName>"
        xml += "<Status>\(status)</Status>"
        xml += "<StartTime>\(ProxyXML.timestamp(refresh.startTime))</StartTime>"
        if done { xml += "<EndTime>\(ProxyXML.timestamp(refresh.startTime))</EndTime>" }
        xml += "<PercentageComplete>\(status == "Successful" ? 100 : 0)</PercentageComplete>"
        xml += "<InstancesToUpdate>0</InstancesToUpdate>"
        if !refresh.preferences.isEmpty {
            xml += "<Preferences>"
            for (name, value) in refresh.preferences.sorted(by: { $0.key < $1.key }) {
                xml += "<\(name)>\(ProxyXML.escape(value))</\(name)>"
            }
            xml += "</Preferences>"
        }
        xml += "<Strategy>\(ProxyXML.escape(refresh.strategy))</Strategy></member>"
        return xml
    }
}

// MARK: - Public API

extension FaultProxy {
    /// DescribeInstanceRefreshes polls that show a refresh `InProgress` before it is `Successful` (default 0).
    public var instanceRefreshPollsUntilSuccessful: Int {
        get { core.state.withLock { $0.autoScaling.pollsUntilSuccessful } }
        set { core.state.withLock { $0.autoScaling.pollsUntilSuccessful = newValue } }
    }

    /// The instance refreshes started through the proxy, oldest first.
    public var instanceRefreshes: [InstanceRefreshRecord] {
        core.state.withLock { state in
            state.autoScaling.refreshes.map { refresh in
                var current = refresh
                current.status = state.autoScaling.status(of: refresh)
                return current
            }
        }
    }
}
