import Foundation
import Manifest
import Planner

// MARK: - Failures in other accounts recorded in status files

/// Reads the failed attempts in other accounts recorded in `status/<image>.yaml` (`accountFailures:`) through their
/// Codable model, leniently like `StatusFailures`: unreadable files and entries are skipped.
public enum AccountStatusFailures {
    /// The records of every status file, by account.
    public static func read(_ files: [ManifestFile]) -> [String: [BakeFailureRecord]] {
        var records: [String: [BakeFailureRecord]] = [:]
        for file in files where ManifestFile.isManifestPath(file.path) {
            guard let document = StatusDocument.AccountFailureRecords.read(Data(file.contents)) else { continue }
            let name = file.path.split(separator: "/").last.map { String($0.prefix { $0 != "." }) } ?? file.path
            let image = document.image ?? name
            for entry in document.accountFailures {
                guard let record = entry.record(image: image) else { continue }
                records[entry.account, default: []].append(record)
            }
        }
        return records
    }
}
