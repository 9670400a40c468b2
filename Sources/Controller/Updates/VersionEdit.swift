import Foundation
import Manifest

// MARK: - Editing spec.version in place

/// Rewrites the `spec.version` scalar of a manifest's text at the position the decoder recorded, leaving every other
/// byte (comments, layout, quoting) as it was.
enum VersionEdit {
    /// Characters a version scalar may hold.
    private static let versionCharacters = Set("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.+-")
        .map { $0.unicodeScalars.first ?? " " }
    /// What may follow a plain scalar on its line.
    private static let plainEnd: Set<Unicode.Scalar> = [" ", "\t", "\r", "\n", ",", "}", "]", "#"]

    /// `text` with the version written at `line`:`column` (1-based, columns in Unicode scalars) replaced by `new`;
    /// nil when the scalar there is not `old` written plain or in quotes (a tag, a block scalar, a moved file).
    static func replacing(
        _ old: SemanticVersion, with new: SemanticVersion, line: Int, column: Int, in text: String
    ) -> String? {
        let scalars = Array(text.unicodeScalars)
        var lineStart = 0
        var currentLine = 1
        while currentLine < line {
            guard let newline = scalars[lineStart...].firstIndex(of: "\n") else { return nil }
            lineStart = newline + 1
            currentLine += 1
        }
        var start = lineStart + column - 1
        guard column >= 1, start < scalars.count else { return nil }
        let quote: Unicode.Scalar? = scalars[start] == "\"" || scalars[start] == "'" ? scalars[start] : nil
        if quote != nil { start += 1 }
        var end = start
        while end < scalars.count, versionCharacters.contains(scalars[end]) { end += 1 }
        if let quote {
            guard end < scalars.count, scalars[end] == quote else { return nil }
        } else {
            guard end == scalars.count || plainEnd.contains(scalars[end]) else { return nil }
        }
        var written = String.UnicodeScalarView()
        written.append(contentsOf: scalars[start..<end])
        guard let found = SemanticVersion(String(written)), found == old, found.build == old.build else {
            return nil
        }
        var result = String.UnicodeScalarView()
        result.append(contentsOf: scalars[..<start])
        result.append(contentsOf: new.description.unicodeScalars)
        result.append(contentsOf: scalars[end...])
        return String(result)
    }
}
