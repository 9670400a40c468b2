import ArgumentParser
import Controller
import Foundation
import Manifest

/// `--config FILE`: the daemon's configuration, read by `validate`, `plan` and `apply` for its `guardrails:`
/// section (and `KILN_GUARDRAILS_…` variables), so pull-request CI judges manifests as the daemon will, and by
/// `iam-policy` for the guardrails, owner, lease table, topics and accounts its policy grants.
struct GuardrailOptions: ParsableArguments {
    @Option(
        help: "The daemon's YAML configuration: its guardrails (iam-policy: also its owner, lease table, accounts).")
    var config: String?

    /// The configuration file and environment, without the daemon's checks of the whole.
    func configuration() throws(ConfigError) -> DaemonConfiguration {
        try DaemonConfiguration.read(file: config, environment: ProcessInfo.processInfo.environment)
    }

    /// The guardrails in force; a bad configuration is printed (`file:line:col: error: …`) and is a usage error.
    func guardrails(command: String) throws -> Guardrails {
        try checked(command: command).guardrails
    }

    /// The configuration, or a usage error after printing what is wrong with it.
    func checked(command: String) throws -> DaemonConfiguration {
        do {
            return try configuration()
        } catch {
            FileHandle.standardError.write(Data("kiln \(command): \(error)\n".utf8))
            throw KilnExitCode.usage
        }
    }
}
