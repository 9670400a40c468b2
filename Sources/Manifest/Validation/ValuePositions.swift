// MARK: - Where values are written

/// Where the values that guardrails judge are written, by path (`spec.rollout.ssmParameter`,
/// `spec.distribute.accounts[0]`, `spec.rollout.launchTemplates[1].refresh.autoScalingGroup`), so a finding about
/// a value points at the value, and a finding about a defaulted value at the mapping that leaves it out
/// (`spec.rollout.launchTemplates[1]`). Read from the document the loader parsed, for `spec.build`, `spec.distribute`
/// and `spec.rollout` only.
public struct ValuePositions: Sendable, Equatable {
    private var locations: [String: SourceLocation] = [:]

    /// No positions.
    public init() {}

    /// The deepest value recorded below a section (`launchTemplates[0].refresh.autoScalingGroup` is 4 down).
    static let maxDepth = 5
    /// At most this many nodes are visited per manifest, whatever aliases or nesting a hostile file holds.
    static let maxNodes = 2_000

    /// The positions of the nodes under `spec.build`, `spec.distribute` and `spec.rollout` of `root`.
    init(root: Node, file: String) {
        guard let spec = Self.child(root, "spec") else { return }
        let sections = ["build", "distribute", "rollout"].compactMap { name in
            Self.child(spec, name).map { (name, $0) }
        }
        // Sized once: growing the table as paths arrive was a third of the cost.
        var capacity = 0
        for (_, node) in sections { capacity += Self.count(node, depth: 0, limit: Self.maxNodes - capacity) }
        locations.reserveCapacity(capacity)
        var budget = Self.maxNodes
        for (name, node) in sections {
            record(node, path: "spec." + name, file: file, depth: 0, budget: &budget)
        }
    }

    /// How many nodes `record` visits below `node` (at most `limit`).
    private static func count(_ node: Node, depth: Int, limit: Int) -> Int {
        guard depth <= maxDepth, limit > 0 else { return 0 }
        var total = 1
        switch node {
        case .scalar:
            break
        case .mapping(let mapping):
            for (key, value) in mapping where key.scalar != nil {
                total += count(value, depth: depth + 1, limit: limit - total)
            }
        case .sequence(let sequence):
            for element in sequence { total += count(element, depth: depth + 1, limit: limit - total) }
        }
        return total
    }

    /// Where the value at `path` is written, if it was recorded.
    public subscript(path: String) -> SourceLocation? { locations[path] }

    private mutating func record(_ node: Node, path: String, file: String, depth: Int, budget: inout Int) {
        guard depth <= Self.maxDepth, budget > 0 else { return }
        budget -= 1
        locations[path] = SourceLocation(file: file, mark: node.mark)
        switch node {
        case .scalar:
            break
        case .mapping(let mapping):
            for (key, value) in mapping {
                guard let name = key.scalar?.string else { continue }
                record(value, path: path + "." + name, file: file, depth: depth + 1, budget: &budget)
            }
        case .sequence(let sequence):
            for (index, element) in sequence.enumerated() {
                record(element, path: "\(path)[\(index)]", file: file, depth: depth + 1, budget: &budget)
            }
        }
    }

    private static func child(_ node: Node, _ key: String) -> Node? {
        guard case .mapping(let mapping) = node else { return nil }
        return mapping.pairs.last { $0.key.scalar?.string == key }?.value
    }
}
