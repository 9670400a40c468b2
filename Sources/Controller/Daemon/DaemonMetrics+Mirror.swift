import CoreMetrics

// MARK: - The mirror

extension DaemonMetrics {
    /// `kiln_mirror_packs`: pack files in the mirror, counted after each fetch and after a repack.
    func mirrorPacks(_ count: Int) {
        Gauge(label: "kiln_mirror_packs", factory: factory).record(count)
    }

    /// `kiln_mirror_repacks_total{outcome}`: repacks of the mirror, `success` or `error`.
    func mirrorRepack(succeeded: Bool) {
        Counter(
            label: "kiln_mirror_repacks_total", dimensions: [("outcome", succeeded ? "success" : "error")],
            factory: factory
        ).increment()
    }
}
