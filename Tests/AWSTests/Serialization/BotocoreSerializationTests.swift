import Foundation
import Testing

@testable import AWS

/// Kiln's request encoding against botocore's serializers: same names, same values, same percent-encoding.
@Suite("Requests serialise as botocore serialises them")
struct BotocoreSerializationTests {
    @Test("every operation Kiln sends", .timeLimit(.minutes(2)))
    func matchesBotocore() async throws {
        let cases = EC2SerializationCases.all + OtherSerializationCases.all
        let reference = try await BotocoreReference.serialize(cases)
        try #require(reference.count == cases.count)
        for (testCase, expected) in zip(cases, reference) {
            let label = Comment(rawValue: "\(testCase.service) \(testCase.operation)")
            switch try testCase.encode() {
            case .query(let params, let body):
                #expect(params == expected.params, label)
                let pieces = Set(body.split(separator: "&").map(String.init))
                let expectedPieces = Set((expected.body ?? "").split(separator: "&").map(String.init))
                #expect(pieces == expectedPieces, label)
            case .json(let data):
                let ours = try JSONSerialization.jsonObject(with: data) as? NSDictionary
                let theirs = try JSONSerialization.jsonObject(with: Data((expected.json ?? "").utf8)) as? NSDictionary
                #expect(ours != nil && ours == theirs, label)
            }
        }
    }
}
