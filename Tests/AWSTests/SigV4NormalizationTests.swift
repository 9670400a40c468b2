import Foundation
import Testing

@testable import AWS

/// Where Kiln's signer deliberately goes beyond botocore's: it canonicalises what it is given, so the same
/// logical request signs the same however its query was spelt on the wire.
struct SigV4NormalizationTests {
    @Test(arguments: [
        ("b=2&a=1", "a=1&b=2"),
        ("a=%c3%a9", "a=%C3%A9"),  // lower-case escapes become upper-case
        ("a=é", "a=%C3%A9"),  // raw unicode is encoded
        ("a=x+y", "a=x%2By"),  // `+` is a literal plus, never a space
        ("a=1&&b=2", "a=1&b=2"),  // empty pairs are dropped
        ("a=%FF", "a=%FF"),  // bytes that are not UTF-8 survive decoding
        ("a=%zz", "a=%25zz"),  // a malformed escape is a literal percent
        ("a=%7E", "a=~"),  // unreserved characters are never escaped
        ("=&flag", "=&flag="),
        ("k=b&k=a&k", "k=&k=a&k=b"),
    ])
    func query(_ input: String, _ canonical: String) {
        #expect(CanonicalURI.query(input) == canonical)
    }

    @Test(arguments: [
        ("", "/"),
        ("/a/./b/../c//d/", "/a/c/d/"),
        ("/../..", "/"),
        ("/\u{301}x/é", "/%CC%81x/%C3%A9"),  // a combining mark right after `/` does not swallow the slash
        ("/a%20b", "/a%2520b"),  // the path is encoded once more, as it stands on the wire
    ])
    func path(_ input: String, _ canonical: String) {
        #expect(CanonicalURI.path(input, normalize: true) == canonical)
    }

    @Test func pathIsKeptAsGivenWithoutNormalization() {
        #expect(CanonicalURI.path("/a/./b//c", normalize: false) == "/a/./b//c")
    }

    @Test func headerValuesFoldEveryLineBreak() {
        let headers = CanonicalHeaders([.init("X-A", " a\r\n  b\tc \u{0B}d "), .init("x-a", "e")])
        #expect(headers.text == "x-a:a b c d,e")
    }

    @Test func hopByHopHeadersAreNotSigned() {
        let names = ["Connection", "Keep-Alive", "TE", "Trailer", "Upgrade", "Proxy-Authorization", "User-Agent"]
        let headers = CanonicalHeaders(names.map { .init($0, "x") } + [.init("Host", "h")])
        #expect(headers.signedNames == "host")
    }

    @Test func resigningReplacesDateTokenAndSignature() {
        let signer = SigV4Signer(service: "sts", region: "us-east-1")
        var request = SignableRequest(method: "POST", path: "/", headers: [.init("Host", "sts.amazonaws.com")])
        let first = Credentials(accessKeyID: "ASIAONE", secretAccessKey: "s1", sessionToken: "old-token")
        signer.sign(&request, credentials: first, date: Date(timeIntervalSince1970: 1_700_000_000))
        let second = Credentials(accessKeyID: "ASIATWO", secretAccessKey: "s2", sessionToken: "new-token")
        signer.sign(&request, credentials: second, date: Date(timeIntervalSince1970: 1_700_000_100))
        #expect(request.values(of: "x-amz-security-token") == ["new-token"])
        #expect(request.values(of: "x-amz-date") == ["20231114T221500Z"])
        #expect(request.values(of: "authorization").count == 1)
        #expect(request.values(of: "authorization").first?.contains("ASIATWO/") == true)

        let longTerm = Credentials(accessKeyID: "AKIATHREE", secretAccessKey: "s3")
        signer.sign(&request, credentials: longTerm, date: Date(timeIntervalSince1970: 1_700_000_200))
        #expect(request.values(of: "x-amz-security-token").isEmpty)
    }
}
