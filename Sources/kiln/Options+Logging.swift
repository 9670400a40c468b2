import ArgumentParser
import Foundation
import Logging
import Synchronization

/// Where logs go: JSON lines (one object per line: time, level, label, message, metadata) or plain text.
struct LoggingOptions: ParsableArguments {
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case json, text
    }

    @Option(help: "The lowest level logged: trace, debug, info, notice, warning, error, critical.")
    var logLevel: Logger.Level?

    @Option(help: "The log format: json (one object per line) or text.")
    var logFormat: Format?

    /// A logger writing to `stream` in the chosen format, at the chosen level or `defaultLevel`.
    func makeLogger(
        label: String, stream: LogStream, defaultFormat: Format, defaultLevel: Logger.Level
    ) -> Logger {
        let format = logFormat ?? defaultFormat
        let level = logLevel ?? defaultLevel
        return Logger(label: label) { label in
            var handler = LineLogHandler(label: label, stream: stream, json: format == .json)
            handler.logLevel = level
            return handler
        }
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}

/// Standard output or standard error, written one whole line at a time.
enum LogStream: Sendable {
    case standardOutput, standardError

    private static let lock = Mutex(())

    func write(_ line: String) {
        Self.lock.withLock { _ in
            let handle = self == .standardOutput ? FileHandle.standardOutput : FileHandle.standardError
            handle.write(Data((line + "\n").utf8))
        }
    }

    /// Whether the stream is a terminal.
    var isTerminal: Bool { isatty(self == .standardOutput ? 1 : 2) == 1 }
}

/// Writes each log event as one line: a JSON object, or `time level label: message key=value …`.
struct LineLogHandler: LogHandler {
    let label: String
    let stream: LogStream
    let json: Bool
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        let time = Date().formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
        if json {
            var object: [String: Any] = [
                "time": time, "level": event.level.rawValue, "label": label, "message": event.message.description,
            ]
            for (key, value) in merged {
                object[object[key] == nil ? key : "metadata.\(key)"] = Self.plain(value)
            }
            let options: JSONSerialization.WritingOptions = [.sortedKeys, .withoutEscapingSlashes]
            guard let data = try? JSONSerialization.data(withJSONObject: object, options: options) else { return }
            stream.write(String(decoding: data, as: UTF8.self))
        } else {
            let pairs = merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            stream.write(
                "\(time) \(event.level.rawValue) \(label): \(event.message)" + (pairs.isEmpty ? "" : " " + pairs))
        }
    }

    private static func plain(_ value: Logger.MetadataValue) -> Any {
        switch value {
        case .string(let text): text
        case .stringConvertible(let convertible): convertible.description
        case .array(let values): values.map(plain)
        case .dictionary(let values): values.mapValues(plain)
        }
    }
}
