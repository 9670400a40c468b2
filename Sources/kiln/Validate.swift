import ArgumentParser
import Foundation
import Git
import Manifest
import Redaction

/// `kiln validate`: check manifests and report every problem with its file, line and column.
struct Validate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Validate image manifests.",
        discussion: """
            Reads manifests (*.yaml, *.yml) from files and directories, or from a git repository without a \
            checkout, and prints every problem as path:line:col: error: message. Exit status: 0 when all \
            manifests are valid, 1 when any is invalid, 64 for usage errors, 74 when a path or repository \
            cannot be read or shellcheck is missing.
            """
    )

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case text
        case json
    }

    @Argument(help: "Manifest files or directories (default: manifests).")
    var paths: [String] = []

    @Option(help: "Read manifests from this git repository (a path or URL) instead of the working tree.")
    var repo: String?

    @Option(
        help: "With --repo: the revision of a local repository (default: HEAD) or the branch of a URL (default: main).")
    var ref: String?

    @Option(name: .customLong("path"), help: "The manifest directory inside the repository (default: manifests).")
    var repoPath: String?

    @OptionGroup var signatures: SignatureOptions

    @Option(help: "Output format: text (diagnostics on stderr) or json (a document on stdout).")
    var output: OutputFormat = .text

    @Flag(help: "Run shellcheck on every run: step and report its findings at manifest positions.")
    var shellcheck = false

    @OptionGroup var guardrailOptions: GuardrailOptions

    @OptionGroup var transfer: GitTransferOptions

    func validate() throws {
        if repo == nil, ref != nil || repoPath != nil || signatures.policy != nil {
            throw ValidationError("--ref, --path, --allowed-signers and --gpg-keyring need --repo")
        }
        if repo != nil, !paths.isEmpty {
            throw ValidationError("give either manifest paths or --repo, not both")
        }
        for path in paths where Self.isRegularFile(path) && !(path.hasSuffix(".yaml") || path.hasSuffix(".yml")) {
            throw ValidationError("'\(path)' is not a manifest file (expected a .yaml or .yml file)")
        }
    }

    func run() async throws {
        let guardrails = try guardrailOptions.guardrails(command: "validate")
        let set: ManifestSet
        var diagnostics: [Diagnostic]
        do {
            set = try await loadManifests().checked(against: guardrails)
            diagnostics = set.diagnostics
            if shellcheck {
                diagnostics = Diagnostic.sorted(diagnostics + (try ShellCheck.locate().check(set.images)))
            }
        } catch {
            FileHandle.standardError.write(Data(Redaction.redact("kiln validate: error: \(error)\n").utf8))
            throw error.refused ? KilnExitCode.failure : KilnExitCode.ioError
        }
        let report = ValidationReport(set: set, diagnostics: diagnostics)
        switch output {
        case .text: report.printText()
        case .json: try report.printJSON()
        }
        if !report.isValid { throw KilnExitCode.invalidManifests }
    }

    /// Reads the manifests from the paths given (or `manifests`), or from the repository.
    private func loadManifests() async throws(ValidateIOError) -> ManifestSet {
        if let repo {
            let source = RepositorySource(
                location: repo, ref: ref, directory: repoPath ?? "manifests", transfer: transfer.settings,
                signatures: signatures.policy)
            let files = try await source.read()
            return ManifestLoader.load(files: files)
        }
        do {
            return try ManifestLoader.load(paths: paths.isEmpty ? ["manifests"] : paths)
        } catch {
            throw ValidateIOError(String(describing: error))
        }
    }

    private static func isRegularFile(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
    }
}

/// A failure to read input (a path, a repository) or to run a tool: exit status 74.
struct ValidateIOError: Error, CustomStringConvertible {
    let description: String
    /// The repository was read, and its manifest commit's signature refused: exit status 1.
    var refused = false

    init(_ description: String, refused: Bool = false) {
        self.description = description
        self.refused = refused
    }
}
