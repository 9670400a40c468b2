import Foundation

// MARK: - GET /

extension StatusPageHTML {
    /// The overview: the daemon, the layering graph, one row per image, then each image's bake, failure and prune.
    static func index(_ page: StatusPageSnapshot) -> String {
        var body = "<header><h1>Kiln status</h1><p class=\"muted\">Generated \(h(page.generatedAt)) from status "
        body += "commit \(commit(page.statusCommit)). Also as JSON: <a href=\"/api/status\">/api/status</a>.</p>"
        body += "</header><main>"
        body += "<section aria-labelledby=\"daemon\"><h2 id=\"daemon\">Daemon</h2>\(daemon(page.daemon))</section>"
        body += "<section aria-labelledby=\"images\"><h2 id=\"images\">Images</h2>"
        if page.images.isEmpty {
            body += "<p>No images are managed yet.</p>"
        } else {
            body += table(
                caption: "Every image, its desired version, state, AMIs and rollout",
                columns: ["Image", "Desired version", "State", "AMI per region (age)", "Rollout targets"],
                rows: page.images.map(row))
        }
        body += "</section>"
        if !page.images.isEmpty {
            body += "<section aria-labelledby=\"layering\"><h2 id=\"layering\">Layering</h2>"
            body += "<p>Each arrow goes from a base image to an image built on it (<code>spec.source.image</code>)."
            body += "</p>\(StatusPageSVG.layering(page.images))</section>"
        }
        body += "<section aria-labelledby=\"activity\"><h2 id=\"activity\">Bakes, failures and prunes</h2>"
        let activities = page.images.map(activity).filter { !$0.isEmpty }
        body += activities.isEmpty ? "<p>No bake in progress, no failure, no prune recorded.</p>" : activities.joined()
        body += "</section>"
        if let source = page.images.compactMap({ $0.status?.source }).first {
            body += "<section aria-labelledby=\"source\"><h2 id=\"source\">Source</h2>\(self.source(source))</section>"
        }
        body += "</main>"
        let version = (page.statusCommit ?? "") + "|" + (page.daemon.lastCycleAt ?? "")
        return document(title: "Kiln status", body: body, version: version)
    }

    // MARK: - Parts

    static func daemon(_ daemon: StatusPageDaemon) -> String {
        var rows: [(String, String)] = [
            ("Lease", state(daemon.role) + (daemon.role == "standby" ? " another controller acts" : " this one acts")),
            ("Ready", daemon.ready ? "<span class=\"yes\">✔ yes</span>" : "<span class=\"no\">✖ no</span>"),
            ("Last fetch", h(daemon.lastFetchAt)), ("Last cycle", h(daemon.lastCycleAt) + outcome(daemon.lastOutcome)),
            ("Last success", h(daemon.lastSuccessAt)), ("Next cycle", h(daemon.nextCycleAt)),
            ("Commit acted on", commit(daemon.observedCommit)),
        ]
        if let error = daemon.fetchError { rows.append(("Fetch error", h(error))) }
        if !daemon.unreadyReasons.isEmpty {
            rows.append(
                ("Not ready because", "<ul>" + daemon.unreadyReasons.map { "<li>\(h($0))</li>" }.joined() + "</ul>"))
        }
        return definitions(rows)
    }

    private static func outcome(_ outcome: String?) -> String {
        outcome.map { " (\(h($0)))" } ?? ""
    }

    static func row(_ image: StatusPageImage) -> [String] {
        let name =
            "<a href=\"/images/\(h(image.name))\">\(h(image.name))</a>"
            + (image.description.map { "<br><span class=\"muted\">\(h($0))</span>" } ?? "")
        let amis = image.amis.filter(\.desired).map { ami in
            "\(h(ami.region)): <code>\(h(ami.ami))</code>" + (ami.state == "available" ? "" : " (\(h(ami.state)))")
                + " <span class=\"muted\">\(duration(ami.ageSeconds))</span>"
        }
        return [
            name, h(image.status?.desiredVersion), state(image.status?.state ?? "Unknown"),
            amis.isEmpty ? "—" : amis.joined(separator: "<br>"), rollout(image.status?.rollout ?? []),
        ]
    }

    /// Each target, and whether it points at the desired AMI.
    static func rollout(_ targets: [StatusRolloutTarget]) -> String {
        guard !targets.isEmpty else { return "—" }
        return targets.map { target in
            let mark =
                target.converged
                ? "<span class=\"yes\">✔ at desired AMI</span>" : "<span class=\"no\">✖ not at desired AMI</span>"
            return "\(h(target.kind)) \(h(target.name)) (\(h(target.region))): \(mark)"
                + (target.currentVersion.map { " <span class=\"muted\">now \(h($0))</span>" } ?? "")
        }.joined(separator: "<br>")
    }

    /// The bake in progress, the last failure and the last prune of one image (empty when none).
    static func activity(_ image: StatusPageImage) -> String {
        var parts: [String] = []
        if let bake = image.bake {
            parts.append(
                "<h4>Bake in progress</h4>"
                    + definitions([
                        ("Version", h(bake.version)), ("Phase", h(bake.phase)), ("Step", h(bake.step)),
                        ("Elapsed", duration(bake.elapsedSeconds) + " since \(h(bake.since))"),
                        ("Attempt", h(String(bake.attempt))),
                    ]))
        }
        if let failure = image.lastFailure { parts.append(self.failure(failure)) }
        if let prune = image.status?.lastPrune { parts.append(self.prune(prune)) }
        if let error = image.status?.lastError {
            parts.append(
                "<h4>Last problem</h4><p>\(h(error.reason)): \(h(error.message)) (since \(h(error.since)))</p>")
        }
        guard !parts.isEmpty else { return "" }
        return "<h3><a href=\"/images/\(h(image.name))\">\(h(image.name))</a></h3>" + parts.joined()
    }

    static func failure(_ failure: StatusPageFailure) -> String {
        "<h4>Last failure</h4>"
            + definitions([
                ("Version", h(failure.version)), ("Attempts", h(String(failure.attempts))), ("At", h(failure.at)),
                ("Step", h(failure.step)), ("Exit code", h(failure.exitCode.map(String.init))),
                ("Manifest", "<code>\(h(failure.manifest))</code>"), ("Error", h(failure.error)),
            ]) + (failure.outputTail.map { "<pre aria-label=\"output tail\">\(h($0))</pre>" } ?? "")
    }

    static func prune(_ prune: StatusPrune) -> String {
        "<h4>Last prune (\(h(prune.at)))</h4><ul>"
            + prune.pruned.map { pruned in
                "<li>\(h(pruned.version)) (" + pruned.imageIds.map { "<code>\(h($0))</code>" }.joined(separator: ", ")
                    + "): \(h(pruned.reason))</li>"
            }.joined() + "</ul>"
    }

    /// The `source:` block: the commit acted on, its signer, and a commit refused.
    static func source(_ source: StatusSource) -> String {
        var rows: [(String, String)] = [
            ("Commit acted on", commit(source.commit)),
            ("Signature", source.signer.map { "<span class=\"yes\">✔ verified</span>: \(h($0))" } ?? "not verified"),
        ]
        if let key = source.signingKey { rows.append(("Signing key", "<code>\(h(key))</code>")) }
        if let refused = source.refused {
            rows.append(
                (
                    "Refused",
                    "<span class=\"no\">✖</span> \(commit(refused.commit)) \(h(refused.reason)): \(h(refused.message))"
                ))
        }
        return definitions(rows)
    }
}
