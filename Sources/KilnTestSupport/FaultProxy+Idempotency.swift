import Foundation

/// The proxy's ClientToken idempotency for the EC2 actions Kiln relies on it for (moto ignores tokens):
/// a repeated call with the same token answers the first call's response and is not forwarded, as EC2
/// returns the resources of the first call.
struct IdempotencySimulation: Sendable {
    /// The actions whose `ClientToken` is honoured.
    static let actions: Set<String> = ["RunInstances", "CopyImage", "CreateLaunchTemplateVersion"]

    struct Key: Hashable, Sendable {
        var region: String
        var action: String
        var token: String
    }

    var enabled = true
    var responses: [Key: ProxiedResponse] = [:]
    /// Calls answered from a remembered response.
    var repeats = 0

    private func key(_ call: ProxiedCall) -> Key? {
        guard enabled, call.service == "ec2", Self.actions.contains(call.action),
            let token = call.parameters["ClientToken"], !token.isEmpty
        else { return nil }
        return Key(region: call.region, action: call.action, token: token)
    }

    /// The first call's response when `call` repeats its token.
    mutating func answer(_ call: ProxiedCall) -> ProxiedResponse? {
        guard let key = key(call), let response = responses[key] else { return nil }
        repeats += 1
        return response
    }

    /// Remembers a successful response to a call with a token.
    mutating func record(_ call: ProxiedCall, _ response: ProxiedResponse) {
        guard let key = key(call), (200..<300).contains(response.status), responses[key] == nil else { return }
        responses[key] = response
    }
}

// MARK: - Public API

extension FaultProxy {
    /// Whether a repeated `ClientToken` on RunInstances, CopyImage or CreateLaunchTemplateVersion returns the
    /// first call's answer without reaching moto (default true, as EC2 does).
    public var clientTokenIdempotency: Bool {
        get { core.state.withLock { $0.idempotency.enabled } }
        set { core.state.withLock { $0.idempotency.enabled = newValue } }
    }

    /// Calls answered from an earlier call with the same `ClientToken`.
    public var clientTokenRepeats: Int {
        core.state.withLock { $0.idempotency.repeats }
    }
}
