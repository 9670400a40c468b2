import Foundation
import Synchronization
import Testing

@testable import AWS

/// The AWS response decoders (query XML, EC2 XML, JSON) and the error-envelope parser on malformed bodies:
/// truncated XML, HTML pages, random bytes, huge bodies, deep nesting, entity bombs. A decoder either decodes or
/// throws; the error parser always answers an `AWSError` that reads as one short line.
@Suite struct AWSResponseFuzzTests {
    @Test func corpusDecodesUnchanged() throws {
        let bodies = AWSCorpus.decodable
        #expect(bodies.count >= 14)
        for body in bodies {
            #expect(throws: Never.self, "\(body.name)") { try body.decode?(body.bytes) }
        }
    }

    @Test func mutatedResponsesDecodeOrThrow() async {
        let budget = FuzzBudget.current(default: 300)
        let bodies = AWSCorpus.decodable
        let failures = Mutex<[String]>([])
        let report = await Watchdog.run(count: budget.indexes.count, name: { budget.name(budget.indexes[$0]) }) {
            let index = budget.indexes[$0]
            var random = budget.generator(index)
            guard let body = bodies.randomElement(using: &random), let decode = body.decode else { return }
            let (bytes, mutations) = BodyMutator.mutate(body.bytes, using: &random)
            Self.dumpIfReplaying(budget, body.name, mutations, bytes)
            do {
                try decode(bytes)
            } catch {
                // What the client would report: `AWSError.invalidResponse` with this summary.
                let summary = DecodingFailure.summary(error)
                if summary.contains("\n") || summary.count > 300 {
                    let names = mutations.map(\.rawValue).joined(separator: "+")
                    failures.withLock {
                        $0.append("\(budget.name(index)) \(body.name) \(names): summary \(summary.prefix(200))")
                    }
                }
            }
        }
        print("AWS decoders: \(report.summary)")
        #expect(report.hung == nil, "a case ran past its deadline: \(report.hung ?? "")")
        let found = failures.withLock { $0 }
        #expect(found.isEmpty, "\(found.count) failing cases, e.g.:\n\(found.prefix(10).joined(separator: "\n"))")
    }

    @Test func errorParserAnswersAShortTypedError() async {
        let budget = FuzzBudget.current(default: 300)
        let bodies = AWSCorpus.bodies
        let failures = Mutex<[String]>([])
        let report = await Watchdog.run(count: budget.indexes.count, name: { budget.name(budget.indexes[$0]) }) {
            let index = budget.indexes[$0]
            var random = budget.generator(index)
            guard let body = bodies.randomElement(using: &random) else { return }
            let (bytes, mutations) = BodyMutator.mutate(body.bytes, using: &random)
            Self.dumpIfReplaying(budget, body.name, mutations, bytes)
            let status = [400, 403, 404, 429, 500, 502, 503].randomElement(using: &random) ?? 400
            var headers: [(name: String, value: String)] = [("x-amzn-RequestId", "req-\(index)")]
            if Bool.random(using: &random) { headers.append(("x-amzn-ErrorType", "Throttling:http://x/")) }
            let error = AWSError.parse(
                status: status, headers: headers, body: bytes, service: body.service, action: "Fuzz")
            if let problem = Self.problem(with: error) {
                let names = mutations.map(\.rawValue).joined(separator: "+")
                failures.withLock { $0.append("\(budget.name(index)) \(body.name) \(names): \(problem)") }
            }
        }
        print("AWS error parser: \(report.summary)")
        #expect(report.hung == nil, "a case ran past its deadline: \(report.hung ?? "")")
        let found = failures.withLock { $0 }
        #expect(found.isEmpty, "\(found.count) failing cases, e.g.:\n\(found.prefix(10).joined(separator: "\n"))")
    }

    /// When one case is replayed, prints what it is and writes its body to `$KILN_FUZZ_DUMP` (if set).
    static func dumpIfReplaying(_ budget: FuzzBudget, _ name: String, _ mutations: [BodyMutation], _ bytes: [UInt8]) {
        guard budget.only != nil else { return }
        print("replaying \(name) with \(mutations.map(\.rawValue)) (\(bytes.count) bytes)")
        if let path = ProcessInfo.processInfo.environment["KILN_FUZZ_DUMP"] {
            _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
        }
    }

    /// What makes an error unfit for a log line or a metric label: an empty or spaced code, a missing status.
    static func problem(with error: AWSError) -> String? {
        if error.code.isEmpty || error.code.contains(where: \.isWhitespace) { return "code '\(error.code)'" }
        if error.statusCode == nil { return "no status" }
        return nil
    }
}
