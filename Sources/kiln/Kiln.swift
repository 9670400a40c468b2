import ArgumentParser

@main
struct Kiln: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kiln",
        abstract: "A GitOps controller for Amazon Machine Images.",
        subcommands: [
            Validate.self, PlanCommand.self, ApplyCommand.self, RestoreCommand.self, DaemonCommand.self,
            IAMPolicyCommand.self,
        ]
    )
}
