import Foundation

// MARK: - The status page's parts

/// What the status page routes need: where to read, who may read.
public struct StatusPage: Sendable {
    public let reader: StatusPageReader
    public let auth: StatusPageAuth

    /// Creates the page's parts.
    public init(reader: StatusPageReader, auth: StatusPageAuth) {
        self.reader = reader
        self.auth = auth
    }
}
