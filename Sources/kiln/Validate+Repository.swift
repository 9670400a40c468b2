import Foundation
import Git
import Manifest

/// Reads the manifest files of one revision of a git repository through libgit2, without a checkout.
///
/// A local path is opened in place and `ref` may be any revision (default `HEAD`). A URL (`file://`, `https://`,
/// `ssh://`, `git://`, `user@host:path`) is fetched into a temporary bare mirror, which is deleted afterwards; there
/// `ref` names a branch (default `main`) and no credentials are used.
struct RepositorySource {
    /// A local repository path or a URL.
    var location: String
    /// The revision (local) or branch (remote) to read.
    var ref: String?
    /// The manifest directory inside the repository.
    var directory: String
    /// The TLS trust and deadline of the fetch.
    var transfer = GitTransferSettings()
    /// Signers the manifest commit (below any status-only commits) must be signed by; nil checks nothing.
    var signatures: SignaturePolicy? = nil

    func read() async throws(ValidateIOError) -> [ManifestFile] {
        do {
            if let path = Self.localPath(location) {
                let repository = try Repository(at: path)
                return try verifiedManifests(in: repository, at: repository.resolve(ref ?? "HEAD"))
            }
            let cache = FileManager.default.temporaryDirectory.appendingPathComponent("kiln-validate-\(UUID())")
            defer { try? FileManager.default.removeItem(at: cache) }
            let mirror = try Mirror(url: location, cacheDirectory: cache.path, settings: transfer)
            let tip = try await mirror.fetch(branch: ref ?? "main")
            return try verifiedManifests(in: mirror.repository, at: tip)
        } catch let error as ValidateIOError {
            throw error
        } catch let error as GitError {
            throw ValidateIOError(error.description)
        } catch {
            throw ValidateIOError("\(Self.redacted(location)): \(error)")
        }
    }

    /// The manifests at `commit`, once the commit below any status-only commits passed `signatures`.
    private func verifiedManifests(in repository: Repository, at commit: ObjectID) throws -> [ManifestFile] {
        if let signatures {
            let manifestCommit = repository.newestCommit(changingOutside: "status", atOrBelow: commit)
            do {
                _ = try signatures.verify(manifestCommit, in: repository)
            } catch {
                throw ValidateIOError(error.description, refused: true)
            }
        }
        return try manifests(in: repository, at: commit)
    }

    /// The manifest files below `directory` at `commit`, with repository-relative paths.
    private func manifests(in repository: Repository, at commit: ObjectID) throws(GitError) -> [ManifestFile] {
        let prefix = directory.split(separator: "/").joined(separator: "/")
        var files: [ManifestFile] = []
        for entry in try repository.files(at: commit, under: prefix) where entry.mode != .symbolicLink {
            let path = prefix.isEmpty || prefix == "." ? entry.path : "\(prefix)/\(entry.path)"
            guard ManifestFile.isManifestPath(path) else { continue }
            let bytes = try repository.blob(entry.id, maxBytes: ManifestLoader.maxManifestBytes)
            files.append(ManifestFile(path: path, limitedBytes: bytes))
        }
        return files
    }

    /// The path of a repository location that is not a URL; `nil` for URLs.
    static func localPath(_ location: String) -> String? {
        if location.contains("://") { return nil }
        if let colon = location.firstIndex(of: ":"), !location[..<colon].contains("/") { return nil }
        return location
    }

    /// A location with any `user:password@` removed, for messages.
    private static func redacted(_ location: String) -> String {
        guard let scheme = location.range(of: "://"), let at = location[scheme.upperBound...].firstIndex(of: "@")
        else { return location }
        return String(location[..<scheme.upperBound]) + "***" + String(location[at...])
    }
}
