import Foundation

// MARK: - The image's update branch on its page

extension StatusPageHTML {
    /// The "Update branch" section of an image's page; empty when the image has none.
    static func updateBranch(_ update: StatusUpdateBranch?) -> String {
        guard let update else { return "" }
        var body = "<section aria-labelledby=\"update\"><h2 id=\"update\">Update branch</h2>"
        let version = [update.currentVersion, update.proposedVersion].compactMap { $0 }.joined(separator: " → ")
        body += definitions([
            ("Branch", "<code>\(h(update.branch))</code>"), ("State", h(update.state)),
            ("Version", h(version.isEmpty ? nil : version)), ("Source", h(update.sourceChange)),
            ("Commit", commit(update.commit)), ("Reason", h(update.reason)),
        ])
        return body + "</section>"
    }
}
