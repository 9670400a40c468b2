import Foundation

/// A C copy of a Swift string that lives as long as this box, for libgit2 structures that hold `char *` fields.
struct CString {
    private let storage: Managed<UnsafeMutablePointer<CChar>>

    init(_ string: String) throws(GitError) {
        guard let copy = strdup(string) else {
            throw GitError(.other, operation: "copy string", message: "out of memory")
        }
        storage = Managed(copy, release: { free($0) })
    }

    var pointer: UnsafePointer<CChar> { UnsafePointer(storage.pointer) }
}
