import Foundation

/// What the proxy does with a call, decided before anything is sent.
struct ProxyDecision: Sendable {
    enum Action: Sendable {
        case forward
        case respond(ProxiedResponse, ProxyDisposition)
        case reset
    }

    var delay: Duration
    var action: Action
    /// Carry the call out, then reset the connection instead of answering.
    var losesResponse = false
}

/// A response rewriter installed by a test.
struct StoredRewriter: Sendable {
    var id: ProxyHookID
    var matcher: CallMatcher
    var rewrite: @Sendable (ProxiedCall, ProxiedResponse) -> ProxiedResponse?
}

/// Everything the proxy remembers. Pure: decides and records, never touches the network.
struct ProxyState: Sendable {
    var generator: SeededGenerator
    var nextSequence = 0
    var nextHookID = 0
    var rules: [FaultRule] = []
    var rewriters: [StoredRewriter] = []
    var log: [ProxyCallRecord] = []
    var autoScaling = AutoScalingSimulation()
    var ec2 = EC2Simulation()
    var ssm = SSMSimulation()

    init(seed: UInt64) {
        self.generator = SeededGenerator(seed: seed)
    }

    mutating func makeHookID() -> ProxyHookID {
        nextHookID += 1
        return ProxyHookID(value: nextHookID)
    }

    mutating func makeSequence() -> Int {
        nextSequence += 1
        return nextSequence
    }

    // MARK: - Decide

    /// Applies the fault rules in order (latencies add up; the first terminal fault wins), then the
    /// simulations of actions moto lacks; otherwise the call is forwarded.
    mutating func decide(_ call: ProxiedCall, now: Date) -> ProxyDecision {
        var delay = Duration.zero
        var terminal: Fault?
        for index in rules.indices {
            if terminal != nil, rules[index].fault.isTerminal { continue }
            guard rules[index].fires(for: call, using: &generator) else { continue }
            if case .latency(let extra) = rules[index].fault {
                delay += extra
            } else {
                terminal = rules[index].fault
            }
        }
        switch terminal {
        case .throttle:
            return ProxyDecision(delay: delay, action: .respond(.throttling(for: call), .injected(.throttle)))
        case .awsError(let status, let code, let message):
            let response = ProxiedResponse.awsError(
                for: call, status: status, code: code, message: message, sender: status < 500)
            return ProxyDecision(
                delay: delay,
                action: .respond(response, .injected(.awsError(status: status, code: code, message: message))))
        case .httpError(let status):
            let response = ProxiedResponse.html(status: status)
            return ProxyDecision(delay: delay, action: .respond(response, .injected(.httpError(status: status))))
        case .connectionReset:
            return ProxyDecision(delay: delay, action: .reset)
        case .responseLost, .latency, nil:
            break
        }
        let losesResponse = terminal == .responseLost
        if let canned = cannedAnswer(call, now: now) {
            return ProxyDecision(delay: delay, action: .respond(canned, .canned), losesResponse: losesResponse)
        }
        return ProxyDecision(delay: delay, action: .forward, losesResponse: losesResponse)
    }

    private mutating func cannedAnswer(_ call: ProxiedCall, now: Date) -> ProxiedResponse? {
        switch call.service {
        case "autoscaling": return autoScaling.answer(call, now: now)
        case "ec2": return ec2.answer(call, now: now)
        case "ssm": return ssm.answer(call, now: now)
        default: return nil
        }
    }

    // MARK: - Observe

    /// Learns from a forwarded call's successful response and applies the built-in rewrites.
    mutating func observe(_ call: ProxiedCall, _ response: ProxiedResponse, now: Date) -> ProxiedResponse {
        guard (200..<300).contains(response.status) else { return response }
        switch call.service {
        case "ec2":
            ssm.observeEC2(call, response, now: now)
            return ec2.rewrite(call, response)
        case "ssm":
            return ssm.observe(call, response, now: now)
        default:
            return response
        }
    }

    /// The rewriters that apply to `call`, to run outside the lock.
    func rewriters(for call: ProxiedCall) -> [StoredRewriter] {
        rewriters.filter { $0.matcher.matches(call) }
    }

    // MARK: - Record

    mutating func record(_ call: ProxiedCall, status: Int?, disposition: ProxyDisposition) {
        log.append(
            ProxyCallRecord(
                sequence: call.sequence, service: call.service, region: call.region, action: call.action,
                status: status, disposition: disposition))
    }
}
