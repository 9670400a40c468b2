import Foundation

// MARK: - Operations

extension SSM {
    /// `SendCommand`: returns the command (its `commandId` identifies it).
    public func sendCommand(_ request: SendCommandRequest) async throws -> Command {
        try await call("SendCommand", request, output: SendCommandResponse.self).command
    }

    /// `GetCommandInvocation`: the outcome of a command on one instance.
    public func getCommandInvocation(
        commandId: String, instanceId: String, pluginName: String? = nil
    ) async throws -> CommandInvocation {
        let request = GetCommandInvocationRequest(commandId: commandId, instanceId: instanceId, pluginName: pluginName)
        return try await call("GetCommandInvocation", request)
    }
}

// MARK: - Shapes

extension SSM {
    /// `SendCommandRequest`.
    public struct SendCommandRequest: Encodable, Sendable {
        public var instanceIds: [String]
        public var documentName: String
        /// Document parameters, e.g. `commands` and `executionTimeout` for `AWS-RunShellScript`.
        public var parameters: [String: [String]]?
        /// How long the command may wait to start on the instance.
        public var timeoutSeconds: Int?
        public var comment: String?

        public init(
            instanceIds: [String], documentName: String, parameters: [String: [String]]? = nil,
            timeoutSeconds: Int? = nil, comment: String? = nil
        ) {
            self.instanceIds = instanceIds
            self.documentName = documentName
            self.parameters = parameters
            self.timeoutSeconds = timeoutSeconds
            self.comment = comment
        }

        /// `AWS-RunShellScript` with the script's lines as `commands` and `executionTimeout` in seconds.
        public static func runShellScript(
            instanceId: String, commands: [String], executionTimeout: Int? = nil, timeoutSeconds: Int? = nil,
            comment: String? = nil
        ) -> Self {
            var parameters = ["commands": commands]
            if let executionTimeout { parameters["executionTimeout"] = [String(executionTimeout)] }
            return Self(
                instanceIds: [instanceId], documentName: "AWS-RunShellScript", parameters: parameters,
                timeoutSeconds: timeoutSeconds, comment: comment)
        }
    }

    /// `Command`.
    public struct Command: Decodable, Sendable, Hashable {
        public var commandId: String
        public var documentName: String?
        public var comment: String?
        /// `Pending`, `InProgress`, `Success`, `Cancelled`, `Failed`, `TimedOut`, `Cancelling`.
        public var status: String?
        public var statusDetails: String?
        public var instanceIds: [String]?
        public var requestedDateTime: Date?
        public var expiresAfter: Date?
    }

    /// `GetCommandInvocationResult`. Output contents are truncated by the service (24,000 / 8,000 characters).
    public struct CommandInvocation: Decodable, Sendable, Hashable {
        public var commandId: String
        public var instanceId: String
        public var pluginName: String?
        /// `Pending`, `InProgress`, `Delayed`, `Success`, `Cancelled`, `TimedOut`, `Failed`, `Cancelling`.
        public var status: String
        public var statusDetails: String?
        /// The script's exit code; -1 while it has none.
        public var responseCode: Int?
        public var standardOutputContent: String?
        public var standardErrorContent: String?
        public var executionStartDateTime: String?
        public var executionEndDateTime: String?

        /// The invocation reached a final status.
        public var isFinished: Bool {
            ["Success", "Cancelled", "TimedOut", "Failed"].contains(status)
        }
    }

    struct SendCommandResponse: Decodable, Sendable {
        var command: Command
    }

    struct GetCommandInvocationRequest: Encodable, Sendable {
        var commandId: String
        var instanceId: String
        var pluginName: String?
    }
}
