import Foundation

// MARK: - status/README.md: copies in other accounts

extension StatusReadme {
    /// `## Other accounts`: one row per copy of an image in another account, by image, account, version, region and
    /// AMI; empty when no image has one.
    static func accountCopies(_ documents: [StatusDocument]) -> String {
        let rows = documents.sorted { $0.image < $1.image }.flatMap { document in
            (document.accountCopies ?? [])
                .sorted { ($0.account, $0.version, $0.region, $0.ami) < ($1.account, $1.version, $1.region, $1.ami) }
                .map { copy in
                    let cells = [
                        "[\(cell(document.image))](\(document.image).yaml)", "`\(cell(copy.account))`",
                        cell(copy.version), cell(copy.region), "`\(cell(copy.ami))`", cell(copy.state),
                    ]
                    return "| " + cells.joined(separator: " | ") + " |"
                }
        }
        guard !rows.isEmpty else { return "" }
        return
            "\n## Other accounts\n\nKiln's copies of each image in the accounts its manifest distributes to, as last "
            + "observed there.\n\n"
            + "| Image | Account | Version | Region | AMI | State |\n|---|---|---|---|---|---|\n"
            + rows.joined(separator: "\n") + "\n"
    }
}
