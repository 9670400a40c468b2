import Foundation
import Manifest

/// A status file as the engine's reader takes it (apart, so no test file imports both Manifest and Planner).
enum ManifestFileShim {
    static func file(_ path: String, _ data: Data) -> ManifestFile {
        ManifestFile(path: path, contents: Array(data))
    }
}
