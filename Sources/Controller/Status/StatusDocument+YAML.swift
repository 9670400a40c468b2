import Foundation
import Yams

// MARK: - YAML form

extension StatusDocument {
    /// The first line of every status file.
    static let header = "# Written by Kiln after each reconcile cycle; edits are overwritten.\n"

    /// The file's bytes: the header, then the document with sorted keys, unwrapped lines and literal blocks for
    /// multi-line text.
    public func yaml() throws -> Data {
        var options = YAMLEncoder.Options()
        options.sortKeys = true
        options.width = -1
        options.allowUnicode = true
        options.newLineScalarStyle = .literal
        let encoder = YAMLEncoder()
        encoder.options = options
        let body = try encoder.encode(self)
        return Data((Self.header + body).utf8)
    }

    /// Reads a status file back, or nil when it is not one (unknown keys are ignored).
    public static func read(_ data: Data) -> StatusDocument? {
        guard let text = String(data: data, encoding: .utf8) else { return nil }
        return try? YAMLDecoder().decode(StatusDocument.self, from: text)
    }
}
