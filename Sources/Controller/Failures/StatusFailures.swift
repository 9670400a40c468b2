import Foundation
import Manifest
import Planner
import Yams

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
            let text = String(validating: file.contents, as: UTF8.self),
            let root = (try? Yams.load(yaml: text)) as? [String: Any]
        else { return [] }
        let image = (root["image"] as? String) ?? (root["name"] as? String) ?? imageName(fromPath: file.path)
        guard let entries = root["failures"] as? [Any] else { return [] }
        return entries.compactMap { entry in
            (entry as? [String: Any]).flatMap { record(image: image, $0) }
        }
    }

    /// The image names that have a status file: `status/web.yaml` → `web`.
    public static func imageNames(_ files: [ManifestFile]) -> Set<String> {
        Set(files.filter { ManifestFile.isManifestPath($0.path) }.map { imageName(fromPath: $0.path) })
    }

    // MARK: - Entries

    private static func record(image: String, _ entry: [String: Any]) -> BakeFailureRecord? {
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

    private static func text(_ value: Any?) -> String? {
        switch value {
        case let text as String: text
        case let number as Int: String(number)
        case let number as Double: String(number)
        default: nil
        }
    }

    private static func integer(_ value: Any?) -> Int? {
        switch value {
        case let number as Int: number
        case let text as String: Int(text)
        default: nil
        }
    }

    private static func date(_ value: Any?) -> Date? {
        switch value {
        case let date as Date: return date
        case let text as String:
            let styles = [
                Date.ISO8601FormatStyle(includingFractionalSeconds: false),
                Date.ISO8601FormatStyle(includingFractionalSeconds: true),
            ]
            return styles.lazy.compactMap { try? $0.parse(text) }.first
        default: return nil
        }
    }
}
