import Foundation
import Synchronization
import Testing

@testable import AWS

/// Hostile answers, one by one: XML entity bombs and external entities, and error messages too long or spread
/// over several lines for a log line.
@Suite struct AWSHostileBodyTests {
    static let describeImages = """
        <?xml version="1.0" encoding="UTF-8"?>
        <DescribeImagesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r</requestId>\
        <imagesSet><item><imageId>ami-0123456789abcdef0</imageId><name>NAME</name><imageState>available</imageState>\
        </item></imagesSet></DescribeImagesResponse>
        """

    static func withDoctype(_ doctype: String, name: String) -> [UInt8] {
        let body = describeImages.replacingOccurrences(of: "NAME", with: name)
            .replacingOccurrences(of: "?>\n", with: "?>\n\(doctype)\n")
        return Array(body.utf8)
    }

    static let bomb: String = {
        let levels = (1...9).map { "<!ENTITY l\($0) \"" + String(repeating: "&l\($0 - 1);", count: 10) + "\">" }
        return "<!DOCTYPE r [<!ENTITY l0 \"lol\">" + levels.joined() + "]>"
    }()

    static func decodeImages(_ bytes: [UInt8]) throws -> [EC2.Image] {
        try AWSXML.decode(EC2.DescribeImagesResponse.self, from: bytes, resultWrapped: false).images
    }

    @Test func entityBombIsNotExpanded() async {
        let outcome = Mutex<String?>(nil)
        let report = await Watchdog.run(count: 1, name: { _ in "entity bomb" }) { _ in
            let name = (try? Self.decodeImages(Self.withDoctype(Self.bomb, name: "&l9;")))?.first?.name
            outcome.withLock { $0 = name }
        }
        #expect(report.hung == nil, "the entity bomb was expanded")
        #expect((outcome.withLock { $0 }?.count ?? 0) < 1 << 20)
    }

    @Test func externalEntityIsNotRead() throws {
        let doctype = "<!DOCTYPE r [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
        let images = try? Self.decodeImages(Self.withDoctype(doctype, name: "x&e;y"))
        let name = images?.first?.name ?? ""
        #expect(!name.contains("root:"), "the decoder read a local file into a response: \(name.prefix(80))")
    }

    /// One invalid UTF-8 byte in an element name used to terminate the process inside Foundation's `XMLParser` on
    /// Linux (a force-unwrapped conversion): the AWS module now refuses a body that is not UTF-8 before parsing.
    @Test(arguments: [[0x3C, 0xFD, 0x3E, 0x63, 0x2D], [0x3C, 0x61, 0xFF, 0x3E, 0x3C, 0x2F, 0x61, 0x3E]] as [[UInt8]])
    func invalidUTF8InAnXMLNameIsAnError(bytes: [UInt8]) {
        #expect(throws: (any Error).self) { try Self.decodeImages(bytes) }
        #expect(AWSXML.rejection(of: bytes) == "the response is not UTF-8")
        let error = AWSError.parse(status: 500, headers: [], body: bytes, service: .ec2, action: "DescribeImages")
        #expect(error.code == "HTTP500")
    }

    static func nested(_ depth: Int) -> [UInt8] {
        let body =
            "<DescribeImagesResponse><imagesSet>" + String(repeating: "<a x=\"/>\">", count: depth) + "x"
            + String(repeating: "</a>", count: depth) + "</imagesSet></DescribeImagesResponse>"
        return Array(body.utf8)
    }

    /// Ten thousand nested elements used to overflow the stack in XMLCoder's recursive tree walk (8 MiB, debug
    /// build) and kill the process: bodies nested deeper than ``AWSXML/maxDepth`` are now refused unparsed.
    @Test(arguments: [AWSXML.maxDepth - 2, AWSXML.maxDepth - 1, 10_000, 100_000])
    func deeplyNestedXMLIsAnError(depth: Int) async {
        let bytes = Self.nested(depth)
        let report = await Watchdog.run(count: 1, name: { _ in "depth \(depth)" }) { _ in
            _ = try? Self.decodeImages(bytes)
        }
        #expect(report.completed == 1)
        let refused = AWSXML.rejection(of: bytes) != nil
        #expect(refused == (depth + 2 > AWSXML.maxDepth), "depth \(depth)")
    }

