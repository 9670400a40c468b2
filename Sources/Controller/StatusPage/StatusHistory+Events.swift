import Foundation

// MARK: - What changed, revision by revision

extension StatusHistory {
    /// The changes between consecutive versions of one image's status file, oldest first: a new desired version,
    /// a version that became ready, one rolled out to every target, a failure, a prune.
    public static func events(_ revisions: [Revision]) -> [StatusPageEvent] {
        var events: [StatusPageEvent] = []
        var previous: StatusDocument?
        for revision in revisions {
            let document = revision.document
            func add(_ kind: String, _ message: String) {
                events.append(
                    StatusPageEvent(
                        kind: kind, version: document.desiredVersion, commit: revision.commit.hex,
                        at: StatusTime.text(revision.date), message: message))
            }
            let version = document.desiredVersion ?? "—"
            let sameVersion = previous?.desiredVersion == document.desiredVersion
            if let desired = document.desiredVersion, !sameVersion {
                add("desired", "desired version \(desired)")
            }
            if document.state == "Ready", !sameVersion || previous?.state != "Ready" {
                let regions = document.versions.first { $0.version == document.desiredVersion }?.regions ?? []
                let amis = regions.map { "\($0.region): \($0.ami)" }.joined(separator: ", ")
                add("ready", "\(version) ready" + (amis.isEmpty ? "" : " (\(amis))"))
            }
            if rolledOut(document), !sameVersion || previous.map(rolledOut) != true {
                add("rolledOut", "\(version) rolled out to \(document.rollout.count) target(s)")
            }
            if ["Failed", "Stalled"].contains(document.state), previous?.state != document.state || !sameVersion {
                add("failed", "\(version) \(document.state): " + (document.lastError?.message ?? "see the status file"))
            }
            if let prune = document.lastPrune, prune != previous?.lastPrune {
                let versions = prune.pruned.map(\.version).joined(separator: ", ")
                add("pruned", "pruned \(versions)")
            }
            previous = document
        }
        return events
    }

    /// Every rollout target points at the desired AMI (and there is at least one).
    static func rolledOut(_ document: StatusDocument) -> Bool {
        !document.rollout.isEmpty && document.rollout.allSatisfy(\.converged)
    }

    /// When each AMI id first appeared in the image's status file.
    public static func firstSeen(_ revisions: [Revision]) -> [String: Date] {
        var seen: [String: Date] = [:]
        for revision in revisions {
            for version in revision.document.versions {
                for region in version.regions where seen[region.ami] == nil {
                    seen[region.ami] = revision.date
                }
            }
        }
        return seen
    }
}
