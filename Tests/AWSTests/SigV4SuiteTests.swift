import Foundation
import Testing

@testable import AWS

/// AWS's published SigV4 test suite, read from `shared/testdata/sigv4` beside the repository.
struct SigV4SuiteTests {
    static let suiteDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/testdata/sigv4")

    static let credentials = Credentials(
        accessKeyID: "AKIDEXAMPLE",
        secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
    )
    static let date = Date(timeIntervalSince1970: 1_440_938_160)  // 20150830T123600Z

    /// Every folder holding `<name>.req` and `<name>.authz`.
    static var cases: [String] {
        guard let walker = FileManager.default.enumerator(atPath: suiteDirectory.path) else { return [] }
        return walker.compactMap { $0 as? String }
            .filter { $0.hasSuffix(".req") }
            .map { String($0.dropLast(4)) }
            .filter {
                FileManager.default.fileExists(atPath: suiteDirectory.appendingPathComponent($0 + ".authz").path)
            }
            .sorted()
    }

    @Test func suiteIsPresent() {
        #expect(Self.cases.count >= 25, "expected AWS's SigV4 suite at \(Self.suiteDirectory.path)")
    }

    @Test(arguments: cases)
    func suiteCase(_ name: String) throws {
        let base = Self.suiteDirectory.appendingPathComponent(name)
        func read(_ ext: String) throws -> String {
            try String(contentsOf: base.appendingPathExtension(ext), encoding: .utf8)
        }
        let request = try SuiteRequest.parse(try read("req"))
        let caseName = base.lastPathComponent
        var credentials = Self.credentials
        if caseName == "get-vanilla-with-session-token" {
            credentials.sessionToken = "6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267"
        }
        let signer = SigV4Signer(service: "service", region: "us-east-1")
        var signable = request
        if caseName == "get-vanilla-with-session-token" {
            signable.headers.append(.init("X-Amz-Security-Token", credentials.sessionToken ?? ""))
        }
        let canonical = signer.canonicalRequest(signable)
        #expect(canonical.text == (try read("creq")))
        let date = AmzDate(Self.date)
        #expect(signer.stringToSign(canonicalRequest: canonical.text, date: date) == (try read("sts")))
        #expect(signer.authorization(for: signable, credentials: credentials, date: date) == (try read("authz")))
    }
}

/// Parses the suite's raw HTTP/1.1 request files (header continuation lines included).
enum SuiteRequest {
    struct Malformed: Error {}

    static func parse(_ text: String) throws -> SignableRequest {
        let (head, body) = text.split(separator: "\n\n", maxSplits: 1, omittingEmptySubsequences: false)
            .map(String.init).splitPair
        var lines = head.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard !lines.isEmpty else { throw Malformed() }
        let requestLine = lines.removeFirst()
        guard let firstSpace = requestLine.firstIndex(of: " "),
            let lastSpace = requestLine.range(of: " HTTP/", options: .backwards)?.lowerBound
        else { throw Malformed() }
        let method = String(requestLine[..<firstSpace])
        let target = String(requestLine[requestLine.index(after: firstSpace)..<lastSpace])
        let (path, query) = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
            .map(String.init).splitPair
        var headers: [SignableRequest.Header] = []
        for line in lines {
            if line.first == " " || line.first == "\t", !headers.isEmpty {
                headers[headers.count - 1].value += "\n" + line
            } else if let colon = line.firstIndex(of: ":") {
                headers.append(.init(String(line[..<colon]), String(line[line.index(after: colon)...])))
            }
        }
        return SignableRequest(method: method, path: path, query: query, headers: headers, body: Array(body.utf8))
    }
}

extension Array where Element == String {
    fileprivate var splitPair: (String, String) { (first ?? "", count > 1 ? self[1] : "") }
}
