import Foundation
import Git
import Planner

// MARK: - The commit of one proposal

/// The message and trailers of an update branch's commit, and the version read back from one.
enum UpdateCommit {
    /// `<image>: <old> → <new> (source <old-ami> → <new-ami>)`.
    static func message(_ update: SourceUpdate) -> String {
        "\(update.image): \(update.from) → \(update.to) (source \(update.sourceChange))"
    }

    /// `Kiln-Image:`, then `Kiln-Source-AMI: <old> -> <new>` or `Kiln-Source-Image: base@old -> base@new`.
    static func trailers(_ update: SourceUpdate) -> [Trailer] {
        var trailers = [Trailer("Kiln-Image", update.image)]
        switch update.cause {
        case .ami(let from, let to):
            trailers.append(Trailer("Kiln-Source-AMI", "\(from) -> \(to)"))
        case .image(let base, let from, let to):
            trailers.append(Trailer("Kiln-Source-Image", "\(base)@\(from) -> \(base)@\(to)"))
        }
        return trailers
    }

    /// The version an update branch's commit proposes, read from its summary (`… → <new> (…`); nil when the commit
    /// is not one Kiln wrote for `image`.
    static func proposedVersion(summary: String, image: String) -> SemanticVersion? {
        guard summary.hasPrefix(image + ": "), let arrow = summary.range(of: " → ") else { return nil }
        let rest = summary[arrow.upperBound...]
        return SemanticVersion(String(rest.prefix { $0 != " " }))
    }
}
