import Foundation

// MARK: - Other accounts on an image's page

extension StatusPageHTML {
    /// The image's copies in other accounts and the failed attempts there; empty when it has neither.
    static func accounts(_ status: StatusDocument?) -> String {
        let copies = status?.accountCopies ?? []
        let failures = status?.accountFailures ?? []
        guard !copies.isEmpty || !failures.isEmpty else { return "" }
        var body = "<section aria-labelledby=\"accounts\"><h2 id=\"accounts\">Other accounts</h2>"
        body += table(
            caption: "Kiln's copies in other accounts", columns: ["Account", "Version", "Region", "AMI", "State"],
            rows: copies.map { copy in
                [
                    "<code>\(h(copy.account))</code>", h(copy.version), h(copy.region), "<code>\(h(copy.ami))</code>",
                    h(copy.state),
                ]
            })
        if !failures.isEmpty {
            body += table(
                caption: "Failed attempts in other accounts",
                columns: ["Account", "Version", "Attempts", "Last failure", "Action", "Error"],
                rows: failures.map { failure in
                    [
                        "<code>\(h(failure.account))</code>", h(failure.version), "\(failure.attempts)",
                        h(failure.lastFailureAt), h(failure.lastAction), h(failure.lastError),
                    ]
                })
        }
        return body + "</section>"
    }
}
