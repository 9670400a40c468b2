import Foundation
import Logging
import Redaction
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

// MARK: - Log lines

/// The swift-log handler of the daemon and of the CLI, writing one line per event (to standard error unless told
/// otherwise): a JSON object (`time`, `level`, `label`, `message`, then the metadata: `image`, `version`, `ami`,
/// `region`, `request`, …; a metadata key that clashes with those four is written as `metadata.<key>`) when
/// standard error is not a terminal, readable `time level label: message key=value` lines when it is.
///
/// Messages and metadata pass through `Redaction` first, a safety net: Kiln never logs a credential.
public struct KilnLogHandler: LogHandler {
    /// The line format.
    public enum Format: Sendable, Equatable {
        case json, text

        /// JSON unless standard error is a terminal.
        public static var automatic: Format { isatty(2) == 1 ? .text : .json }
    }

    public let label: String
    public let format: Format
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    let write: @Sendable (String) -> Void

    /// A handler for `label`; `write` receives each line (default: standard error).
    public init(
        label: String, format: Format = .automatic, level: Logger.Level = .info,
        write: @escaping @Sendable (String) -> Void = KilnLogHandler.standardError
    ) {
        self.label = label
        self.format = format
        self.logLevel = level
        self.write = write
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        let time = Date().formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
        let message = Redaction.redact(event.message.description)
        switch format {
        case .json:
            var object: [String: Any] = [
                "time": time, "level": event.level.rawValue, "label": label, "message": message,
            ]
            for (key, value) in merged {
                object[object[key] == nil ? key : "metadata.\(key)"] = Self.plain(value)
            }
            let options: JSONSerialization.WritingOptions = [.sortedKeys, .withoutEscapingSlashes]
            guard let data = try? JSONSerialization.data(withJSONObject: object, options: options) else { return }
            write(String(decoding: data, as: UTF8.self))
        case .text:
            let pairs = merged.sorted { $0.key < $1.key }.map { "\($0.key)=\(Self.plain($0.value))" }
            write(([time, event.level.rawValue, "\(label):", message] + pairs).joined(separator: " "))
        }
    }

    private static func plain(_ value: Logger.MetadataValue) -> Any {
        switch value {
        case .string(let text): Redaction.redact(text)
        case .stringConvertible(let convertible): Redaction.redact(convertible.description)
        case .array(let values): values.map(plain)
        case .dictionary(let values): values.mapValues(plain)
        }
    }

    // MARK: - Standard error

    private static let lock = Mutex(())

    /// Writes one whole line to standard error.
    public static let standardError: @Sendable (String) -> Void = { line in
        lock.withLock { _ in FileHandle.standardError.write(Data((line + "\n").utf8)) }
    }
}
