import ArgumentParser
import Controller
import Foundation
import Logging
import Redaction

/// `kiln plan`: what one cycle would do, changing nothing.
struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show what Kiln would bake, roll out and prune, changing nothing.",
        discussion: """
            Reads the manifests at a commit (without a checkout), observes AWS in every region they mention and \
            prints the plan: each action with its reason, what the manifests name that AWS lacks, and any \
            problem. Exit status: 0 (no changes, or changes without --detailed-exitcode), 2 (changes, with \
            --detailed-exitcode), 1 (invalid manifests, AWS could not be observed), 74 (the repository could not \
            be read), 64 (usage).
            """)

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case text, json, markdown
    }

    @OptionGroup var source: SourceOptions
    @OptionGroup var aws: AWSOptions
    @OptionGroup var logging: LoggingOptions
    @OptionGroup var guardrailOptions: GuardrailOptions

    @Option(help: "Output: text, json (one document), or markdown (a pull-request comment).")
    var output: OutputFormat = .text

    @Flag(help: "Exit with 2 when the plan has changes (0 when it has none, 1 on errors).")
    var detailedExitcode = false

    func run() async throws {
        let logger = logging.makeLogger(
            label: "kiln.plan", stream: .standardError, defaultFormat: .json, defaultLevel: .error)
        let configuration = try guardrailOptions.checked(command: "plan")
        let setup: CycleSetup
        do {
            setup = try CycleSetup(
                source: source, aws: aws, logger: logger, guardrails: configuration.guardrails,
                prices: configuration.pricing, accounts: configuration.accounts)
        } catch {
            FileHandle.standardError.write(Data(Redaction.redact("kiln plan: error: \(error)\n").utf8))
            throw KilnExitCode.failure
        }
        let report = await setup.cycle.run(.plan)
        await setup.shutdown()
        switch output {
        case .text: FileHandle.standardOutput.write(Data(report.planText.utf8))
        case .markdown: FileHandle.standardOutput.write(Data(report.planMarkdown.utf8))
        case .json: FileHandle.standardOutput.write(try report.planJSON() + Data("\n".utf8))
        }
        report.printRefusedSource(command: "plan")
        let code = report.planExitCode(detailed: detailedExitcode)
        if code != KilnExitCode.success { throw code }
    }
}
