import Foundation
import Manifest
import Redaction

/// What `kiln validate` prints: diagnostics and a summary as text, or one JSON document.
struct ValidationReport: Encodable {
    struct Image: Encodable {
        var name: String
        var version: String
        var recipe: String
        var recipe8: String
        var file: String
    }

    struct Summary: Encodable {
        var files: Int
        var validImages: Int
        var invalidFiles: Int
        var errors: Int
        var warnings: Int
    }

    var valid: Bool
    var files: [String]
    var invalidFiles: [String]
    var invalidImages: [String]
    var diagnostics: [Diagnostic]
    var images: [Image]
    var summary: Summary

    init(set: ManifestSet, diagnostics: [Diagnostic]) {
        let errors = diagnostics.count { $0.severity == .error }
        valid = errors == 0
        files = set.files
        invalidFiles = set.invalidFiles.sorted()
        invalidImages = set.invalidNames.sorted()
        self.diagnostics = diagnostics
        images = set.images.map {
            Image(
                name: $0.name, version: $0.spec.version.description, recipe: $0.recipeHash, recipe8: $0.recipe8,
                file: $0.file)
        }
        summary = Summary(
            files: set.files.count, validImages: set.images.count, invalidFiles: set.invalidFiles.count,
            errors: errors, warnings: diagnostics.count { $0.severity == .warning })
    }

    var isValid: Bool { valid }

    /// Diagnostics on stderr, the summary line on stdout.
    func printText() {
        let lines = diagnostics.map { "\($0)\n" }.joined()
        FileHandle.standardError.write(Data(Redaction.redact(lines).utf8))
        print(summaryLine)
    }

    /// E.g. `3 manifests checked: 2 valid images, 1 invalid file; 2 errors, 0 warnings`.
    var summaryLine: String {
        func plural(_ count: Int, _ word: String) -> String { "\(count) \(word)\(count == 1 ? "" : "s")" }
        return "\(plural(summary.files, "manifest")) checked: \(plural(summary.validImages, "valid image")), "
            + "\(plural(summary.invalidFiles, "invalid file")); "
            + "\(plural(summary.errors, "error")), \(plural(summary.warnings, "warning"))"
    }

    /// One JSON document on stdout.
    func printJSON() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(self)
        FileHandle.standardOutput.write(Redaction.redactJSON(data) + Data("\n".utf8))
    }
}
