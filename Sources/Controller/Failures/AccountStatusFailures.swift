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
            guard let document = StatusDocument.FailureRecords.read(Data(file.contents)) else { continue }
            let image = document.image ?? StatusFailures.imageName(fromPath: file.path)
            for entry in document.accountFailures {
                guard let record = entry.record(image: image) else { continue }
                records[entry.account, default: []].append(record)
            }
        }
        return records
    }
}
