import Foundation

// MARK: - GET /images/<name>

extension StatusPageHTML {
    /// One image: its state, every version and AMI, rollout, bake, failure, prune, and its history in git.
    static func image(_ detail: StatusPageDetail) -> String {
        let image = detail.image
        let status = image.status
        var body = "<nav><a href=\"/\">← All images</a></nav><header><h1>\(h(image.name))</h1>"
        if let description = image.description { body += "<p>\(h(description))</p>" }
        body += "</header><main><section aria-labelledby=\"summary\"><h2 id=\"summary\">Summary</h2>"
        body += definitions([
            ("State", state(status?.state ?? "Unknown")), ("Desired version", h(status?.desiredVersion)),
            ("Phase", h(status?.phase)), ("Manifest", "<code>\(h(image.manifest ?? status?.manifest))</code>"),
            ("Built on", image.base.map { "<a href=\"/images/\(h($0))\">\(h($0))</a>" } ?? "—"),
            ("Recipe", "<code>\(h(status?.recipe))</code>"), ("Observed commit", commit(status?.observedCommit)),
        ])
        body += "</section><section aria-labelledby=\"conditions\"><h2 id=\"conditions\">Conditions</h2>"
        body += table(
            caption: "Conditions that hold", columns: ["Condition", "Since", "Message"],
            rows: (status?.conditions ?? []).map { [state($0.type), h($0.since), h($0.message)] })
        body += "</section><section aria-labelledby=\"amis\"><h2 id=\"amis\">Versions and AMIs</h2>"
        body += table(
            caption: "Every AMI of this image", columns: ["Version", "Region", "AMI", "State", "First seen (age)"],
            rows: image.amis.map { ami in
                [
                    h(ami.version) + (ami.desired ? " <strong>(desired)</strong>" : ""), h(ami.region),
                    "<code>\(h(ami.ami))</code>", h(ami.state),
                    ami.firstSeen.map { "\(h($0)) (\(duration(ami.ageSeconds)))" } ?? "before the history shown",
                ]
            })
        body += "</section><section aria-labelledby=\"rollout\"><h2 id=\"rollout\">Rollout</h2>"
        body += table(
            caption: "Rollout targets",
            columns: ["Target", "Region", "Current version", "Current AMI", "Desired AMI", "At desired"],
            rows: (status?.rollout ?? []).map { target in
                [
                    "\(h(target.kind)) \(h(target.name))", h(target.region), h(target.currentVersion),
                    "<code>\(h(target.currentImageId))</code>", "<code>\(h(target.desiredImageId))</code>",
                    target.converged
                        ? "<span class=\"yes\">✔ yes</span>" : "<span class=\"no\">✖ no</span> \(h(target.message))",
                ]
            })
        body += "</section>" + updateBranch(status?.updateBranch)
        body += accounts(status)
        let recent = activity(image)
        if !recent.isEmpty {
            body += "<section aria-labelledby=\"activity\"><h2 id=\"activity\">Bake, failure and prune</h2>"
            body += recent + "</section>"
        }
        if let kept = status?.kept, !kept.isEmpty {
            body += "<section aria-labelledby=\"kept\"><h2 id=\"kept\">Kept versions</h2><ul>"
            body += kept.map { "<li>\(h($0.version)): \(h($0.reasons.joined(separator: "; ")))</li>" }.joined()
            body += "</ul></section>"
        }
        body += "<section aria-labelledby=\"history\"><h2 id=\"history\">History</h2>"
        body += "<p class=\"muted\">From the last \(detail.commitsRead) commits of the status branch.</p>"
        body += StatusPageSVG.timeline(detail.history)
        body += table(
            caption: "Changes recorded in the status file", columns: ["When", "Change", "Version", "Status commit"],
            rows: detail.history.reversed().map { event in
                [h(event.at), h(event.message), h(event.version), commit(event.commit)]
            })
        body += "</section></main>"
        return document(title: "\(image.name) · Kiln status", body: body, version: nil)
    }
}
