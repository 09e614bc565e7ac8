import ArgumentParser
import ProjectVersion

/// `finetuned`: the daemon's executable. Argument parsing and wiring only.
@main
struct Finetuned: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "finetuned",
        abstract: "Submits OpenAI fine-tuning jobs and watches them until they end.",
        version: ProjectVersion.string,
        subcommands: [RunCommand.self, DemoCommand.self],
        defaultSubcommand: RunCommand.self)
}
