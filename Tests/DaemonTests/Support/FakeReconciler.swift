import Cloud
import Foundation
import Synchronization

@testable import Controller
@testable import Planner

/// A reconciler that answers from a script and remembers which manifest commits it was asked about.
final class FakeReconciler: Reconciling {
    private let state: Mutex<(commits: [String], answer: @Sendable (String) -> CycleReport)>

    /// Answers every cycle with `answer(commit)`.
    init(_ answer: @escaping @Sendable (String) -> CycleReport = FakeReconciler.ready) {
        state = Mutex((commits: [], answer: answer))
    }

    /// Answers the cycle and, as a cycle's publish step does, publishes the answer's status.
    func reconcile(_ request: CycleRequest) async -> CycleReport {
        let commit = (request.source as? DaemonSource)?.manifestCommit ?? "?"
        let answer = state.withLock { state in
            state.commits.append(commit)
            return state.answer
        }
        var report = answer(commit)
        report.publication = await request.status?.publish(report)
        return report
    }

    /// The manifest commits of every cycle, in order.
    var commits: [String] { state.withLock { $0.commits } }

    /// Changes the answer of later cycles.
    func answer(_ answer: @escaping @Sendable (String) -> CycleReport) {
        state.withLock { $0.answer = answer }
    }

    /// `web 1.0.0` ready.
    static let ready: @Sendable (String) -> CycleReport = { commit in
        Reports.report(commit: commit, images: [Reports.ready("web", version: "1.0.0")])
    }

    /// The action of `failing`.
    static let failingAction = Action(
        .putParameter(name: "/kiln/web/ami", value: "ami-0aaa0"), reason: "publish", image: "web",
        version: SemanticVersion("1.0.0"), region: "us-east-1")

    /// A cycle whose only action failed (transient).
    static let failing: @Sendable (String) -> CycleReport = { commit in
        let action = failingAction
        return Reports.report(
            commit: commit, images: [Reports.ready("web", version: "1.0.0")], actions: [action],
            outcomes: [ActionOutcome(action, .failed(.throttled, message: "throttled"))],
            issues: [
                .actionFailed(
                    image: "web", region: "us-east-1", summary: "put parameter", kind: .throttled, detail: "throttled")
            ])
    }
}
