import ArgumentParser
import Controller
import Foundation
import Logging
import Manifest
import Redaction

/// `kiln apply`: run reconcile cycles (one by default) against AWS.
struct ApplyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Bake, roll out and prune: one reconcile cycle, or cycles until converged with --wait.",
        discussion: """
            Each cycle reads the manifests at a commit, observes AWS, plans and carries the plan out. A bake \
            advances one phase per cycle; with --wait, cycles repeat every --interval until nothing is left to \
            do. On a terminal, progress lines show each cycle; otherwise logs are JSON lines on standard output. \
            Exit status: 0 (done / converged), 1 (an action failed, something needs a person, or AWS could not \
            be observed), 3 (--timeout passed first), 74 (the repository could not be read), 64 (usage).
            """)

    @OptionGroup var source: SourceOptions
    @OptionGroup var aws: AWSOptions
    @OptionGroup var logging: LoggingOptions
    @OptionGroup var guardrailOptions: GuardrailOptions

    @Flag(help: "Repeat cycles until converged (or stuck on something that needs a person).")
    var wait = false

    @Option(help: "With --wait: give up after this long (e.g. 90m, 2h).")
    var timeout: ManifestDuration?

    @Option(help: "With --wait: the pause between cycles (e.g. 30s, 1m).")
    var interval: ManifestDuration = ManifestDuration(seconds: 30)

    @Option(help: "At most this many bakes have a builder at once.")
    var maxConcurrentBakes = 2

    func validate() throws {
        if timeout != nil, !wait { throw ValidationError("--timeout needs --wait") }
        guard maxConcurrentBakes >= 1 else { throw ValidationError("--max-concurrent-bakes must be at least 1") }
    }

    func run() async throws {
        let terminal = LogStream.standardOutput.isTerminal
        let logger = logging.makeLogger(
            label: "kiln.apply", stream: terminal ? .standardError : .standardOutput,
            defaultFormat: terminal ? .text : .json, defaultLevel: terminal ? .warning : .info)
        let configuration = try guardrailOptions.checked(command: "apply")
        let setup: CycleSetup
        do {
            setup = try CycleSetup(
                source: source, aws: aws, logger: logger,
                planner: PlannerSettings(maxConcurrentBakes: maxConcurrentBakes), guardrails: configuration.guardrails,
                prices: configuration.pricing, accounts: configuration.accounts)
        } catch {
            FileHandle.standardError.write(Data(Redaction.redact("kiln apply: error: \(error)\n").utf8))
            throw KilnExitCode.failure
        }
        let progress = ApplyProgress(enabled: terminal, owner: source.resolvedOwner)
        let code: ExitCode
        if wait {
            let result = await setup.cycle.applyUntilConverged(
                timeout: timeout?.duration, interval: interval.duration
            ) { report, number, elapsed in
                progress.cycle(report, number: number, elapsed: elapsed)
            }
            progress.finished(result)
            result.last.printRefusedSource(command: "apply")
            code = result.exitCode
        } else {
            let report = await setup.cycle.run(.apply)
            progress.cycle(report, number: 1, elapsed: report.finishedAt.timeIntervalSince(report.startedAt))
            report.printRefusedSource(command: "apply")
            code = report.applyExitCode
        }
        await setup.shutdown()
        if code != KilnExitCode.success { throw code }
    }
}

extension ConvergenceResult {
    /// 0 converged (1 if something still needs a person), 1 stuck or cancelled, 3 timed out.
    var exitCode: ExitCode {
        switch ending {
        case .converged:
            last.stalled.isEmpty && last.readingProblems.isEmpty ? KilnExitCode.success : KilnExitCode.failure
        case .stuck, .cancelled: last.planned ? KilnExitCode.failure : last.applyExitCode
        case .timedOut: KilnExitCode.timedOut
        }
    }
}

extension ManifestDuration: ExpressibleByArgument {
    /// `45m`, `1h30m`, `90s`.
    public init?(argument: String) {
        self.init(argument)
    }
}
