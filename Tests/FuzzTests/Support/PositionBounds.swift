import Manifest

/// Where a diagnostic may point in a file: any line and column that exist under one of the two ways of counting
/// lines a reader may use (only `\n`, or every YAML line break: `\r\n`, `\r`, `\n`, NEL, LS, PS).
///
/// Lengths are in bytes: a column counted in Unicode scalars (or in replacement characters, for invalid UTF-8)
/// never exceeds the byte length of its line, so the bound is safe and cheap on megabyte inputs.
struct PositionBounds {
    /// For each way of splitting, the length in bytes of each line.
    private let layouts: [[Int]]

    init(_ bytes: [UInt8]) {
        layouts = [Self.lengths(bytes, yamlBreaks: false), Self.lengths(bytes, yamlBreaks: true)]
    }

    /// Whether `line:column` (1-based) is inside the file or just past the end of a line.
    func contains(line: Int, column: Int) -> Bool {
        guard line >= 1, column >= 1 else { return false }
        return layouts.contains { lengths in line <= lengths.count && column <= lengths[line - 1] + 1 }
    }

    private static func lengths(_ bytes: [UInt8], yamlBreaks: Bool) -> [Int] {
        var lengths: [Int] = []
        var start = 0
        var index = 0
        while index < bytes.count {
            let width = yamlBreaks ? yamlBreakWidth(bytes, at: index) : (bytes[index] == 0x0A ? 1 : 0)
            if width > 0 {
                lengths.append(index - start)
                index += width
                start = index
            } else {
                index += 1
            }
        }
        lengths.append(bytes.count - start)
        return lengths
    }

    /// The byte length of the YAML line break at `index` (`\r\n` counts as one), or 0.
    private static func yamlBreakWidth(_ bytes: [UInt8], at index: Int) -> Int {
        func byte(_ offset: Int) -> UInt8? { index + offset < bytes.count ? bytes[index + offset] : nil }
        switch bytes[index] {
        case 0x0A: return 1
        case 0x0D: return byte(1) == 0x0A ? 2 : 1
        case 0xC2 where byte(1) == 0x85: return 2
        case 0xE2 where byte(1) == 0x80 && (byte(2) == 0xA8 || byte(2) == 0xA9): return 3
        default: return 0
        }
    }
}

extension Diagnostic {
    /// A reason this diagnostic is malformed for the given input files, or nil when it is well-formed.
    func malformation(in files: [String: PositionBounds]) -> String? {
        guard let bounds = files[file] else { return "names a file that was not loaded: \(self)" }
        guard line >= 1, column >= 1 else { return "has a position below 1:1: \(self)" }
        guard bounds.contains(line: line, column: column) else { return "points outside its file: \(self)" }
        guard !message.isEmpty else { return "has an empty message: \(self)" }
        return nil
    }
}
