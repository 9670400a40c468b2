internal import CLibGit2
import Foundation

extension RepositoryHandle {
    /// A blob's size from its object header alone: loose objects inflate only their header, packed objects
    /// read their entry header; the content is never read.
    func blobSize(_ id: ObjectID) throws(GitError) -> Int {
        var oid = id.oid
        let odb = try make("open the object database", release: git_odb_free) { git_repository_odb(&$0, pointer) }
        var size = 0
        var type = GIT_OBJECT_INVALID
        _ = try check("read the header of blob \(id)", git_odb_read_header(&size, &type, odb.pointer, &oid))
        guard type == GIT_OBJECT_BLOB else {
            throw GitError(.invalidArgument, operation: "read blob \(id)", message: "object is not a blob")
        }
        return size
    }
}
