import Foundation
import Manifest
import Planner

// MARK: - Failures recorded in status files

/// Reads the failed bakes recorded in `status/<image>.yaml` files through their Codable model
/// (`StatusDocument.FailureRecords`, `StatusFailure`), never by walking the YAML.
///
/// Lenient: the image is the document's `image:`, else the file's name; an entry needs `version`, `recipe`,
/// `attempts` (above zero) and `lastFailureAt`; other keys, unreadable files and incomplete entries are skipped,
/// never fatal.
public enum StatusFailures {
    /// Every failure record found in `files`.
    public static func read(_ files: [ManifestFile]) -> [BakeFailureRecord] {
        files.flatMap(read)
    }

    /// The failure records of one status file.
    public static func read(_ file: ManifestFile) -> [BakeFailureRecord] {
        guard ManifestFile.isManifestPath(file.path),
            let document = StatusDocument.FailureRecords.read(Data(file.contents))
        else { return [] }
        let image = document.image ?? imageName(fromPath: file.path)
        return document.failures.filter { !$0.recipe.isEmpty && $0.attempts > 0 }.compactMap { $0.record(image: image) }
    }

    /// The image names that have a status file: `status/web.yaml` → `web`.
    public static func imageNames(_ files: [ManifestFile]) -> Set<String> {
        Set(files.filter { ManifestFile.isManifestPath($0.path) }.map { imageName(fromPath: $0.path) })
    }

    /// The image a status file is for when it does not say: `status/web.yaml` → `web`.
    static func imageName(fromPath path: String) -> String {
        let file = path.split(separator: "/").last.map(String.init) ?? path
        return String(file.prefix { $0 != "." })
    }
}
