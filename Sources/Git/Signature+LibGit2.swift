internal import CLibGit2
import Foundation

extension Signature {
    /// Copies a libgit2 signature.
    init(_ signature: UnsafePointer<git_signature>) {
        let value = signature.pointee
        self.init(
            name: value.name.map { String(cString: $0) } ?? "",
            email: value.email.map { String(cString: $0) } ?? "",
            date: Date(timeIntervalSince1970: TimeInterval(value.when.time)),
            timeZoneOffsetMinutes: Int(value.when.offset)
        )
    }

    /// A libgit2 signature owned by a `Managed` box.
    func managed() throws(GitError) -> Managed<UnsafeMutablePointer<git_signature>> {
        var pointer: UnsafeMutablePointer<git_signature>?
        let seconds = git_time_t(date.timeIntervalSince1970.rounded(.down))
        try check("make signature", git_signature_new(&pointer, name, email, seconds, Int32(timeZoneOffsetMinutes)))
        guard let pointer else {
            throw GitError(.other, operation: "make signature", message: "libgit2 returned no signature")
        }
        return Managed(pointer, release: git_signature_free)
    }
}