    /// Answers are decoded in tasks, on the concurrency pool's threads (not the watchdog's 8 MiB thread): the deepest
    /// accepted nesting decodes there as it does on a large stack.
    @Test func theDeepestAcceptedNestingDecodesOnAPoolThread() async throws {
        let bytes = Self.nested(AWSXML.maxDepth - 2)
        #expect(AWSXML.rejection(of: bytes) == nil)
        let onBigStack = Mutex<[EC2.Image]?>(nil)
        let report = await Watchdog.run(count: 1, name: { _ in "big stack" }) { _ in
            onBigStack.withLock { $0 = try? Self.decodeImages(bytes) }
        }
        #expect(report.completed == 1)
        let expected = onBigStack.withLock { $0 }
        for _ in 0..<4 {
            let onPool = await Task.detached { try? Self.decodeImages(bytes) }.value
            #expect(onPool == expected)
        }
    }

    /// Nesting a hand-written depth scan once missed (found by `mutatedResponsesDecodeOrThrow`, seed 1263094862 case
    /// 7273: a stray quote in an element name hid 100,000 nested elements, and XMLCoder overflowed the stack; then an
    /// XML declaration ended by a bare `>` and an instruction without a target, after which libxml2 recovers and
    /// parses elements the scan skipped). Depth is now measured by the decoder's own parser: such a body is
    /// refused, or that parser stops before the nesting (a malformed end tag), and any decoding finishes.
    @Test(arguments: [
        ("stray quote in a name", "<Get\"Result>", "<a>", "</a>", true),
        ("unclosed attribute value", "<r x=\"", "<a>", "</a>", true),
        ("malformed end tags", "<r>", "</x<a>", "</a>", false),
        ("quote inside a value", "<r>", "<a x='\"'>", "</a>", true),
        ("declaration ended by >", "<?xml version=\"1.0\" encoding=\"UTF-8\"o>", "<a>", "</a>", true),
        ("instruction without a target", "<?xml version=\"1.0\"?><r><? ", "<a>", "</a>", true),
    ])
    func nestingBehindStrayMarkupIsCounted(name: String, prefix: String, open: String, close: String, refused: Bool)
        async
    {
        let body = prefix + String(repeating: open, count: 10_000) + String(repeating: close, count: 10_000)
        let bytes = Array(body.utf8)
        #expect((AWSXML.rejection(of: bytes) != nil) == refused, "\(name)")
        let report = await Watchdog.run(count: 1, name: { _ in name }) { _ in _ = try? Self.decodeImages(bytes) }
        #expect(report.completed == 1)
        _ = await Task.detached { try? Self.decodeImages(bytes) }.value
    }

    @Test(arguments: [
        ("comment", "<a><!-- <b><c><d> --></a>", true), ("CDATA", "<a><![CDATA[<b><c>]]></a>", true),
        ("self-closing", "<a><b/><b/><b /></a>", true), ("instruction", "<?xml version=\"1.0\"?><a/>", true),
        ("doctype", "<!DOCTYPE r []><a/>", false), ("replacement character", "<a>\u{FFFD}</a>", true),
    ])
    func rejectionReadsMarkup(name: String, text: String, accepted: Bool) {
        #expect((AWSXML.rejection(of: Array(text.utf8)) == nil) == accepted, "\(name)")
    }

    @Test func plainAnswerDecodes() throws {
        let images = try Self.decodeImages(Self.withDoctype("", name: "kiln/web/1.0.0/abcd1234"))
        #expect(images.first?.name == "kiln/web/1.0.0/abcd1234")
    }

    /// Error messages come from the body: a huge or multi-line one must not become a huge or multi-line error
    /// (they used to be kept whole; now folded into one line of at most 1,000 characters).
    @Test(arguments: [
        ("xml", "<Response><Errors><Error><Code>InvalidX</Code><Message>MESSAGE</Message></Error></Errors></Response>"),
        ("query", "<ErrorResponse><Error><Code>InvalidX</Code><Message>MESSAGE</Message></Error></ErrorResponse>"),
        ("json", #"{"__type": "InvalidX", "message": "MESSAGE"}"#),
    ])
    func errorDescriptionIsOneShortLine(kind: String, template: String) {
        let huge = String(repeating: "x", count: 1 << 20)
        for message in [huge, "first line\nsecond line\r\nthird"] {
            let escaped =
                kind == "json"
                ? message.replacingOccurrences(of: "\n", with: "\\n")
                    .replacingOccurrences(of: "\r", with: "\\r") : message
            let body = Array(template.replacingOccurrences(of: "MESSAGE", with: escaped).utf8)
            let parsed = AWSError.parse(status: 400, headers: [], body: body, service: .ec2, action: "DescribeImages")
            #expect(parsed.code == "InvalidX")
            let length = parsed.description.count
            let lines = parsed.description.split(whereSeparator: \.isNewline).count
            #expect(length <= 2_048, "\(kind): \(length) characters")
            #expect(lines == 1, "\(kind): \(lines) lines")
        }
    }
}
