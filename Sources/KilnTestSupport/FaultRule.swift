/// Selects calls by service, action and region; `nil` matches anything.
public struct CallMatcher: Sendable, Hashable {
    public var service: String?
    public var action: String?
    public var region: String?

    public init(service: String? = nil, action: String? = nil, region: String? = nil) {
        self.service = service
        self.action = action
        self.region = region
    }

    /// Matches every call.
    public static let any = CallMatcher()

    /// Matches one action of one service, e.g. `.action("DescribeImages", of: "ec2")`.
    public static func action(_ action: String, of service: String? = nil, in region: String? = nil) -> CallMatcher {
        CallMatcher(service: service, action: action, region: region)
    }

    /// Matches every call to one service.
    public static func service(_ service: String, in region: String? = nil) -> CallMatcher {
        CallMatcher(service: service, region: region)
    }

    public func matches(_ call: ProxiedCall) -> Bool {
        matches(service: call.service, action: call.action, region: call.region)
    }

    func matches(service: String, action: String, region: String) -> Bool {
        (self.service.map { $0 == service } ?? true)
            && (self.action.map { $0 == action } ?? true)
            && (self.region.map { $0 == region } ?? true)
    }
}

/// What the proxy does to a matching call.
public enum Fault: Sendable, Hashable {
    /// The service's real throttling error (EC2 `RequestLimitExceeded`, query `Throttling`,
    /// JSON `ThrottlingException`), HTTP 400.
    case throttle
    /// Any AWS error in the call's protocol envelope, e.g. `InvalidInstanceID.NotFound`.
    case awsError(status: Int, code: String, message: String)
    /// An HTML error page with this status (500, 502, 503 ...), as a failing front end sends.
    case httpError(status: Int)
    /// Close the client's connection without any response (TCP reset), before the call reaches the server.
    case connectionReset
    /// Let the server carry the call out, then close the client's connection instead of answering: the change is
    /// made and the client never hears of it (a reset after the request, a lost response).
    case responseLost
    /// Delay the call, then handle it normally (latencies of several matching rules add up).
    case latency(Duration)

    var isTerminal: Bool {
        if case .latency = self { return false }
        return true
    }
}

/// When a rule fires.
public enum FaultTrigger: Sendable, Hashable {
    /// On every matching call.
    case always
    /// On each matching call with this probability (0...1), drawn from the proxy's seeded generator.
    case probability(Double)
    /// On the next `n` matching calls, then never again.
    case nextCalls(Int)
}

/// Identifies an installed rule or rewriter so a test can remove it.
public struct ProxyHookID: Sendable, Hashable {
    let value: Int
}

/// A fault, the calls it applies to and when it fires.
public struct FaultRule: Sendable {
    public var id: ProxyHookID
    public var fault: Fault
    public var matcher: CallMatcher
    public var trigger: FaultTrigger
    /// How many times the rule fired.
    public var fired: Int = 0

    /// Whether the rule fires for `call`, consuming one of `nextCalls` or a random draw.
    mutating func fires(for call: ProxiedCall, using generator: inout SeededGenerator) -> Bool {
        guard matcher.matches(call) else { return false }
        let fires: Bool
        switch trigger {
        case .always:
            fires = true
        case .probability(let probability):
            fires = generator.nextUnitInterval() < probability
        case .nextCalls(let remaining):
            fires = remaining > 0
            if fires { trigger = .nextCalls(remaining - 1) }
        }
        if fires { fired += 1 }
        return fires
    }
}

/// SplitMix64: a small deterministic generator so probabilistic faults are reproducible from a seed.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) {
        self.state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }

    /// A uniform value in [0, 1).
    mutating func nextUnitInterval() -> Double {
        Double(next() >> 11) * (1.0 / Double(UInt64(1) << 53))
    }
}
