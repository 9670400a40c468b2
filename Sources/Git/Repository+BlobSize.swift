import Foundation

extension Repository {
    /// A blob's size in bytes, read from the object's header without reading its content.
    public func blobSize(_ id: ObjectID) throws(GitError) -> Int {
        try withHandle { (handle) throws(GitError) in try handle.blobSize(id) }
    }

    /// The bytes of a blob of at most `maxBytes`; `nil` (nothing read) when its header says it is larger.
    public func blob(_ id: ObjectID, maxBytes: Int) throws(GitError) -> Data? {
        try withHandle { (handle) throws(GitError) -> Data? in
            guard try handle.blobSize(id) <= maxBytes else { return nil }
            return try handle.blob(id)
        }
    }
}
