import Foundation
import Testing

@testable import AWS

/// Signs 1,200 generated requests with Kiln's signer and with botocore's (`SigV4Auth` on an `AWSRequest`, run
/// in one python3 process), and compares the `Authorization` headers. See `RandomRequestFactory` for the few
/// places where botocore's semantics differ and the inputs are kept to what both agree on.
struct SigV4CrossCheckTests {
    static let count = 1_200

    /// Reads JSON lines on stdin, prints one JSON line per request with botocore's Authorization header.
    static let oracle = #"""
        import base64, datetime, json, sys
        from unittest import mock
        import botocore.auth
        from botocore.auth import SigV4Auth
        from botocore.awsrequest import AWSRequest
        from botocore.credentials import Credentials

        for line in sys.stdin:
            case = json.loads(line)
            request = AWSRequest(method=case["method"], url=case["url"], data=base64.b64decode(case["body"]))
            for name, value in case["headers"]:
                request.headers[name] = value  # appends: repeated names are kept in order
            credentials = Credentials(case["accessKey"], case["secret"], case.get("token"))
            when = datetime.datetime.fromtimestamp(case["time"], datetime.timezone.utc).replace(tzinfo=None)
            with mock.patch.object(botocore.auth, "get_current_datetime", return_value=when):
                SigV4Auth(credentials, case["service"], case["region"]).add_auth(request)
            print(json.dumps({"authorization": request.headers["Authorization"]}))
        """#

    @Test func matchesBotocore() throws {
        var factory = RandomRequestFactory(rng: SeededGenerator(seed: 0x4B49_4C4E))
        let cases = (0..<Self.count).map { _ in factory.make() }
        let encoder = JSONEncoder()
        let input = try cases.map { String(decoding: try encoder.encode($0), as: UTF8.self) }.joined(separator: "\n")
        let output = try PythonProcess.run(script: Self.oracle, input: Data((input + "\n").utf8))
        let expected = try output.split(separator: "\n").map { line in
            try JSONDecoder().decode([String: String].self, from: Data(line.utf8))["authorization"] ?? ""
        }
        try #require(expected.count == cases.count)

        // One signer per scope, reused, so the signing-key cache (and its rotation check) is exercised too.
        var signers: [String: SigV4Signer] = [:]
        var mismatches: [String] = []
        for (index, testCase) in cases.enumerated() {
            let scope = "\(testCase.service)/\(testCase.region)"
            let signer = signers[scope] ?? SigV4Signer(service: testCase.service, region: testCase.region)
            signers[scope] = signer
            var request = testCase.signable
            let date = Date(timeIntervalSince1970: TimeInterval(testCase.time))
            signer.sign(&request, credentials: testCase.credentials, date: date)
            let ours = request.values(of: "authorization").first ?? ""
            if ours != expected[index] {
                let canonical = signer.canonicalRequest(request).text
                mismatches.append(
                    "#\(index) \(testCase.method) \(testCase.url)\n ours: \(ours)\n boto: \(expected[index])"
                        + "\n canonical:\n\(canonical)")
            }
        }
        let report = mismatches.prefix(5).joined(separator: "\n")
        let mismatchCount = mismatches.count
        #expect(mismatchCount == 0, "\(mismatches.count) of \(cases.count) differ:\n\(report)")
    }

    @Test func generatorCoversTheOddCases() {
        var factory = RandomRequestFactory(rng: SeededGenerator(seed: 0x4B49_4C4E))
        let cases = (0..<Self.count).map { _ in factory.make() }
        let queries = cases.map(\.query)
        #expect(cases.contains { $0.path.contains("/../") })
        #expect(cases.contains { $0.path.contains("//") })
        #expect(cases.contains { $0.path.contains(" ") })
        #expect(cases.contains { $0.path.contains("😀") })
        #expect(queries.contains { $0.hasPrefix("=") || $0.contains("&=") })
        #expect(queries.contains { $0.split(separator: "&").contains { !$0.contains("=") } })
        #expect(queries.contains { $0.contains("%F0%9F%98%80") })
        #expect(cases.contains { Set($0.headers.map { $0[0].lowercased() }).count < $0.headers.count })
        #expect(cases.contains { $0.headers.contains { $0[1].contains("\n") } })
        #expect(cases.contains { $0.token != nil } && cases.contains { $0.token == nil })
        #expect(Set(cases.map(\.method)).count == RandomRequestFactory.methods.count)
    }
}
