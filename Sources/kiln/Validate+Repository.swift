import Git
import Manifest

/// Reads the manifest files of one revision of a git repository, without a checkout.
struct RepositorySource {
    /// A local repository path or `file://` URL.
    var location: String
    /// The revision to read (default `HEAD`).
    var ref: String?
    /// The manifest directory inside the repository.
    var directory: String

    func read() throws(ValidateIOError) -> [ManifestFile] {
        guard let path = Self.localPath(location) else {
            throw ValidateIOError(
                "\(location): reading a remote repository is not supported yet; pass the path of a local clone")
        }
        let revision = ref ?? "HEAD"
        do {
            let repository = try Repository(at: path)
            let commit = try repository.resolve(revision)
            let prefix = directory.split(separator: "/").joined(separator: "/")
            var files: [ManifestFile] = []
            for entry in try repository.files(at: commit, under: prefix) where entry.mode != .symbolicLink {
                let fullPath = prefix.isEmpty || prefix == "." ? entry.path : "\(prefix)/\(entry.path)"
                guard ManifestFile.isManifestPath(fullPath) else { continue }
                files.append(ManifestFile(path: fullPath, contents: Array(try repository.blob(entry.id))))
            }
            return files
        } catch {
            throw ValidateIOError(error.description)
        }
    }

    /// The local path of a repository location; `nil` for remote URLs (`https://`, `ssh://`, `user@host:`).
    static func localPath(_ location: String) -> String? {
        if location.hasPrefix("file://") { return String(location.dropFirst("file://".count)) }
        if location.contains("://") { return nil }
        if let colon = location.firstIndex(of: ":"), !location[..<colon].contains("/") { return nil }
        return location
    }
}
