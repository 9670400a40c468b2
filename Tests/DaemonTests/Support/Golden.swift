import Foundation
import Testing

/// Golden files in `Tests/DaemonTests/Golden`; `KILN_UPDATE_GOLDEN=1` rewrites them from the rendering.
enum Golden {
    static var directory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Golden")
    }

    static func check(_ rendered: Data, against name: String, sourceLocation: SourceLocation = #_sourceLocation)
        throws
    {
        let url = directory.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["KILN_UPDATE_GOLDEN"] == "1" {
            try rendered.write(to: url)
            return
        }
        let expected = try Data(contentsOf: url)
        #expect(
            String(decoding: rendered, as: UTF8.self) == String(decoding: expected, as: UTF8.self),
            "\(name) differs from the golden file (KILN_UPDATE_GOLDEN=1 rewrites it)", sourceLocation: sourceLocation)
    }
}
