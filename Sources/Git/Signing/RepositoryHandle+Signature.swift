internal import CLibGit2
import Foundation

extension RepositoryHandle {
    // MARK: - Reading a commit's signature

    /// The `gpgsig` header of a commit and the bytes it signs (the commit without that header), or nil when the
    /// commit is unsigned.
    func signature(of commit: ObjectID) throws(GitError) -> CommitSignature? {
        let signature = Self.buffer()
        let signed = Self.buffer()
        var oid = commit.oid
        let result = git_commit_extract_signature(signature.pointer, signed.pointer, pointer, &oid, nil)
        if result == GIT_ENOTFOUND.rawValue {
            // Unsigned (or no such commit: tell the two apart).
            _ = try lookupCommit(commit)
            return nil
        }
        try check("read the signature of \(commit)", result)
        return CommitSignature(signature: Self.data(signature), signedData: Self.data(signed))
    }

    // MARK: - Writing a signed commit

    /// Writes a commit whose content `sign` signs (the `gpgsig` header); moves no reference.
    func writeSignedCommit(
        author: Managed<UnsafeMutablePointer<git_signature>>, committer: Managed<UnsafeMutablePointer<git_signature>>,
        message: String, tree: Managed<OpaquePointer>, parent: Managed<OpaquePointer>?, sign: CommitSigner
    ) throws(GitError) -> ObjectID {
        let content = Self.buffer()
        var parents: [OpaquePointer?] = parent.map { [$0.pointer] } ?? []
        let created = parents.withUnsafeMutableBufferPointer { buffer in
            git_commit_create_buffer(
                content.pointer, pointer, author.pointer, committer.pointer, nil, message, tree.pointer, buffer.count,
                buffer.baseAddress)
        }
        try check("prepare a signed commit", created)
        let text = String(decoding: Self.data(content), as: UTF8.self)
        let armored = try sign(Data(text.utf8))
        var oid = git_oid()
        try check(
            "write a signed commit",
            git_commit_create_with_signature(&oid, pointer, text, String(decoding: armored, as: UTF8.self), nil))
        return ObjectID(oid)
    }

    /// Moves `name` to `id` only if it points at `expected` (or, with `expected` nil, does not exist yet).
    func moveReference(_ name: String, to id: ObjectID, from expected: ObjectID?) throws(GitError) {
        var target = id.oid
        let log = "kiln: commit"
        let operation = "move \(name) to \(id)"
        if var current = expected?.oid {
            _ = try make(operation, release: git_reference_free) {
                git_reference_create_matching(&$0, pointer, name, &target, 1, &current, log)
            }
        } else {
            _ = try make(operation, release: git_reference_free) {
                git_reference_create(&$0, pointer, name, &target, 0, log)
            }
        }
    }

    // MARK: - Buffers

    /// An empty libgit2 buffer, disposed of with its owner.
    static func buffer() -> Managed<UnsafeMutablePointer<git_buf>> {
        let buffer = UnsafeMutablePointer<git_buf>.allocate(capacity: 1)
        buffer.initialize(to: git_buf())
        return Managed(buffer) { buffer in
            git_buf_dispose(buffer)
            buffer.deallocate()
        }
    }

    static func data(_ buffer: Managed<UnsafeMutablePointer<git_buf>>) -> Data {
        guard let bytes = buffer.pointer.pointee.ptr else { return Data() }
        return Data(bytes: bytes, count: buffer.pointer.pointee.size)
    }
}
