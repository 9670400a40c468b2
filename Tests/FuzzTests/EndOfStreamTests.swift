import Manifest
import Testing

/// A syntax error at the end of a file that does not end in a line break.
///
/// libyaml moves the end of the stream to the start of a line that does not exist (it "forces a new line"), and
/// the loader reports that position as is: `web.yaml:4:1` for a three-line file. The fuzz tests accept exactly
/// this misplacement (``Diagnostic/malformation(in:allowingEndOfStream:)``) so that they keep finding others;
/// this test records it as a known issue until the loader clamps end-of-stream positions to the last line.
@Suite struct EndOfStreamTests {
    static let cases: [(String, String)] = [
        ("unclosed flow list", "apiVersion: kiln/v1\nkind: Image\nmetadata: [a, b"),
        ("key without a colon", "apiVersion: kiln/v1\nkind: Image\nmetadata"),
        ("unclosed flow mapping", "apiVersion: kiln/v1\nkind: Image\nmetadata: {name: web"),
    ]

    @Test(arguments: cases)
    func errorAtEndOfFileWithoutNewlineIsInsideTheFile(name: String, text: String) {
        let file = ManifestFile(path: "web.yaml", text: text)
        let set = ManifestLoader.load(files: [file])
        let bounds = ["web.yaml": PositionBounds(file.contents)]
        #expect(set.errorCount > 0)
        withKnownIssue("libyaml's end-of-stream mark is one line past the last line") {
            for diagnostic in set.diagnostics {
                let problem = diagnostic.malformation(in: bounds, allowingEndOfStream: false)
                #expect(problem == nil, "\(name)")
            }
        }
    }
}
