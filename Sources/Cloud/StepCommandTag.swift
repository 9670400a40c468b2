import Planner

// MARK: - Which command ran which step

/// The builder tags that remember the SSM command of every step sent to it.
///
/// `kiln:command` and `kiln:step` name the current step only; the executor also tags
/// `kiln:command:<step>=<command id>` so the observer can read every step's invocation with
/// `GetCommandInvocation` and a finished step is never sent again.
enum StepCommandTag {
    static let prefix = KilnTag.command + ":"

    /// The tag key of a step's command.
    static func key(step: String) -> String { prefix + step }

    /// The SSM comment Kiln sends with a step (`SendStepCommand.comment`): `kiln step <name>`.
    static func comment(step: String) -> String { "kiln step \(step)" }

    /// (step, command id) of every step command a builder's tags name, current step included, by command id.
    static func commands(in tags: [String: String]) -> [(step: String, commandId: String)] {
        var byCommand: [String: String] = [:]
        for (key, value) in tags where key.hasPrefix(prefix) && !value.isEmpty {
            byCommand[value] = String(key.dropFirst(prefix.count))
        }
        if let current = tags[KilnTag.command], !current.isEmpty, let step = tags[KilnTag.step] {
            byCommand[current] = step
        }
        return byCommand.map { (step: $0.value, commandId: $0.key) }.sorted { $0.commandId < $1.commandId }
    }
}
