import ArgumentParser
import Controller

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

    /// Limits the C heap to one malloc arena before any other thread exists (see ``HeapArenas``), then parses the
    /// command line and runs the command, as `AsyncParsableCommand.main()` does.
    static func main() async {
        HeapArenas.limitToOne()
        do {
            var command = try parseAsRoot()
            if var command = command as? any AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
