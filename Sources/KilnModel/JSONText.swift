// MARK: - JSON string literals

/// JSON text written by hand where the exact bytes matter (the recipe's canonical text, IAM policy documents).
public enum JSONText {
    /// `value` as a JSON string literal: `"` and `\` escaped, `\n`, `\r` and `\t` as such, and every other
    /// control character (and DEL) as `\u00XX`; everything else as written.
    public static func quoted(_ value: String) -> String {
        var quoted = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": quoted += "\\\""
            case "\\": quoted += "\\\\"
            case "\n": quoted += "\\n"
            case "\r": quoted += "\\r"
            case "\t": quoted += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                let hex = String(scalar.value, radix: 16)
                quoted += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: quoted.unicodeScalars.append(scalar)
            }
        }
        return quoted + "\""
    }
}
