import Foundation

/// An EC2 instance the proxy saw launched, as SSM's DescribeInstanceInformation shows it.
public struct ManagedInstance: Sendable {
    public var instanceId: String
    public var region: String
    public var privateIPAddress: String?
    public var launchTime: Date
    /// `running`, `stopped` or `terminated`, from RunInstances/StartInstances/StopInstances/TerminateInstances.
    public var state: String
    /// DescribeInstanceInformation calls that matched this instance.
    public var polls: Int
}

/// A command sent with SendCommand through the proxy.
public struct SentCommand: Sendable {
    public var commandId: String
    public var region: String
    public var instanceIds: [String]
    public var documentName: String
    /// The `commands` parameter (the script lines).
    public var commands: [String]
    public var comment: String
    public var requestedAt: Date
}

/// How a scripted SSM command ends.
public enum CommandOutcome: Sendable, Hashable {
    case success(stdout: String = "")
    case failed(stdout: String = "", stderr: String = "", exitCode: Int = 1)
    case timedOut
}

/// "Commands whose script contains `contains` stay InProgress for `inProgressPolls` polls, then end with `outcome`."
public struct CommandScript: Sendable, Hashable {
    public var contains: String
    public var inProgressPolls: Int
    public var outcome: CommandOutcome

    public init(contains: String, inProgressPolls: Int = 0, outcome: CommandOutcome = .success()) {
        self.contains = contains
        self.inProgressPolls = inProgressPolls
        self.outcome = outcome
    }
}

/// The state of one command invocation at one poll.
struct InvocationResult: Sendable, Equatable {
    var status: String
    var statusDetails: String
    var responseCode: Int
    var stdout: String
    var stderr: String

    static func make(script: CommandScript?, poll: Int) -> InvocationResult {
        guard let script else {
            return InvocationResult(
                status: "Success", statusDetails: "Success", responseCode: 0, stdout: "", stderr: "")
        }
        if poll < script.inProgressPolls {
            return InvocationResult(
                status: "InProgress", statusDetails: "InProgress", responseCode: -1, stdout: "", stderr: "")
        }
        switch script.outcome {
        case .success(let stdout):
            return InvocationResult(
                status: "Success", statusDetails: "Success", responseCode: 0, stdout: stdout, stderr: "")
        case .failed(let stdout, let stderr, let exitCode):
            return InvocationResult(
                status: "Failed", statusDetails: "Failed", responseCode: exitCode, stdout: stdout, stderr: stderr)
        case .timedOut:
            return InvocationResult(
                status: "TimedOut", statusDetails: "ExecutionTimedOut", responseCode: -1, stdout: "", stderr: "")
        }
    }

    var isFinished: Bool { status != "InProgress" }
}

/// The proxy's additions to moto's SSM: instance registration, invocation listing, scripted outcomes.
struct SSMSimulation: Sendable {
    /// DescribeInstanceInformation calls that do not list a new instance yet.
    var onlineAfterPolls = 0
    var instances: [ManagedInstance] = []
    var commands: [SentCommand] = []
    var scripts: [CommandScript] = []
    var invocationPolls: [String: Int] = [:]

    func script(for command: SentCommand) -> CommandScript? {
        let text = command.commands.joined(separator: "\n")
        return scripts.first { text.contains($0.contains) }
    }

    /// The result of the next poll of (command, instance), counting the poll.
    mutating func poll(_ command: SentCommand, instance: String) -> InvocationResult {
        let key = command.commandId + "/" + instance
        let poll = invocationPolls[key, default: 0]
        invocationPolls[key] = poll + 1
        return InvocationResult.make(script: script(for: command), poll: poll)
    }

    // MARK: - Observing EC2

