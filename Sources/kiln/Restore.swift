import AWS
import ArgumentParser
import Controller
import Foundation
import Logging
import Planner
import Redaction

/// `kiln restore IMAGE VERSION`: re-enable a version staged retirement disabled.
struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Re-enable a disabled version of an image in every region it exists.",
        discussion: """
            Looks for the version's AMIs in the image's build and distribute regions (read from the manifests at \
            a commit) and in every --region, and calls EnableImage on each disabled one that Kiln made (by its \
            name, tags and account; any other AMI is refused and left alone). Pin the version in \
            spec.retention.pinned, or retention disables it again on the next cycle. Exit status: 0 (restored, \
            or nothing was disabled), 1 (no AMI of the version found, an AMI refused, or AWS failed), 74 (the \
            repository could not be read), 64 (usage).
            """)

    @Argument(help: "The image's metadata.name.")
    var image: String

    @Argument(help: "The version to re-enable, e.g. 1.4.2.")
    var version: String

    @OptionGroup var source: SourceOptions
    @OptionGroup var aws: AWSOptions
    @OptionGroup var logging: LoggingOptions

    func validate() throws {
        guard Planner.SemanticVersion(version) != nil else {
            throw ValidationError("'\(version)' is not a semantic version")
        }
    }

    func run() async throws {
        let logger = logging.makeLogger(
            label: "kiln.restore", stream: .standardError, defaultFormat: .text, defaultLevel: .warning)
        guard let parsed = Planner.SemanticVersion(version) else { throw KilnExitCode.usage }
        let restore = VersionRestore(image: image, version: parsed, owner: source.resolvedOwner)
        let result: VersionRestore.Result
        let client: AWSClient
        do {
            client = try aws.makeClient(logger: logger)
        } catch {
            FileHandle.standardError.write(Data(Redaction.redact("kiln restore: error: \(error)\n").utf8))
            throw KilnExitCode.failure
        }
        do {
            result = try await restore.run(
                source: source.source, extraRegions: Set(aws.extraRegions), client: client, logger: logger)
            try? await client.shutdown()
        } catch {
            try? await client.shutdown()
            FileHandle.standardError.write(Data(Redaction.redact("kiln restore: error: \(error)\n").utf8))
            throw KilnExitCode.failure
        }
        print(Self.text(result, image: image, version: version), terminator: "")
        let refused = result.lines.contains { if case .refused = $0.status { true } else { false } }
        if result.lines.isEmpty || refused { throw KilnExitCode.failure }
    }

    /// The report: one line per AMI, then how to keep the version.
    static func text(_ result: VersionRestore.Result, image: String, version: String) -> String {
        guard !result.lines.isEmpty else {
            let regions =
                result.regions.isEmpty
                ? "no region (name one with --region)"
                : result.regions.joined(
                    separator: ", ")
            return "kiln restore: no AMI of \(image) \(version) found in \(regions)\n"
        }
        var text = ""
        for line in result.lines {
            switch line.status {
            case .restored: text += "re-enabled \(line.imageId) in \(line.region)\n"
            case .notDisabled: text += "\(line.imageId) in \(line.region) is not disabled\n"
            case .refused(let reason): text += "refused \(line.imageId) in \(line.region): \(reason)\n"
            }
        }
        let file = result.manifestFile.map { " in \($0)" } ?? ""
        text +=
            "Pin it, or retention disables it again on the next cycle: add \"\(version)\" to "
            + "spec.retention.pinned\(file).\n"
        return text
    }
}
