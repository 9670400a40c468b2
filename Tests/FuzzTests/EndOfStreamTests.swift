import Manifest
import Testing

/// A syntax error at the end of a file that does not end in a line break.
///
/// libyaml moves the end of the stream to the start of a line that does not exist (it "forces a new line"): the
/// loader used to report `web.yaml:4:1` for a three-line file. It now reports the end of the last line.
@Suite struct EndOfStreamTests {
    /// (name, text, expected `line:column` of the error).
    static let cases: [(String, String, String)] = [
        ("unclosed flow list", "apiVersion: kiln/v1\nkind: Image\nmetadata: [a, b", "3:16"),
        ("key without a colon", "apiVersion: kiln/v1\nkind: Image\nmetadata", "3:9"),
        ("unclosed flow mapping", "apiVersion: kiln/v1\nkind: Image\nmetadata: {name: web", "3:21"),
        ("carriage returns", "apiVersion: kiln/v1\rkind: Image\rmetadata: [a, b", "3:16"),
        ("line separators", "apiVersion: kiln/v1\u{2028}kind: Image\u{2028}metadata: {é: b", "3:16"),
        ("one line", "metadata: [a", "1:13"),
    ]

    @Test(arguments: cases)
    func errorAtEndOfFileWithoutNewlineIsInsideTheFile(name: String, text: String, expected: String) {
        let file = ManifestFile(path: "web.yaml", text: text)
        let set = ManifestLoader.load(files: [file])
        let bounds = ["web.yaml": PositionBounds(file.contents)]
        #expect(set.errorCount > 0)
        for diagnostic in set.diagnostics {
            #expect(diagnostic.malformation(in: bounds) == nil, "\(name)")
        }
        #expect(set.diagnostics.first.map { "\($0.line):\($0.column)" } == expected, "\(name): \(set.diagnostics)")
    }

    /// A file that ends in a line break keeps libyaml's position: the start of the empty last line.
    @Test func errorAfterAFinalLineBreakStaysOnTheEmptyLastLine() {
        let set = ManifestLoader.load(files: [ManifestFile(path: "web.yaml", text: "kind: Image\nmetadata: [a, b\n")])
        #expect(set.diagnostics.first.map { "\($0.line):\($0.column)" } == "3:1", "\(set.diagnostics)")
    }
}
