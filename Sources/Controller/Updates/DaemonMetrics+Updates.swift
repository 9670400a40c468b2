import CoreMetrics
import Foundation

// MARK: - Update branches

extension DaemonMetrics {
    /// `kiln_update_pushes_total{outcome}`: update-branch pushes (pushed, deleted, rejected, failed), and branches left.
    func updatePush(_ outcome: String) {
        Counter(label: "kiln_update_pushes_total", dimensions: [("outcome", outcome)], factory: factory).increment()
    }

    /// `kiln_update_branches`: update branches open after the last cycle.
    func updateBranches(_ count: Int) {
        Gauge(label: "kiln_update_branches", factory: factory).record(count)
    }
}
