import Foundation
import Manifest
import Synchronization
import Testing

/// "Billion laughs": anchors and aliases that expand exponentially must neither hang the loader nor exhaust
/// memory, wherever in a manifest they appear.
@Suite struct AliasExpansionTests {
    /// Nine levels of ten aliases each: 10⁹ leaves when expanded.
    static func laughs(leaf: String = "lol", levels: Int = 9, width: Int = 10, indent: String = "") -> String {
        var lines = ["\(indent)l0: &l0 [\(Array(repeating: "\"\(leaf)\"", count: width).joined(separator: ", "))]"]
        for level in 1...levels {
            let aliases = Array(repeating: "*l\(level - 1)", count: width).joined(separator: ", ")
            lines.append("\(indent)l\(level): &l\(level) [\(aliases)]")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Mapping levels: each level a mapping of ten keys whose values alias the level below.
    static func mappingLaughs(levels: Int = 9, width: Int = 10, indent: String = "") -> String {
        var lines = ["\(indent)m0: &m0 {\((0..<width).map { "k\($0): lol" }.joined(separator: ", "))}"]
        for level in 1...levels {
            let entries = (0..<width).map { "k\($0): *m\(level - 1)" }.joined(separator: ", ")
            lines.append("\(indent)m\(level): &m\(level) {\(entries)}")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static let header = """
        apiVersion: kiln/v1
        kind: Image
        metadata:
          name: web
        """

    static func spec(_ body: String) -> String {
        """
        \(header)
        x-anchors:
        \(laughs(indent: "  "))\(mappingLaughs(indent: "  "))spec:
          version: 1.0.0
          source: {ami: ami-0abc1234}
          build: {region: us-east-1, instanceType: t3.small, instanceProfile: kiln-builder}
        \(body)
        """
    }

    /// Where an exponential alias can be used, by name.
    static let cases: [(String, String)] = [
        ("under an unknown key", spec("  provision: [{name: a, run: x}]\n  extra: *l9\n")),
        ("as the provision list", spec("  provision: *l9\n")),
        ("as one step", spec("  provision: [*m9]\n")),
        ("as a step's run", spec("  provision: [{name: a, run: *l9}]\n")),
        ("as tags", spec("  provision: [{name: a, run: x}]\n  tags: *m9\n")),
        ("as a tag value", spec("  provision: [{name: a, run: x}]\n  tags: {a: *l9}\n")),
        ("as distribute regions", spec("  provision: [{name: a, run: x}]\n  distribute: {regions: *l9}\n")),
        ("as pinned versions", spec("  provision: [{name: a, run: x}]\n  retention: {pinned: *l9}\n")),
        ("as security groups", spec("  provision: [{name: a, run: x}]\n  securityGroups: *l9\n")),
        ("as the rollout", spec("  provision: [{name: a, run: x}]\n  rollout: *m9\n")),
        ("as a merge key", spec("  provision: [{name: a, run: x}]\n  <<: *m9\n")),
        ("a small one as a block mapping key", spec("  provision: [{name: a, run: x}]\n  ? *l2\n  : x\n")),
        ("a small one as a flow mapping key", spec("  provision: [{name: a, run: x}]\n  tags: {*m2 : x}\n")),
        ("a small one as an implicit key", spec("  provision: [{name: a, run: x}]\n  *l2 : x\n")),
    ]

    /// An exponential alias used as a mapping key (10⁹ nodes when expanded): duplicate keys are found among scalar
    /// keys only and an alias is the node its anchor names, never a copy, so the key costs nothing to read and is
    /// refused as a collection key.
    static let keyCases: [(String, String)] = [
        ("as a block mapping key", spec("  provision: [{name: a, run: x}]\n  ? *l9\n  : x\n")),
        ("as a flow mapping key", spec("  provision: [{name: a, run: x}]\n  tags: {*m9 : x}\n")),
        ("as an implicit key", spec("  provision: [{name: a, run: x}]\n  *l9 : x\n")),
    ]

    @Test func exponentialAliasesAreBoundedEverywhere() async {
        await Self.expectBounded(Self.cases)
    }

    @Test func exponentialAliasAsAKeyIsBounded() async {
        for keyCase in Self.keyCases {
            await Self.expectBounded([keyCase], deadline: .seconds(10))
        }
    }

    static func expectBounded(_ cases: [(String, String)], deadline: Duration = Watchdog.defaultDeadline) async {
        let failures = Mutex<[String]>([])
        let report = await Watchdog.run(count: cases.count, deadline: deadline, name: { cases[$0].0 }) {
            let (name, text) = cases[$0]
            let file = ManifestFile(path: "web.yaml", text: text)
            let set = ManifestLoader.load(files: [file])
            var problems = ManifestFuzzTests.problems(loading: [file])
            if set.errorCount == 0 || !set.images.isEmpty { problems.append("accepted: \(set.diagnostics)") }
            if let problem = problems.first { failures.withLock { $0.append("\(name): \(problem)") } }
        }
        print("alias expansion: \(report.summary)")
        #expect(report.hung == nil, "alias expansion not bounded \(report.hung ?? "")")
        let found = failures.withLock { $0 }
        #expect(found.isEmpty, "\(found.joined(separator: "\n"))")
    }
}
