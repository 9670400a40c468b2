import Foundation
import Manifest
import Planner

// MARK: - Failures recorded in status files

/// Reads the failed bakes recorded in `status/<image>.yaml` files, leniently.
///
/// The status format belongs to the status writer; this reader needs only a top-level `failures:` list whose
/// entries have `version`, `recipe`, `attempts` and `lastFailureAt` (plus, optionally, `lastError`, `lastStep`,
/// `lastExitCode`, `lastOutputTail`). The image is the file's `image:` (or `name:`) key, else its file name.
/// Unknown keys, unreadable files and incomplete entries are skipped, never fatal.
public enum StatusFailures {
    /// Every failure record found in `files`.
    public static func read(_ files: [ManifestFile]) -> [BakeFailureRecord] {
        files.flatMap(read)
    }

    /// The failure records of one status file.
    public static func read(_ file: ManifestFile) -> [BakeFailureRecord] {
        guard ManifestFile.isManifestPath(file.path),
            String(validating: file.contents, as: UTF8.self) != nil,
            let root = YAMLEventReader.document(file.contents, maxBytes: StatusDocument.maxFileBytes),
            root.mapping != nil
        else { return [] }
        let image = string(root["image"]) ?? string(root["name"]) ?? imageName(fromPath: file.path)
        guard let entries = root["failures"]?.sequence else { return [] }
        return entries.compactMap { entry in
            entry.mapping != nil ? record(image: image, entry) : nil
        }
    }

    /// The image names that have a status file: `status/web.yaml` → `web`.
    public static func imageNames(_ files: [ManifestFile]) -> Set<String> {
        Set(files.filter { ManifestFile.isManifestPath($0.path) }.map { imageName(fromPath: $0.path) })
    }

    // MARK: - Entries

    private static func record(image: String, _ entry: YAMLNode) -> BakeFailureRecord? {
        guard let versionText = text(entry["version"]), let version = Planner.SemanticVersion(versionText),
            let recipe = text(entry["recipe"]), !recipe.isEmpty,
            let attempts = integer(entry["attempts"]), attempts > 0,
            let at = date(entry["lastFailureAt"])
        else { return nil }
        return BakeFailureRecord(
            image: image, version: version, recipe: recipe, attempts: attempts,
            lastError: text(entry["lastError"]) ?? "the bake failed", lastStep: text(entry["lastStep"]),
            lastExitCode: integer(entry["lastExitCode"]), lastOutputTail: text(entry["lastOutputTail"]),
            lastFailureAt: at)
    }

    private static func imageName(fromPath path: String) -> String {
        let file = path.split(separator: "/").last.map(String.init) ?? path
        return String(file.prefix { $0 != "." })
    }

    /// A scalar typed as a string.
    private static func string(_ node: YAMLNode?) -> String? {
        guard let scalar = node?.scalar, scalar.tag == .string else { return nil }
        return scalar.string
    }

    /// A string or a number, as text.
    private static func text(_ node: YAMLNode?) -> String? {
        guard let scalar = node?.scalar, [.string, .integer, .float].contains(scalar.tag) else { return nil }
        return scalar.string
    }

    private static func integer(_ node: YAMLNode?) -> Int? {
        guard let scalar = node?.scalar, [.string, .integer].contains(scalar.tag) else { return nil }
        return Int(scalar.string)
    }

    private static func date(_ node: YAMLNode?) -> Date? {
        guard let text = string(node) else { return nil }
        let styles = [
            Date.ISO8601FormatStyle(includingFractionalSeconds: false),
            Date.ISO8601FormatStyle(includingFractionalSeconds: true),
        ]
        return styles.lazy.compactMap { try? $0.parse(text) }.first
    }
}
