import Foundation
import Planner
import Redaction

// MARK: - Other accounts

extension StatusRenderer {
    /// The image's copies in other accounts: each account the accounts step observed this cycle, and the previous
    /// file's entries for the accounts it tried and could not observe (nil: none).
    func accountCopies(of image: ImageReport, report: CycleReport, previous: StatusDocument?) -> [StatusAccountCopy]? {
        let unobserved = Set(report.accounts.filter { !$0.observed }.map(\.account))
        var copies = (previous?.accountCopies ?? []).filter { unobserved.contains($0.account) }
        for account in report.accounts where account.observed {
            copies += account.copies.filter { $0.image == image.name }.map { copy in
                StatusAccountCopy(
                    account: account.account, region: copy.region, version: copy.version, ami: copy.imageId,
                    state: copy.state)
            }
        }
        copies.sort { ($0.account, $0.version, $0.region, $0.ami) < ($1.account, $1.version, $1.region, $1.ami) }
        return copies.isEmpty ? nil : copies
    }

    /// The failed attempts in other accounts of the desired version and recipe, as the accounts step left them (it
    /// starts from the previous file's; nil: none).
    func accountFailures(of image: ImageReport, report: CycleReport, previous: StatusDocument?)
        -> [StatusAccountFailure]?
    {
        guard image.desiredVersion != nil else { return previous?.accountFailures }
        var entries: [StatusAccountFailure] = []
        for account in report.accounts {
            for record in account.failures where record.image == image.name {
                var entry = StatusAccountFailure(account: account.account, record: record)
                entry.lastError = Redaction.redact(entry.lastError)
                entries.append(entry)
            }
        }
        entries.sort { $0.account < $1.account }
        return entries.isEmpty ? nil : entries
    }
}
