import Foundation
import Git
import Manifest
import Planner

// MARK: - The commit of one proposal

/// The message, trailers and manifest of an update branch's commit, and what is read back from one.
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

    /// The text of `manifest` with the update's version written in place of its `spec.version` (`VersionEdit`): the
    /// only change a proposal makes. `text` is the manifest's file as it was decoded; nil when the version there is
    /// not written as `update.from` at the decoded position.
    static func editedManifest(_ text: String, of manifest: ImageManifest, for update: SourceUpdate) -> String? {
        VersionEdit.replacing(
            update.from, with: update.to, line: manifest.spec.versionLocation.line,
            column: manifest.spec.versionLocation.column, in: text)
    }

    /// The source change a commit's trailers name (`Kiln-Source-AMI: <old> -> <new>` or
    /// `Kiln-Source-Image: base@old -> base@new`, the first of them); nil when there is none or it does not parse.
    static func cause(message: String) -> SourceUpdate.Cause? {
        let ami = "Kiln-Source-AMI: "
        let image = "Kiln-Source-Image: "
        for line in message.split(separator: "\n") {
            if line.hasPrefix(ami) {
                let sides = line.dropFirst(ami.count).split(separator: " -> ", omittingEmptySubsequences: false)
                guard sides.count == 2, sides.allSatisfy({ !$0.isEmpty && !$0.contains(" ") }) else { return nil }
                return .ami(from: String(sides[0]), to: String(sides[1]))
            }
            if line.hasPrefix(image) {
                let sides = line.dropFirst(image.count).split(separator: " -> ", omittingEmptySubsequences: false)
                guard sides.count == 2, let at = sides[0].firstIndex(of: "@") else { return nil }
                let base = sides[0][..<at]
                let from = sides[0][sides[0].index(after: at)...]
                guard !base.isEmpty, !from.isEmpty, sides[1].hasPrefix(base + "@"),
                    let to = SemanticVersion(String(sides[1].dropFirst(base.count + 1)))
                else { return nil }
                return .image(base: String(base), from: String(from), to: to)
            }
        }
        return nil
    }

    /// The version an update branch's commit proposes, read from its summary (`… → <new> (…`); nil when the commit
    /// is not one Kiln wrote for `image`.
    static func proposedVersion(summary: String, image: String) -> SemanticVersion? {
        guard summary.hasPrefix(image + ": "), let arrow = summary.range(of: " → ") else { return nil }
        let rest = summary[arrow.upperBound...]
        return SemanticVersion(String(rest.prefix { $0 != " " }))
    }
}
