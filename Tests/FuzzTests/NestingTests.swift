import Manifest
import Synchronization
import Testing

/// Nesting at and beyond the parser's limit (1,000 levels), in flow and block style and in every place of a
/// manifest that takes a collection: the loader answers with a diagnostic, never a stack overflow.
@Suite struct NestingTests {
    static func flow(_ depth: Int, mapping: Bool) -> String {
        let open = mapping ? "{a: " : "["
        let close = mapping ? "}" : "]"
        return String(repeating: open, count: depth) + "x" + String(repeating: close, count: depth)
    }

    static func block(_ depth: Int, indent: Int) -> String {
        (0..<depth).map { "\n" + String(repeating: " ", count: indent + $0) + "k:" }.joined() + " v"
    }

    static let base = """
        apiVersion: kiln/v1
        kind: Image
        metadata:
          name: web
        spec:
          version: 1.0.0
          source: {ami: ami-0abc1234}
          build: {region: us-east-1, instanceType: t3.small, instanceProfile: kiln-builder}
          provision: [{name: a, run: x}]

        """

    /// (name, manifest text).
    static let cases: [(String, String)] = [1_000, 1_001].flatMap(cases(depth:))

    static func cases(depth: Int) -> [(String, String)] {
        let list: String = flow(depth, mapping: false)
        let map: String = flow(depth, mapping: true)
        let nested: String = depth > 1_000 ? block(depth, indent: 4) : ""
        var cases = [
            ("flow list \(depth) as tags", "\(base)  tags: \(list)\n"),
            ("flow map \(depth) as a value", "\(base)  tags: {a: \(map)}\n"),
            ("flow list \(depth) as a step", "\(base)  test: [\(list)]\n"),
            ("flow list \(depth) as a key", "\(base)  ? \(list)\n  : x\n"),
            ("flow list \(depth * 20) as tags", "\(base)  tags: \(flow(depth * 20, mapping: false))\n"),
        ]
        // Block nesting costs time quadratic in depth (indentation): only past the limit.
        if depth > 1_000 { cases.append(("block \(depth) under spec", "\(base)  rollout:\(nested)\n")) }
        return cases
    }

    @Test func deepNestingIsRejectedWithoutCrashing() async {
        let cases = Self.cases
        let failures = Mutex<[String]>([])
        let report = await Watchdog.run(count: cases.count, name: { cases[$0].0 }) {
            let (name, text) = cases[$0]
            let file = ManifestFile(path: "web.yaml", text: text)
            var problems = ManifestFuzzTests.problems(loading: [file])
            let set = ManifestLoader.load(files: [file])
            if set.errorCount == 0 { problems.append("accepted") }
            if let problem = problems.first { failures.withLock { $0.append("\(name): \(problem)") } }
        }
        print("nesting: \(report.summary)")
        #expect(report.hung == nil, "ran past its deadline: \(report.hung ?? "")")
        let found = failures.withLock { $0 }
        #expect(found.isEmpty, "\(found.joined(separator: "\n"))")
    }
}
