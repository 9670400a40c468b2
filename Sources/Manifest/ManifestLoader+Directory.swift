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
        return try relativePaths.sorted().compactMap { relative in try readIfFile(base + relative) }
    }

    /// Reads at most one byte more than a manifest may have: enough for the loader to reject a huge file.
    private static func read(_ path: String) throws -> ManifestFile {
        guard let file = try readIfFile(path) else { throw ManifestReadError.unreadable(path) }
        return file
    }

    /// The file at `path` (following symbolic links), or nil when it is a directory.
    ///
    /// One `open`, `fstat` and as many `read`s as the size needs, into one buffer: `FileManager` and `FileHandle`
    /// cost a `stat`, bridged path strings and a `Data` copy per file, a tenth of loading 5,000 manifests.
    private static func readIfFile(_ path: String) throws -> ManifestFile? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            if errno == ENOENT { return nil }
            throw ManifestReadError.unreadable(path)
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw ManifestReadError.unreadable(path) }
        if (status.st_mode & S_IFMT) == S_IFDIR { return nil }
        let limit = YAMLDocument.maxBytes + 1
        var contents = [UInt8](repeating: 0, count: min(max(Int(status.st_size), 0), limit))
        var count = 0
        while true {
            if count == contents.count {
                guard count < limit else { break }
                contents.append(contentsOf: repeatElement(0, count: min(max(count, 4_096), limit - count)))
            }
            let got = contents.withUnsafeMutableBytes { buffer in
                readBytes(descriptor, buffer.baseAddress.map { $0 + count }, buffer.count - count)
            }
            if got < 0, errno == EINTR { continue }
            guard got >= 0 else { throw ManifestReadError.unreadable(path) }
            if got == 0 { break }
            count += got
        }
        contents.removeLast(contents.count - count)
        return ManifestFile(path: path, contents: contents)
    }
}

/// `read(2)` (inside `ManifestLoader` the name is its own method's).
private func readBytes(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(descriptor, buffer, count)
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
