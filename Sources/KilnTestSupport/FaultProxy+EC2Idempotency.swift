import Foundation

/// Identifies an EC2 call by its `ClientToken`.
struct IdempotencyKey: Sendable, Hashable {
    var region: String
    var action: String
    var clientToken: String
}

/// The first successful answer to a call with a `ClientToken`, and the parameters it was asked with.
struct IdempotentAnswer: Sendable {
    var parameters: [String: String]
    var response: ProxiedResponse
}

extension EC2Simulation {
    // MARK: - ClientToken idempotency (moto ignores ClientToken)

    private static func idempotencyKey(_ call: ProxiedCall) -> IdempotencyKey? {
        guard let token = call.parameters["ClientToken"], !token.isEmpty else { return nil }
        return IdempotencyKey(region: call.region, action: call.action, clientToken: token)
    }

    /// A repeated call with the same `ClientToken` gets the first answer again, as EC2 does; the same
    /// token with other parameters gets `IdempotentParameterMismatch`.
    func replayIdempotent(_ call: ProxiedCall) -> ProxiedResponse? {
        guard let key = Self.idempotencyKey(call), let answer = idempotentAnswers[key] else { return nil }
        guard answer.parameters == call.parameters else {
            return .awsError(
                for: call, code: "IdempotentParameterMismatch",
                message: "The client token you have provided is associated with a resource that is already "
                    + "deleted or has different parameters.")
        }
        return answer.response
    }

    mutating func rememberIdempotent(_ call: ProxiedCall, _ response: ProxiedResponse) {
        guard let key = Self.idempotencyKey(call), idempotentAnswers[key] == nil else { return }
        idempotentAnswers[key] = IdempotentAnswer(parameters: call.parameters, response: response)
    }
}
