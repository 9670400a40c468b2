import ArgumentParser
import Controller
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
            KilnLogHandler(
                label: label, format: format == .json ? .json : .text, level: level, write: { stream.write($0) })
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
