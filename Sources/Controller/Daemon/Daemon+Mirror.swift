import Foundation
import Git

// MARK: - Keeping the mirror in shape

extension Daemon {
    /// After a fetch, with the mirror used by nothing else: records its pack count and, past
    /// `Mirror.packThreshold`, repacks it into one pack (see `MirrorMaintenance`). A failure is logged and the pass
    /// goes on: the mirror stays usable with the packs it had.
    func maintainMirror() async {
        let packs: Int
        do {
            packs = try mirror.packCount()
        } catch {
            logger.warning("cannot count the mirror's packs", metadata: ["error": "\(error)"])
            return
        }
        metrics.mirrorPacks(packs)
        guard mirrorMaintenance.shouldRepack(packs: packs, pass: passCount) else { return }
        mirrorMaintenance.attempted(at: passCount)
        let started = ContinuousClock.now
        do {
            let summary = try await mirror.repack()
            let seconds = (ContinuousClock.now - started).timeInterval
            metrics.mirrorRepack(succeeded: true)
            metrics.mirrorPacks(summary.packsAfter)
            logger.info(
                "repacked the mirror",
                metadata: [
                    "packsBefore": "\(summary.packsBefore)", "packsAfter": "\(summary.packsAfter)",
                    "objects": "\(summary.objects)", "looseRemoved": "\(summary.looseRemoved)",
                    "seconds": "\(String(format: "%.3f", seconds))",
                ])
        } catch {
            metrics.mirrorRepack(succeeded: false)
            logger.warning("cannot repack the mirror", metadata: ["packs": "\(packs)", "error": "\(error)"])
        }
    }
}
