import Foundation

extension Repository {
    /// Writes a commit whose tree is the parent's with `files` put in place, without a working tree or an index.
    ///
    /// - Parameters:
    ///   - parent: The commit to build on (usually a branch tip); nil for a first commit.
    ///   - files: Full paths from the root (`status/web.yaml`) and their new contents; written as regular files.
    ///   - directory: If given, every file below this directory that is not in `files` is deleted.
    ///   - author: Who wrote the change.
    ///   - committer: Who made the commit.
    ///   - message: The message; trailing whitespace is trimmed and a final newline added.
    ///   - trailers: `Key: value` lines appended as the message's last paragraph.
    ///   - branch: If given, `refs/heads/<branch>` is moved to the new commit, only if it still points at `parent`
    ///     (otherwise `.conflict`).
    ///   - signer: If given, signs the commit's content; the signature goes in its `gpgsig` header.
    /// - Returns: The new commit, or nil when the resulting tree equals the parent's: nothing to commit.
    public func commit(
        parent: ObjectID?,
        updating files: [String: Data],
        removingOthersUnder directory: String? = nil,
        author: Signature,
        committer: Signature,
        message: String,
        trailers: [Trailer] = [],
        updatingBranch branch: String? = nil,
        signedBy signer: CommitSigner? = nil
    ) throws(GitError) -> ObjectID? {
        var paths: [TreePath: Data] = [:]
        for (path, data) in files {
            paths[try TreePath(path)] = data
        }
        let request = CommitRequest(
            parent: parent,
            files: paths,
            pruning: try directory.map { (directory) throws(GitError) in try TreePath(directory) },
            author: author,
            committer: committer,
            message: try Self.composeMessage(message, trailers: trailers),
            branch: branch,
            signer: signer
        )
        return try withHandle { (handle) throws(GitError) in try handle.writeCommit(request) }
    }

    /// The stored form of a message: trimmed, trailers as the last paragraph, one final newline. It is the message
    /// `commit(parent:updating:…)` writes, so a commit's message can be compared with what it would be.
    public static func composeMessage(_ message: String, trailers: [Trailer]) throws(GitError) -> String {
        let body = message.replacing(/\s+$/, with: "")
        guard !body.isEmpty else {
            throw GitError(.invalidArgument, operation: "compose commit message", message: "the message is empty")
        }
        for trailer in trailers {
            let keyIsValid = trailer.key.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
            guard !trailer.key.isEmpty, keyIsValid, !trailer.value.contains(where: \.isNewline) else {
                throw GitError(
                    .invalidArgument, operation: "compose commit message", message: "invalid trailer '\(trailer.key)'"
                )
            }
        }
        guard !trailers.isEmpty else { return body + "\n" }
        return body + "\n\n" + trailers.map { "\($0.key): \($0.value)\n" }.joined()
    }
}
