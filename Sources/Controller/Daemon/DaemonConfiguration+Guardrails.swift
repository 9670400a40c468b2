import Foundation
import Manifest

// MARK: - guardrails.*: what manifests may reach

extension DaemonConfiguration {
    static let guardrailKeys: [ConfigKey] = [
        ConfigKey(
            "guardrails.distributeAccounts", flag: "guardrail-distribute-account", default: "[] (no sharing)",
            list: true, "Account ids a manifest may share images with."
        ) { configuration, values in
            let accounts = ConfigValue.list(values)
            for account in accounts where account.wholeMatch(of: /\d{12}/) == nil {
                throw ConfigValueError("'\(account)' is not a 12-digit account id")
            }
            configuration.guardrails.distributeAccounts = accounts
        },
        ConfigKey(
            "guardrails.regions", flag: "guardrail-region", default: "[] (every region)", list: true,
            "Regions a manifest may build, copy and roll out in."
        ) { $0.guardrails.regions = try ConfigValue.regions($1) },
        ConfigKey(
            "guardrails.launchTemplates", flag: "guardrail-launch-template", default: "[\"*\"]", list: true,
            "Launch template names (globs) a rollout may give new versions."
        ) { $0.guardrails.launchTemplates = ConfigValue.list($1).map(GlobPattern.init) },
        ConfigKey(
            "guardrails.autoScalingGroups", flag: "guardrail-auto-scaling-group", default: "[\"*\"]", list: true,
            "Auto Scaling group names (globs) a rollout may change or refresh."
        ) { $0.guardrails.autoScalingGroups = ConfigValue.list($1).map(GlobPattern.init) },
        ConfigKey(
            "guardrails.ssmParameterPrefixes", flag: "guardrail-ssm-parameter-prefix", default: "[\"/kiln/\"]",
            list: true, "Prefixes of the SSM parameters a rollout may publish to."
        ) { $0.guardrails.ssmParameterPrefixes = ConfigValue.list($1) },
        ConfigKey(
            "guardrails.instanceProfiles", flag: "guardrail-instance-profile", default: "[\"*\"]", list: true,
            "Instance profile names (globs) a builder may run with."
        ) { $0.guardrails.instanceProfiles = ConfigValue.list($1).map(GlobPattern.init) },
    ]

    /// The settings of an optional YAML file and the `KILN_…` variables, without the checks of the whole (no
    /// repository needed): what `kiln validate`, `plan`, `apply` and `iam-policy` take from `--config`.
    public static func read(file: String?, environment: [String: String]) throws(ConfigError) -> DaemonConfiguration {
        var configuration = DaemonConfiguration()
        if let file {
            let text: String
            do {
                text = try String(contentsOfFile: file, encoding: .utf8)
            } catch {
                throw .unreadable(file, "cannot read the configuration file")
            }
            try configuration.apply(yaml: text, file: file)
        }
        try configuration.apply(environment: environment)
        return configuration
    }
}