    mutating func observeEC2(_ call: ProxiedCall, _ response: ProxiedResponse, now: Date) {
        switch call.action {
        case "RunInstances":
            _ = ProxyXML.rewriteItems(in: response.body, set: "instancesSet") { item in
                if let id = ProxyXML.value(of: "instanceId", in: item) {
                    instances.append(
                        ManagedInstance(
                            instanceId: id, region: call.region,
                            privateIPAddress: ProxyXML.value(of: "privateIpAddress", in: item),
                            launchTime: now, state: "running", polls: 0))
                }
                return nil
            }
        case "TerminateInstances": setState("terminated", call)
        case "StopInstances": setState("stopped", call)
        case "StartInstances": setState("running", call)
        default: break
        }
    }

    private mutating func setState(_ state: String, _ call: ProxiedCall) {
        let ids = Set(call.list("InstanceId"))
        for index in instances.indices where instances[index].region == call.region {
            if ids.contains(instances[index].instanceId) { instances[index].state = state }
        }
    }

    // MARK: - Observing SSM

    mutating func observe(_ call: ProxiedCall, _ response: ProxiedResponse, now: Date) -> ProxiedResponse {
        switch call.action {
        case "SendCommand":
            recordCommand(call, response, now: now)
            return response
        case "GetCommandInvocation":
            return rewriteInvocation(call, response)
        default:
            return response
        }
    }

    private mutating func recordCommand(_ call: ProxiedCall, _ response: ProxiedResponse, now: Date) {
        let request = call.jsonBody() ?? [:]
        guard let command = response.jsonBody()?["Command"] as? [String: Any],
            let commandId = command["CommandId"] as? String
        else { return }
        let parameters = request["Parameters"] as? [String: Any] ?? [:]
        commands.append(
            SentCommand(
                commandId: commandId, region: call.region,
                instanceIds: request["InstanceIds"] as? [String] ?? command["InstanceIds"] as? [String] ?? [],
                documentName: request["DocumentName"] as? String ?? "",
                commands: parameters["commands"] as? [String] ?? [],
                comment: request["Comment"] as? String ?? "",
                requestedAt: now))
    }

    private mutating func rewriteInvocation(_ call: ProxiedCall, _ response: ProxiedResponse) -> ProxiedResponse {
        let request = call.jsonBody() ?? [:]
        guard let commandId = request["CommandId"] as? String, let instance = request["InstanceId"] as? String,
            let command = commands.first(where: { $0.commandId == commandId }), script(for: command) != nil,
            var body = response.jsonBody()
        else { return response }
        let result = poll(command, instance: instance)
        body["Status"] = result.status
        body["StatusDetails"] = result.statusDetails
        body["ResponseCode"] = result.responseCode
        body["StandardOutputContent"] = result.stdout
        body["StandardErrorContent"] = result.stderr
        if !result.isFinished { body["ExecutionEndDateTime"] = "" }
        return response.replacingJSON(body)
    }
}

// MARK: - Public API

extension FaultProxy {
    /// DescribeInstanceInformation calls before a newly launched instance is listed `Online` (default 0).
    public var ssmOnlineAfterPolls: Int {
        get { core.state.withLock { $0.ssm.onlineAfterPolls } }
        set { core.state.withLock { $0.ssm.onlineAfterPolls = newValue } }
    }

    /// Scripts the outcome of SSM commands whose script contains `text` (the first matching script wins).
    ///
    /// GetCommandInvocation answers (moto's, rewritten) and ListCommandInvocations answers show
    /// `InProgress` for the first `inProgressPolls` polls of each invocation, then `outcome`.
    public func scriptCommands(containing text: String, inProgressPolls: Int = 0, outcome: CommandOutcome) {
        core.state.withLock {
            $0.ssm.scripts.append(CommandScript(contains: text, inProgressPolls: inProgressPolls, outcome: outcome))
        }
    }

    /// Instances the proxy saw launched through RunInstances, oldest first.
    public var managedInstances: [ManagedInstance] {
        core.state.withLock { $0.ssm.instances }
    }

    /// Commands sent through SendCommand, oldest first.
    public var sentCommands: [SentCommand] {
        core.state.withLock { $0.ssm.commands }
    }
}
