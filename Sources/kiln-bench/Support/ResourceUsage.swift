#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import Foundation

/// What the process has used so far: CPU time and peak resident memory.
///
/// Peak memory is per benchmark on Linux: ``resetPeak()`` clears the kernel's high-water mark
/// (`/proc/self/clear_refs`), and ``current()`` reads it back (`VmHWM`). Elsewhere it is the process's peak.
struct ResourceUsage: Sendable {
    /// User and system CPU time of the process and of its finished children, in seconds.
    var cpuSeconds: Double
    /// The resident-set high-water mark, in bytes.
    var peakResidentBytes: Int

    static func current() -> ResourceUsage {
        var usage = rusage()
        var children = rusage()
        #if os(Linux)
            getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
            getrusage(__rusage_who_t(RUSAGE_CHILDREN.rawValue), &children)
        #else
            getrusage(RUSAGE_SELF, &usage)
            getrusage(RUSAGE_CHILDREN, &children)
        #endif
        func seconds(_ usage: rusage) -> Double {
            Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6 + Double(usage.ru_stime.tv_sec)
                + Double(usage.ru_stime.tv_usec) / 1e6
        }
        let cpu = seconds(usage) + seconds(children)
        #if os(Linux)
            let peak = highWaterMark() ?? Int(usage.ru_maxrss) * 1024
        #else
            let peak = Int(usage.ru_maxrss)
        #endif
        return ResourceUsage(cpuSeconds: cpu, peakResidentBytes: peak)
    }

    /// Starts a new peak: the high-water mark drops to the current resident size (Linux only).
    static func resetPeak() {
        #if os(Linux)
            if let handle = FileHandle(forWritingAtPath: "/proc/self/clear_refs") {
                handle.write(Data("5".utf8))
                try? handle.close()
            }
        #endif
    }

    /// `VmHWM` from `/proc/self/status`, in bytes.
    private static func highWaterMark() -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") }
        let kilobytes = line?.split(separator: " ").dropFirst().first.flatMap { Int($0) }
        return kilobytes.map { $0 * 1024 }
    }
}
