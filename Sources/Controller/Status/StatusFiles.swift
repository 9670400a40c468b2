import Foundation

// MARK: - The status directory of one cycle

/// The files of the status directory, and the commit message that names what changed.
public struct StatusFiles: Sendable, Equatable {
    /// Paths from the repository root (`status/web.yaml`, `status/README.md`) and their bytes.
    public var files: [String: Data]
    /// The documents, by image.
    public var documents: [String: StatusDocument]

    /// Renders the files for `documents` below `directory`; with a `cache`, documents equal to the last ones
    /// rendered are not rendered again.
    public init(documents: [String: StatusDocument], directory: String, cache: StatusCache? = nil) throws {
        let prefix = directory.split(separator: "/").joined(separator: "/") + "/"
        var files: [String: Data] = [:]
        for (image, document) in documents {
            files[prefix + image + ".yaml"] = try cache?.yaml(document) ?? document.yaml()
        }
        cache?.keepRenderings(of: Set(documents.values.map(\.image)))
        files[prefix + "README.md"] = Data(StatusReadme.render(Array(documents.values)).utf8)
        self.files = files
        self.documents = documents
    }

    /// The images whose document differs from `previous` (added, changed or removed), sorted.
    public func changedImages(since previous: [String: StatusDocument]) -> [String] {
        Set(documents.keys).union(previous.keys).filter { documents[$0] != previous[$0] }.sorted()
    }

    /// `status: web 1.4.2 Ready in us-east-1, eu-west-1`, or a summary line and one line per image.
    public func commitMessage(since previous: [String: StatusDocument]) -> String {
        let lines = changedImages(since: previous).map { image in
            documents[image].map(Self.line) ?? "\(image) no longer managed"
        }
        guard !lines.isEmpty else { return "status: refresh" }
        if lines.count == 1 { return "status: " + lines[0] }
        let joined = "status: " + lines.joined(separator: "; ")
        if joined.count <= 100 { return joined }
        return "status: \(lines.count) images changed\n\n" + lines.map { "- " + $0 }.joined(separator: "\n")
    }

    /// `web 1.4.2 Ready in us-east-1, eu-west-1` (regions where the desired version is available).
    static func line(_ document: StatusDocument) -> String {
        var text = document.image
        if let version = document.desiredVersion { text += " " + version }
        text += " " + document.state
        let regions =
            document.versions.first { $0.version == document.desiredVersion }?.regions
            .filter { $0.state == "available" }.map(\.region) ?? []
        if !regions.isEmpty { text += " in " + regions.joined(separator: ", ") }
        return text
    }
}
