import Foundation

/// A repository's object directory seen as files: its packs, their indexes and its loose objects, listed, read,
/// made durable and removed without libgit2 (which has no call for any of this).
struct PackDirectory {
    /// One pack: `pack-<name>.pack` with its `pack-<name>.idx`.
    struct Pack: Hashable {
        /// The file name without extension, `pack-<hex>`.
        let name: String
        /// Whether a `.keep` file protects it from removal.
        let kept: Bool
        /// When its index was written.
        let modified: Date
    }

    /// One loose object file, `objects/ab/cdef…`.
    struct LooseObject: Hashable {
        let id: ObjectID
        let path: String
        let modified: Date
    }

    /// The `objects` directory.
    let objects: String

    /// The repository whose git directory is `gitDirectory` (ending in `/` or not).
    init(gitDirectory: String) {
        objects = URL(fileURLWithPath: gitDirectory).appendingPathComponent("objects").path
    }

    var packs: String { objects + "/pack" }

    /// Files that belong to a pack besides the index, removed after it (the index goes first, so no reader finds an
    /// index whose pack is gone).
    private static let companions = [".pack", ".rev", ".bitmap", ".mtimes", ".promisor"]

    // MARK: - Listing

    /// Every complete pack: an index with its pack beside it (a pack still being written has no index yet).
    func list() throws(GitError) -> [Pack] {
        let names = try contents(of: packs)
        let files = Set(names)
        var found: [Pack] = []
        for index in names.sorted() where index.hasPrefix("pack-") && index.hasSuffix(".idx") {
            let name = String(index.dropLast(".idx".count))
            guard files.contains(name + ".pack") else { continue }
            found.append(
                Pack(name: name, kept: files.contains(name + ".keep"), modified: try modified(packs + "/" + index)))
        }
        return found
    }

    /// Every loose object file.
    func looseObjects() throws(GitError) -> [LooseObject] {
        var found: [LooseObject] = []
        for fanout in try contents(of: objects) where fanout.count == 2 && fanout.allSatisfy(\.isHexDigit) {
            let directory = objects + "/" + fanout
            for rest in try contents(of: directory) {
                guard rest.count == 38, let id = ObjectID(hex: fanout + rest) else { continue }
                let path = directory + "/" + rest
                found.append(LooseObject(id: id, path: path, modified: try modified(path)))
            }
        }
        return found
    }

    // MARK: - Indexes

    /// The ids a pack's index lists (index format version 2, the one git and libgit2 write).
    func objectIDs(in pack: String) throws(GitError) -> [ObjectID] {
        let path = packs + "/" + pack + ".idx"
        let operation = "read pack index \(path)"
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw GitError(.other, operation: operation, message: "\(error)")
        }
        let bytes = [UInt8](data)
        let header = 8 + 256 * 4
        guard bytes.count >= header, bytes[0..<8] == [0xff, 0x74, 0x4f, 0x63, 0, 0, 0, 2] else {
            throw GitError(.other, operation: operation, message: "not a version 2 pack index")
        }
        let count = bytes[(header - 4)..<header].reduce(0) { $0 << 8 | Int($1) }
        guard bytes.count >= header + count * 20 else {
            throw GitError(.other, operation: operation, message: "the index is cut short")
        }
        return (0..<count).map { ObjectID(bytes: Array(bytes[(header + $0 * 20)..<(header + $0 * 20 + 20)])) }
    }

    // MARK: - Writing and removing

    /// Flushes a pack, its index and the directory naming them to stable storage.
    func synchronize(_ pack: String) throws(GitError) {
        for path in [packs + "/" + pack + ".pack", packs + "/" + pack + ".idx", packs] {
            let descriptor = open(path, O_RDONLY)
            guard descriptor >= 0 else {
                throw GitError(.other, operation: "flush \(path)", message: String(cString: strerror(errno)))
            }
            defer { close(descriptor) }
            guard fsync(descriptor) == 0 else {
                throw GitError(.other, operation: "flush \(path)", message: String(cString: strerror(errno)))
            }
        }
    }

    /// Removes a pack: its index first, then the pack and whatever else bears its name. Refuses a kept pack.
    func remove(_ pack: Pack) throws(GitError) {
        guard !pack.kept else {
            throw GitError(.invalidArgument, operation: "remove \(pack.name)", message: "the pack is kept (.keep)")
        }
        try remove(packs + "/" + pack.name + ".idx")
        for suffix in Self.companions {
            try remove(packs + "/" + pack.name + suffix)
        }
    }

    /// Removes a loose object file, and its fan-out directory once empty.
    func remove(_ object: LooseObject) throws(GitError) {
        try remove(object.path)
        let directory = (object.path as NSString).deletingLastPathComponent
        if (try? FileManager.default.contentsOfDirectory(atPath: directory).isEmpty) == true {
            try? FileManager.default.removeItem(atPath: directory)
        }
    }

    // MARK: - Files

    private func remove(_ path: String) throws(GitError) {
        guard unlink(path) == 0 || errno == ENOENT else {
            throw GitError(.other, operation: "remove \(path)", message: String(cString: strerror(errno)))
        }
    }

    private func contents(of directory: String) throws(GitError) -> [String] {
        do {
            return try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch let error as CocoaError where error.code == .fileReadNoSuchFile {
            return []
        } catch {
            throw GitError(.other, operation: "list \(directory)", message: "\(error)")
        }
    }

    private func modified(_ path: String) throws(GitError) -> Date {
        do {
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            return attributes[.modificationDate] as? Date ?? .distantFuture  // unknown age: counted as new
        } catch {
            throw GitError(.other, operation: "read the date of \(path)", message: "\(error)")
        }
    }
}
