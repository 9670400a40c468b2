import Foundation
import Git
import Manifest
import Planner

// MARK: - Whether the commit holds what Kiln writes

extension UpdateBranchOwnership {
    /// Why `commit`'s content is not what Kiln writes on `parent` for `image`; nil when it is exactly that: one file
    /// changed, the image's manifest at the parent, holding the proposer's edit of it (`UpdateCommit.editedManifest`)
    /// for the source change its trailers name, under the message Kiln gives that proposal.
    ///
    /// Author and committer names can be set by anyone who can push; content cannot pass for Kiln's unless it is
    /// Kiln's, so moving or deleting such a commit loses nothing. Costs a few tree lookups and two blob reads.
    func contentReason(_ commit: Commit, parent: ObjectID, image: String) throws -> String? {
        let changes = try repository.changes(from: parent, to: commit.id, limit: 2)
        guard changes.count == 1, let file = changes.first?.file, ManifestFile.isManifestPath(file.path),
            case .blob(let before)? = try repository.object(at: file.path, in: parent),
            let bytes = try repository.blob(before, maxBytes: ManifestLoader.maxManifestBytes),
            let manifest = ManifestLoader.decode(file: ManifestFile(path: file.path, contents: Array(bytes))).manifest,
            manifest.name == image
        else { return "has commits not made by Kiln (it changes files other than the image's manifest)" }
        guard file.mode == .regular, let cause = UpdateCommit.cause(message: commit.message),
            let next = manifest.spec.autoUpdate.source.next(after: manifest.spec.version)
        else { return "has commits not made by Kiln (its manifest differs from Kiln's edit)" }
        let update = SourceUpdate(image: image, from: manifest.spec.version, to: next, cause: cause)
        guard
            let edited = UpdateCommit.editedManifest(String(decoding: bytes, as: UTF8.self), of: manifest, for: update),
            try repository.blob(file.id, maxBytes: edited.utf8.count) == Data(edited.utf8)
        else { return "has commits not made by Kiln (its manifest differs from Kiln's edit)" }
        guard
            let message = try? Repository.composeMessage(
                UpdateCommit.message(update), trailers: UpdateCommit.trailers(update)),
            commit.message == message
        else { return "has commits not made by Kiln (its message differs from Kiln's)" }
        return nil
    }
}
