import Foundation
import Manifest
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
        decode(StatusDocument.self, from: data)
    }

    /// `Value` decoded from a status file's bytes by the bounded YAML reader, or nil when they do not read.
    static func decode<Value: Decodable>(_ type: Value.Type, from data: Data) -> Value? {
        guard String(data: data, encoding: .utf8) != nil,
            let root = YAMLEventReader.document(Array(data), maxBytes: maxFileBytes)
        else { return nil }
        return try? YAMLNodeDecoder().decode(type, from: root)
    }

    /// The largest status file read back (1 MiB); a larger one is not Kiln's.
    public static let maxFileBytes = 1 << 20
}
