import ControlProtocol
import ArgumentParser
import Foundation

/// `finetunectl chat MODEL|JOB "message"`: one exchange with a fine-tuned model.
struct ChatCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chat",
        abstract:
            "Send a message to a fine-tuned model, named directly or by the job that made it, and print the reply.")

    @Argument(
        help: ArgumentHelp("A fine-tuned model id (ft:…) or a job id (ftjob-…).", valueName: "model-or-job"),
        completion: DaemonCompletion.modelsAndJobs)
    var target: String

    @Argument(help: "The message (standard input when it is -).")
    var message: String

    @Option(help: "A system message sent first.")
    var system: String?

    @Option(parsing: .unconditional, help: "Sampling temperature (0…2).")
    var temperature: Double?

    @Option(parsing: .unconditional, help: "At most this many tokens in the reply.")
    var maxTokens: Int?

    @OptionGroup var daemon: DaemonOptions

    func validate() throws {
        if let temperature, !(0...2).contains(temperature) {
            throw ValidationError("--temperature must be 0…2, got \(temperature)")
        }
        if let maxTokens, maxTokens < 1 { throw ValidationError("--max-tokens must be at least 1, got \(maxTokens)") }
    }

    /// The text without the line ends that close it (`echo hi |` sends "hi\n"; the model should
    /// get "hi"), as a shell's `$(…)` strips them.
    static func withoutTrailingNewlines(_ text: String) -> String {
        var text = text
        while let last = text.last, last == "\n" || last == "\r\n" || last == "\r" { text.removeLast() }
        return text
    }

    func run() async throws {
        var text = message
        if text == "-" {
            do {
                text = Self.withoutTrailingNewlines(
                    String(decoding: try FileHandle.standardInput.readToEnd() ?? Data(), as: UTF8.self))
            } catch {
                throw CtlFailure("cannot read the message from standard input: \(error.localizedDescription)").report()
            }
        }
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw CtlFailure("the message is empty").report()
        }
        let byJob = target.hasPrefix("ftjob-")
        let parameters = ControlRequest.Models.Chat(
            model: byJob ? nil : target, job: byJob ? target : nil,
            messages: (system.map { [.init(role: "system", content: $0)] } ?? []) + [
                .init(role: "user", content: text)
            ],
            temperature: temperature, max_completion_tokens: maxTokens)
        try await DaemonSession.run(daemon) { session in
            let reply = try await session.call(parameters)
            if daemon.json {
                try JSONOutput.print(reply)
            } else {
                let chat = try reply.decode(WireChatReply.self)
                Output.line(chat.reply)
                if isatty(STDOUT_FILENO) == 1 {
                    var footer = chat.model
                    if let usage = chat.usage {
                        footer += " · \(usage.prompt_tokens) + \(usage.completion_tokens) tokens"
                    }
                    if let reason = chat.finish_reason, reason != "stop" { footer += " · stopped: \(reason)" }
                    Terminal.warn(Terminal.standardOutput().dim(footer))
                }
            }
        }
    }
}
