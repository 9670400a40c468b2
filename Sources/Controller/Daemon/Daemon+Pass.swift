import Foundation
import Git
import Logging
import ServiceLifecycle

// MARK: - One pass: lease, fetch, decide, cycle

extension Daemon {
    /// One iteration of the loop: take the lease, fetch the branch, run a cycle if one is due (the cycle publishes
    /// the status).
    @discardableResult
    public func pass(_ wake: WakeReason) async -> PassResult {
        let now = clock.now()
        passCount += 1
        if wake != .webhook { schedule.polled(at: now, jitter: jitter()) }
        do {
            guard try await lease.acquire() else {
                health.update { $0.standby = true }
                if heldLease != false {
                    logger.notice("standing by: another controller holds the lease")
                }
                heldLease = false
                return .standby
            }
        } catch {
            logger.error("cannot take the lease", metadata: ["error": "\(error)"])
            schedule.failed(at: now)
            return .standby
        }
        health.update { $0.standby = false }
        if heldLease != true {
            logger.notice("holding the lease: this controller acts")
            heldLease = true
        }

        let tip: ObjectID
        do {
            // A graceful shutdown cancels a fetch in flight: its sockets are shut down, so a stalled server
            // cannot hold SIGTERM up until the fetch's deadline.
            let (mirror, branch) = (self.mirror, settings.repository.branch)
            tip = try await cancelWhenGracefulShutdown { try await mirror.fetch(branch: branch) }
            metrics.fetch(succeeded: true)
            health.update {
                $0.lastFetchAt = now
                $0.fetchError = nil
            }
        } catch {
            metrics.fetch(succeeded: false)
            health.update { $0.fetchError = "\(error)" }
            logger.warning(
                "cannot fetch the branch",
                metadata: ["branch": "\(settings.repository.branch)", "error": "\(error)"])
            schedule.failed(at: now)
            return .fetchFailed
        }
        await maintainMirror()

        let statusTip = await statusTip(tip: tip)
        let commit = manifestCommit(tip: tip, statusTip: statusTip)
        let rewritten = branchRewritten(to: tip)
        fetchedTip = tip
        let changed = commit != manifestCommit || rewritten
        guard schedule.shouldRun(manifestsChanged: changed, now: now) else {
            logger.trace("nothing to do", metadata: ["commit": "\(commit.abbreviated(12))", "wake": "\(wake)"])
            return .idle
        }
        switch admit(commit) {
        case .failure(let refusal):
            await refuse(refusal, statusTip: statusTip, at: now)
            return .refused
        case .success:
            accepted()
        }
        if changed {
            logger.debug(
                "new manifest commit",
                metadata: ["commit": "\(commit.hex)", "previous": "\(manifestCommit?.hex ?? "-")", "wake": "\(wake)"])
            if let date = try? mirror.repository.commit(commit).committer.date { metrics.observedCommit(at: date) }
        }
        await cycle(commit: commit, statusTip: statusTip)
        return .cycled
    }

    /// Runs one cycle on `commit` under the lease; the cycle publishes its status to the status branch.
    private func cycle(commit: ObjectID, statusTip: ObjectID?) async {
        let source = DaemonSource(
            repositoryPath: mirror.path, manifestCommit: commit.hex, statusCommit: statusTip?.hex,
            manifestsPath: settings.repository.manifestsPath, statusPath: settings.repository.statusPath,
            manifestCache: manifestCache)
        // The last report holds the whole plan; kept into this cycle, it would sit under this cycle's peak.
        lastReport = nil
        let status = StatusWriteBack(
            publisher: publisher, observedCommit: commit.hex, statusCommit: statusTip?.hex,
            source: statusSource(for: commit))
        let updates = UpdateProposer(
            publisher: publisher, trackedBranch: settings.repository.branch, memory: updateMemory)
        let report = await reconciler.reconcile(
            CycleRequest(source: source, fence: LeaseFence(lease), status: status, updates: updates))
        cycleCount += 1
        manifestCommit = commit
        recordActed(commit)
        lastReport = report
        let outcome = CycleOutcome(report)
        metrics.cycle(report, outcome: outcome)
        notifier?.submit(NotificationEvent.events(of: report))
        let end = clock.now()
        schedule.cycleEnded(outcome, at: end, waitsUntil: report.waitsUntil)
        health.update { facts in
            facts.lastCycleAt = end
            facts.lastOutcome = outcome
            facts.observedCommit = commit.hex
            if outcome != .failed { facts.lastSuccessAt = end }
            facts.awsError = Self.awsProblem(report)
        }
        if case .failed = report.publication { schedule.failed(at: clock.now()) }
        HeapTrim.releaseFreeMemory()
    }

