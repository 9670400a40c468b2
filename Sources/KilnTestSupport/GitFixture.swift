import Foundation

/// A temporary directory of git repositories made with the git command-line tool; deleted when released.
///
/// ```swift
/// let fixture = try GitFixture()
/// let origin = try fixture.makeBareRepository("origin.git")
/// let work = try fixture.clone(origin, as: "work")
/// let sha = try work.commit(["manifests/web.yaml": "spec: {}\n"], message: "Add web")
/// try work.git("push", "origin", "main")
/// ```
public final class GitFixture: Sendable {
    /// The fixture's directory; every repository is a direct child of it.
    public let directory: String

    /// Creates an empty temporary directory.
    public init() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("kiln-fixture-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        directory = url.resolvingSymlinksInPath().path
    }

    deinit {
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// The absolute path of `name` inside the fixture (which need not exist).
    public func path(_ name: String) -> String {
        directory + "/" + name
    }

    /// Makes a repository with a working tree, whose unborn first branch is `branch`.
    public func makeRepository(_ name: String, branch: String = "main") throws -> Repository {
        try GitCommand.run(["init", "-q", "--initial-branch=\(branch)", path(name)], in: directory)
        return Repository(path: path(name), isBare: false, owner: self)
    }

    /// Makes an empty bare repository that also accepts pushes through `git daemon`.
    public func makeBareRepository(_ name: String, branch: String = "main") throws -> Repository {
        try GitCommand.run(["init", "-q", "--bare", "--initial-branch=\(branch)", path(name)], in: directory)
        let repository = Repository(path: path(name), isBare: true, owner: self)
        try repository.git("config", "daemon.receivepack", "true")
        return repository
    }

    /// Clones `source` (bare if asked) into `name`, with `origin` pointing at it.
    public func clone(_ source: Repository, as name: String, bare: Bool = false) throws -> Repository {
        try GitCommand.run(["clone", "-q"] + (bare ? ["--bare"] : []) + [source.path, path(name)], in: directory)
        return Repository(path: path(name), isBare: bare, owner: self)
    }
}

// MARK: - Repository

extension GitFixture {
    /// One repository of a fixture, driven with the git command-line tool.
    ///
    /// Keeps its fixture (and so the temporary directory) alive while the value exists.
    public struct Repository: Sendable {
        /// The repository's absolute path (its working tree, or the repository itself when bare).
        public let path: String
        /// Whether it has no working tree.
        public let isBare: Bool
        private let owner: GitFixture?

        /// Wraps an existing repository (e.g. one made by the code under test) to inspect it with the CLI.
        public init(path: String, isBare: Bool) {
            self.init(path: path, isBare: isBare, owner: nil)
        }

        init(path: String, isBare: Bool, owner: GitFixture?) {
            self.path = path
            self.isBare = isBare
            self.owner = owner
        }

        /// The repository as a `file://` URL.
        public var fileURL: String { "file://" + path }

        /// Runs `git arguments…` in the repository and returns standard output without trailing newlines.
        @discardableResult
        public func git(_ arguments: String...) throws -> String {
            try GitCommand.run(arguments, in: path)
        }

        /// Runs git with extra environment variables (e.g. `GIT_AUTHOR_DATE`).
        @discardableResult
        public func git(_ arguments: [String], environment: [String: String] = [:]) throws -> String {
            try GitCommand.run(arguments, in: path, environment: environment)
        }

        /// Writes `files` (paths relative to the root), deletes `removing`, commits everything and returns the id.
        ///
        /// Author and committer dates are fixed: `date` (seconds since 1970, UTC) or, by default, a minute after
        /// the previous commit counted from 2023-11-14, so ids are the same on every run.
        @discardableResult
        public func commit(
            _ files: [String: String], removing: [String] = [], message: String = "Update", date: Int? = nil
        ) throws -> String {
            try write(files)
            if !removing.isEmpty {
                try git(["rm", "-q", "-r", "--"] + removing)
            }
            try git("add", "--all")
            let count = (try? git("rev-list", "--count", "HEAD")).flatMap { Int($0) } ?? 0
            let stamp = "\(date ?? 1_700_000_000 + 60 * count) +0000"
            try git(
                ["commit", "-q", "--allow-empty", "-m", message],
                environment: ["GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp]
            )
            return try git("rev-parse", "HEAD")
        }

        /// Writes `files` (paths relative to the root, directories made as needed) into the working tree.
        public func write(_ files: [String: String]) throws {
            for (file, contents) in files {
                let url = URL(fileURLWithPath: path).appendingPathComponent(file)
                try FileManager.default.createDirectory(
                    at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(contents.utf8).write(to: url)
            }
        }

        /// Creates (or moves) branch `name` to `revision`.
        public func branch(_ name: String, at revision: String = "HEAD") throws {
            try git("branch", "-f", name, revision)
        }

        /// Creates tag `name` at `revision`: annotated when a message is given, lightweight otherwise.
        public func tag(_ name: String, at revision: String = "HEAD", message: String? = nil) throws {
            if let message {
                try git(
                    ["tag", "-a", name, "-m", message, revision],
                    environment: ["GIT_COMMITTER_DATE": "1700000000 +0000"]
                )
            } else {
                try git("tag", name, revision)
            }
        }

        /// The full id `revision` names.
        public func revParse(_ revision: String) throws -> String {
            try git("rev-parse", "--verify", "--quiet", revision)
        }
    }
}
