internal import CLibGit2

/// The libgit2 library as a whole: initialised once per process, on first use, from any thread.
enum LibGit2 {
    /// The most pack files open at once. Every fetch that brings objects and every status commit adds a pack to the
    /// mirror, and libgit2 keeps each pack it has read open unless told otherwise: a daemon running for months
    /// would run out of file descriptors. Past this many, it closes the least recently used.
    static let openPackLimit = 64

    private static let initialised: Bool =
        git_libgit2_init() > 0 && DeadlineStream.register() == 0 && kiln_set_mwindow_file_limit(openPackLimit) == 0

    /// Makes sure `git_libgit2_init` has run and Kiln's socket stream is registered. Cheap after the first call.
    static func initialise() throws(GitError) {
        guard initialised else {
            throw GitError(.other, operation: "initialise libgit2", message: "git_libgit2_init failed")
        }
    }
}

// MARK: - Checking results

/// Checks a libgit2 return code, turning a negative one into a `GitError` built from `git_error_last()`.
///
/// Call it directly around the libgit2 call (`try check("…", git_x(…))`): the error detail is thread-local and
/// is read before anything else can overwrite it.
@discardableResult
func check(_ operation: @autoclosure () -> String, _ result: Int32) throws(GitError) -> Int32 {
    guard result < 0 else { return result }
    let last = git_error_last()
    let errorClass = last.map { errorClassName(Int32($0.pointee.klass)) } ?? "none"
    let message = last.flatMap { $0.pointee.message.map { String(cString: $0) } } ?? "libgit2 returned \(result)"
    throw GitError(
        kind(code: result, errorClass: errorClass), operation: operation(), errorClass: errorClass,
        message: message)
}

/// Creates a libgit2 object through an out-parameter and hands it to a `Managed` owner with its free function.
func make(
    _ operation: @autoclosure () -> String,
    release: @escaping (OpaquePointer) -> Void,
    _ create: (inout OpaquePointer?) -> Int32
) throws(GitError) -> Managed<OpaquePointer> {
    var pointer: OpaquePointer?
    let result = create(&pointer)
    try check(operation(), result)
    guard let pointer else {
        throw GitError(.other, operation: operation(), message: "libgit2 returned no object")
    }
    return Managed(pointer, release: release)
}

// MARK: - Classification

private func kind(code: Int32, errorClass: String) -> GitError.Kind {
    switch git_error_code(code) {
    case GIT_ENOTFOUND, GIT_EUNBORNBRANCH: return .notFound
    case GIT_EEXISTS: return .exists
    case GIT_EAMBIGUOUS: return .ambiguous
    case GIT_ENONFASTFORWARD: return .nonFastForward
    case GIT_EMODIFIED, GIT_ELOCKED: return .conflict
    case GIT_EINVALIDSPEC: return .invalidSpec
    case GIT_EAUTH: return .auth
    case GIT_ECERTIFICATE: return .certificate
    case GIT_EEOF: return .network
    default: return ["net", "ssh", "http", "ssl"].contains(errorClass) ? .network : .other
    }
}

private func errorClassName(_ klass: Int32) -> String {
    let names: [git_error_t: String] = [
        GIT_ERROR_NOMEMORY: "nomemory", GIT_ERROR_OS: "os", GIT_ERROR_INVALID: "invalid",
        GIT_ERROR_REFERENCE: "reference", GIT_ERROR_ZLIB: "zlib", GIT_ERROR_REPOSITORY: "repository",
        GIT_ERROR_CONFIG: "config", GIT_ERROR_ODB: "odb", GIT_ERROR_OBJECT: "object", GIT_ERROR_NET: "net",
        GIT_ERROR_TAG: "tag", GIT_ERROR_TREE: "tree", GIT_ERROR_INDEXER: "indexer", GIT_ERROR_SSL: "ssl",
        GIT_ERROR_SSH: "ssh", GIT_ERROR_CALLBACK: "callback", GIT_ERROR_FILESYSTEM: "filesystem",
        GIT_ERROR_SHA: "sha", GIT_ERROR_HTTP: "http", GIT_ERROR_INTERNAL: "internal",
    ]
    return names[git_error_t(UInt32(bitPattern: klass))] ?? "class\(klass)"
}