    // MARK: - Commits

    /// The tip status files are read from: the status branch's, or the tracked branch's.
    private func statusTip(tip: ObjectID) async -> ObjectID? {
        guard settings.repository.statusBranch != nil else { return tip }
        do {
            return try await publisher.fetchTip()
        } catch {
            logger.warning("cannot fetch the status branch", metadata: ["error": "\(error)"])
            return nil
        }
    }

    /// The commit whose manifests count: the last reconciled one while only status files changed on top of it
    /// (after a restart, the status files' `observedCommit`); otherwise the tip below any status-only commits on
    /// top of it (Kiln's own status commit, re-applied on a branch that moved or was rewritten, is never observed).
    func manifestCommit(tip: ObjectID, statusTip: ObjectID?) -> ObjectID {
        let statusPath = settings.repository.statusPath
        let repository = mirror.repository
        func onlyStatusSince(_ base: ObjectID) -> Bool {
            guard base != tip else { return true }
            guard (try? repository.isAncestor(base, of: tip)) == true else { return false }
            return (try? repository.onlyTouches(statusPath, from: base, to: tip)) == true
        }
        if let known = manifestCommit {
            return onlyStatusSince(known) ? known : Self.belowStatus(tip, repository, statusPath)
        }
        let recorded = publisher.documents(at: statusTip).values.compactMap(\.observedCommit)
        for text in Set(recorded).sorted() {
            if let base = ObjectID(hex: text), (try? repository.commit(base)) != nil, onlyStatusSince(base) {
                return base
            }
        }
        return Self.belowStatus(tip, repository, statusPath)
    }

    /// `tip` with the commits that change only the status directory peeled off, along first parents.
    static func belowStatus(_ tip: ObjectID, _ repository: Repository, _ statusPath: String) -> ObjectID {
        repository.newestCommit(changingOutside: statusPath, atOrBelow: tip)
    }

    /// Whether the branch was rewritten since the last fetch (the new tip does not descend from the old one): a
    /// force-push may have dropped Kiln's status commit while leaving the manifests as they were, so a cycle runs
    /// and the status is written on top of the new tip. (Whether Kiln may act on a rewritten manifest history at
    /// all is `admit`'s decision: see `repository.allowRewrite`.)
    private func branchRewritten(to tip: ObjectID) -> Bool {
        guard let previous = fetchedTip, previous != tip else { return false }
        let rewritten = (try? mirror.repository.isAncestor(previous, of: tip)) != true
        if rewritten {
            logger.notice(
                "the branch was rewritten since the last fetch",
                metadata: [
                    "branch": "\(settings.repository.branch)", "previous": "\(previous.hex)", "tip": "\(tip.hex)",
                ])
        }
        return rewritten
    }

    /// Whole regions (or all of AWS) that could not be observed, for `/readyz`.
    static func awsProblem(_ report: CycleReport) -> String? {
        let failed = report.steps.contains { $0.name == .observe && $0.status == .failed }
        let regions = report.issues.filter { $0.reason == .regionUnobserved }.compactMap(\.region)
        if failed { return report.issues.first { $0.reason == .observeFailed }?.message ?? "observation failed" }
        return regions.isEmpty ? nil : "regions not observed: \(regions.sorted().joined(separator: ", "))"
    }
}
