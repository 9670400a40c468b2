import Cloud
import Foundation
import Manifest
import Planner

// MARK: - Failed attempts in other accounts, and Kiln's copies there

extension Cycle {
    /// The failed attempts the status files keep for `account`, of the desired version and recipe of each image
    /// (one record per image: the one with most attempts).
    static func accountFailures(
        _ account: String, desired: DesiredState, statusFiles: [ManifestFile]
    ) -> [BakeFailureRecord] {
        let recorded = AccountStatusFailures.read(statusFiles)[account] ?? []
        var best: [String: BakeFailureRecord] = [:]
        for record in recorded {
            guard
                desired.images.contains(where: {
                    $0.name == record.image && $0.version == record.version && $0.recipe == record.recipe
                })
            else { continue }
            if let current = best[record.image], current.attempts >= record.attempts { continue }
            best[record.image] = record
        }
        return best.values.sorted { $0.image < $1.image }
    }

    /// Holds back the actions of images whose attempts in `account` failed (the bake's backoff and limit), with a
    /// waiting issue during the backoff and a stalled one after the last attempt (said once: its text is stable).
    func gate(
        _ actions: [Action], account: String, failures: [BakeFailureRecord], desired: DesiredState,
        _ state: inout CycleState
    ) -> [Action] {
        let (gated, holds) = AccountRetry.gate(
            actions, account: account, failures: failures, desired: desired, configuration: configuration.planner,
            now: clock.now())
        for hold in holds {
            state.report.issues.append(
                hold.stalled
                    ? .bakeStalled(hold.image, hold.message, at: nil)
                    : .bakeBackingOff(hold.image, hold.message, until: hold.retryAt))
        }
        return gated
    }

    /// The records after this cycle's outcomes in an account: an image whose action failed for a lasting reason
    /// (not throttling, not an unreachable endpoint) counts one more attempt; one whose actions succeeded starts
    /// afresh.
    func failures(
        after outcomes: [ActionOutcome], known: [BakeFailureRecord], desired: DesiredState
    ) -> [BakeFailureRecord] {
        var records = Dictionary(known.map { ($0.image, $0) }, uniquingKeysWith: { a, _ in a })
        let now = clock.now()
        for image in desired.images {
            let mine = outcomes.filter { $0.action.image == image.name }
            let lasting = mine.first { outcome in
                guard case .failed(let kind, _) = outcome.status else { return false }
                return kind != .throttled && kind != .unreachable
            }
            if let lasting, case .failed(_, let message) = lasting.status {
                let attempts = (records[image.name]?.attempts ?? 0) + 1
                records[image.name] = BakeFailureRecord(
                    image: image.name, version: image.version, recipe: image.recipe, attempts: attempts,
                    lastError: message, lastStep: lasting.action.kind.name, lastFailureAt: now)
            } else if !mine.contains(where: \.failed), mine.contains(where: \.succeeded) {
                records[image.name] = nil
            }
        }
        return records.values.sorted { $0.image < $1.image }
    }

    /// Kiln's AMIs in an account of the images copied there: this owner's, named `kiln/<image>/…`.
    static func copies(in target: ActualState, desired: DesiredState, account: String) -> [AccountImageCopy] {
        let names = Set(
            desired.images.filter { $0.distribute.copyTo.contains { $0.account == account } }.map(\.name))
        return target.images.compactMap { ami -> AccountImageCopy? in
            guard let image = ami.tags[KilnTag.image], names.contains(image),
                ami.tags[KilnTag.owner] == desired.owner, ami.name.hasPrefix("kiln/\(image)/"),
                let version = ami.tags[KilnTag.version]
            else { return nil }
            return AccountImageCopy(
                image: image, version: version, region: ami.region, imageId: ami.id, state: ami.state.rawValue)
        }.sorted { ($0.image, $0.version, $0.region, $0.imageId) < ($1.image, $1.version, $1.region, $1.imageId) }
    }
}
