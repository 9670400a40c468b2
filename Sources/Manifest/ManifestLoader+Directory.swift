import Foundation

// MARK: - Reading from disk

extension ManifestLoader {
    /// Loads every manifest under `paths`: a directory contributes its `*.yaml`/`*.yml` files, recursively
    /// (hidden entries skipped), a file itself. Paths in diagnostics are `directory/relative/path`.
    ///
    /// Throws ``ManifestReadError`` when a path is missing or unreadable; manifest problems are diagnostics.
    public static func load(paths: [String]) throws -> ManifestSet {
        var files: [ManifestFile] = []
        for path in paths {
            files += try readFiles(at: path)
        }
        return load(files: files)
    }

    /// Loads every manifest in `directory` (see ``load(paths:)``).
    public static func load(directory: String) throws -> ManifestSet {
        try load(paths: [directory])
    }

    /// Reads the manifest files at `path` (a file, or a directory searched recursively), sorted by path.
    public static func readFiles(at path: String) throws -> [ManifestFile] {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ManifestReadError.notFound(path)
        }
        guard isDirectory.boolValue else {
            return [try read(path)]
        }
        guard let enumerator = manager.enumerator(atPath: path) else { throw ManifestReadError.unreadable(path) }
        var relativePaths: [String] = []
        while let relative = enumerator.nextObject() as? String {
            if relative.split(separator: "/").last?.hasPrefix(".") == true {
                enumerator.skipDescendants()
                continue
            }
            if ManifestFile.isManifestPath(relative) { relativePaths.append(relative) }
        }
        let base = path == "." ? "" : (path.hasSuffix("/") ? path : path + "/")
        return try relativePaths.sorted().compactMap { relative in
            let full = base + relative
            var isSubdirectory: ObjCBool = false
            guard manager.fileExists(atPath: full, isDirectory: &isSubdirectory), !isSubdirectory.boolValue else {
                return nil
            }
            return try read(full)
        }
    }

    /// Reads at most one byte more than a manifest may have: enough for the loader to reject a huge file.
    private static func read(_ path: String) throws -> ManifestFile {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw ManifestReadError.unreadable(path) }
        defer { try? handle.close() }
        do {
            let data = try handle.read(upToCount: YAMLDocument.maxBytes + 1) ?? Data()
            return ManifestFile(path: path, contents: Array(data))
        } catch {
            throw ManifestReadError.unreadable(path)
        }
    }
}

/// A manifest path that could not be read.
public struct ManifestReadError: Error, Sendable, Equatable, CustomStringConvertible {
    private enum Code: Sendable, Equatable {
        case notFound
        case unreadable
    }

    private let code: Code
    /// The path that failed.
    public let path: String

    private init(_ code: Code, _ path: String) {
        self.code = code
        self.path = path
    }

    static func notFound(_ path: String) -> ManifestReadError { ManifestReadError(.notFound, path) }
    static func unreadable(_ path: String) -> ManifestReadError { ManifestReadError(.unreadable, path) }

    /// `path: no such file or directory` or `path: cannot read`.
    public var description: String {
        switch code {
        case .notFound: "\(path): no such file or directory"
        case .unreadable: "\(path): cannot read"
        }
    }
}
