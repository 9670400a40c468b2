import AWS
import Foundation
import KilnTestSupport
import Synchronization
import Testing

/// The whole client path on malformed answers: moto answers, the proxy mutates the answer (body and status), and
/// every call through Kiln's service clients either succeeds or throws an `AWSError`.
@Suite struct AWSClientFuzzTests {
    @Test func malformedAnswersBecomeAWSErrors() async throws {
        let budget = FuzzBudget.current(default: 60)
        let moto = try await MotoServer.start()
        defer { moto.stop() }
        let proxy = try await FaultProxy.start(upstream: moto.endpoint)
        defer { proxy.stop() }
        // The answers of call I are mutated from case I's generator, so that one call can be replayed alone.
        let current = Mutex((call: 0, answer: 0))
        proxy.rewriteResponses { _, response in
            let (call, answer) = current.withLock { state in
                defer { state.answer += 1 }
                return state
            }
            var generator = budget.generator(call)
            return Self.mutate(response, SeededGenerator.forCase(answer, of: generator.next()))
        }
        let endpoint = proxy.endpoint
        let client = AWSClient(
            credentialProvider: StaticCredentialProvider(Credentials(accessKeyID: "testing", secretAccessKey: "x")),
            endpoint: { _, _ in endpoint }, retryStrategy: .none, timeout: .seconds(20))
        var failures: [String] = []
        var outcomes: [String: Int] = [:]
        for index in budget.indexes {
            current.withLock { $0 = (index, 0) }
            do {
                try await Self.call(index % 5, client)
                outcomes["success", default: 0] += 1
            } catch let error as AWSError {
                outcomes[error.code.hasPrefix("HTTP") ? "HTTPxxx" : error.code, default: 0] += 1
                if let problem = AWSResponseFuzzTests.problem(with: error), error.statusCode != nil {
                    failures.append("\(budget.name(index)): \(problem)")
                }
            } catch {
                failures.append("\(budget.name(index)): \(type(of: error)) is not an AWSError: \(error)")
            }
        }
        try await client.shutdown()
        print("AWS client: \(budget.indexes.count) calls, outcomes \(outcomes.sorted { $0.key < $1.key })")
        #expect(failures.isEmpty, "\(failures.prefix(10).joined(separator: "\n"))")
    }

    /// One of five calls covering the EC2, query, JSON and STS decoders and a paginator.
    static func call(_ kind: Int, _ client: AWSClient) async throws {
        let region = "us-east-1"
        switch kind {
        case 0: _ = try await EC2(client: client, region: region).describeImages(.init(owners: ["self"]))
        case 1: _ = try await EC2(client: client, region: region).describeInstances(.init())
        case 2: _ = try await AutoScaling(client: client, region: region).describeAutoScalingGroups(.init())
        case 3: _ = try await SSM(client: client, region: region).getParameter(name: "/kiln/fuzz/ami")
        default: _ = try await STS(client: client, region: region).getCallerIdentity()
        }
    }

    /// Mutates four answers in five: a mutated body, and a status now and then that is not the one moto sent.
    static func mutate(_ response: ProxiedResponse, _ generator: SeededGenerator) -> ProxiedResponse? {
        var random = generator
        guard Int.random(in: 0..<5, using: &random) > 0 else { return nil }
        let (bytes, _) = BodyMutator.mutate(Array(response.body.utf8), using: &random)
        let body = String(decoding: bytes, as: UTF8.self)
        let status = [200, 200, 200, 200, 400, 403, 500, 503].randomElement(using: &random) ?? 200
        return ProxiedResponse(status: status, headers: response.headers, body: body)
    }
}
