import ArgumentParser
import ControlProtocol
import FineTuneDaemon
import FoundationEssentials
import Glibc
import Logging
import Varlink

/// `finetuned demo`: the daemon's main job end to end on an embedded default, with no account and
/// no network. It starts the `openai-sim` executable built beside it on loopback (as a child:
/// the daemon's binary carries no simulator) and the real daemon (store, poller, control socket)
/// in a temporary directory, then talks to the daemon the way `finetunectl` does:
/// `Jobs.Submit` with the sample teaching-assistant dataset, `Jobs.Events` followed to the end,
/// `Jobs.Checkpoints`, and `Models.Chat` with the new model. With `--azure` the simulator plays
/// Azure OpenAI, and the model is deployed (`Models.Deploy`) before the chat goes through the
/// deployment, which is deleted at the end (`DemoCommand+Azure.swift`).
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the daemon on the built-in simulator: submit the sample data, follow it, chat with the model.")

    @Option(help: "The training data (chat JSONL).")
    var data = "config/examples/teaching-assistant.jsonl"

    @Option(help: "Simulated seconds per real second (1 is as slow as the real API).")
    var timeScale = 20.0

    @Option(help: "The base model.") var model = "gpt-4o-mini"

    @Option(help: "The question for the fine-tuned model.")
    var question = "Why does my loop never stop?"

    @Flag(help: "Show the daemon's log lines too.") var verbose = false

    @Flag(help: "Play Azure OpenAI: deploy the model through the management plane and chat through the deployment.")
    var azure = false

    @Option(help: "The openai-sim executable (default: the one beside finetuned).")
    var simulator: String?

    func run() async throws {
        let dataPath = URL(fileURLWithPath: data).standardizedFileURL.path
        guard FileManager.default.isReadableFile(atPath: dataPath) else {
            throw ValidationError("no training data at \(data): run from the repository root or pass --data FILE")
        }
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = verbose ? .info : .error
            return handler
        }
        let executable = try DemoSimulator.locate(self.simulator)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("finetuned-demo-\(getpid())")
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let simulator = try await DemoSimulator.start(
            executable: executable, timeScale: timeScale, azure: azure, directory: directory, verbose: verbose)
        do {
            try await tellTheStory(with: simulator, in: directory)
        } catch {
            await simulator.stop()
            throw error
        }
        await simulator.stop()
    }

    private func tellTheStory(with simulator: DemoSimulator, in directory: URL) async throws {
        let dataPath = URL(fileURLWithPath: data).standardizedFileURL.path
        let configPath = directory.appendingPathComponent("finetuned.conf").path
        let socket = directory.appendingPathComponent("control.sock").path
        try """
        [Daemon]
        DatabasePath=\(directory.path)/finetuned.db
        ControlSocket=\(socket)
        PollInterval=1s
        WatchingPollInterval=500ms

        \(azure ? azureAccount(simulator) : "[Account]\nName=simulator\nBaseURL=\(simulator.baseURL)")
        """.write(toFile: configPath, atomically: true, encoding: .utf8)

        say(
            "simulator  \(azure ? simulator.azureBaseURL + " (Azure OpenAI)" : simulator.baseURL) (openai-sim, pid \(simulator.process.pid), time scale \(timeScale))"
        )
        var options = Daemon.Options(
            configPath: configPath, configRequired: true,
            environment: azure ? [:] : ["OPENAI_API_KEY": DemoSimulator.apiKey])
        if azure { azureOptions(&options) }
        let daemon = try await Daemon.prepare(options, logger: Logger(label: "finetuned"))
        let outcome: Result<Void, any Error> = await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await daemon.run() }
            await daemon.waitUntilReady()
            say("daemon     ready, control socket \(socket)")
            if azure {
                say(
                    "entra      tenant \(DemoSimulator.tenantID): client credentials, tokens for the data and management planes"
                )
            }
            let outcome: Result<Void, any Error>
            do {
                let client = try await VarlinkClient.connect(to: socket)
                try await scenario(client, data: dataPath)
                await client.close()
                outcome = .success(())
            } catch {
                outcome = .failure(error)
            }
            await daemon.stop()
            return outcome
        }
        try outcome.get()
    }

    private func scenario(_ client: VarlinkClient, data: String) async throws {
        var jobID = ""
        for try await reply in client.callMore(
            ControlMethod.Jobs.submit,
            parameters: [
                "training_file": .string(data), "model": .string(model), "suffix": .string("teaching-assistant"),
            ])
        {
            switch reply["state"]?.stringValue {
            case "validated":
                let cost =
                    reply["estimated_cost"]?.doubleValue.map { "$" + NumberText.fixed($0, digits: 4) } ?? "unknown"
                say("validated  \(reply["billed_tokens"]?.integerValue ?? 0) billed tokens, estimated cost \(cost)")
            case "uploading":
                if let sent = reply["uploaded_bytes"]?.integerValue, let total = reply["total_bytes"]?.integerValue,
                    sent == total
                {
                    say("uploaded   \(total) bytes")
                }
            case "created":
                jobID = reply["job"]?["id"]?.stringValue ?? ""
                say("created    job \(jobID) (submission \(reply["submission_id"]?.stringValue ?? ""))")
            default:
                break
            }
        }
        var status = ""
        for try await reply in client.callMore(ControlMethod.Jobs.events, parameters: ["id": .string(jobID)]) {
            for event in reply["events"]?.arrayValue ?? [] {
                let data = event["data"]
                if event["type"]?.stringValue == "metrics", let step = data?["step"]?.integerValue {
                    let loss = data?["train_loss"]?.doubleValue.map { NumberText.fixed($0, digits: 3) } ?? "-"
                    say("  step \(step)/\(data?["total_steps"]?.integerValue ?? 0)  train loss \(loss)")
                } else if let message = event["message"]?.stringValue {
                    say("  \(message)")
                }
            }
            if let now = reply["status"]?.stringValue, now != status {
                status = now
                say("status     \(status)")
            }
        }
        let job = try await client.call(ControlMethod.Jobs.get, parameters: ["id": .string(jobID)])["job"]
        guard job?["status"]?.stringValue == "succeeded", let fineTuned = job?["fine_tuned_model"]?.stringValue else {
            throw ValidationError(
                "the job ended \(job?["status"]?.stringValue ?? "?"): \(job?["error"]?["message"]?.stringValue ?? "")")
        }
        say("model      \(fineTuned)")
        let checkpoints = try await client.call(ControlMethod.Jobs.checkpoints, parameters: ["id": .string(jobID)])
        for checkpoint in checkpoints["checkpoints"]?.arrayValue ?? [] {
            say(
                "checkpoint step \(checkpoint["step_number"]?.integerValue ?? 0): \(checkpoint["fine_tuned_model_checkpoint"]?.stringValue ?? "")"
            )
        }
        let deployment = azure ? try await deploy(client, jobID: jobID) : nil
        let chat = try await client.call(
            ControlMethod.Models.chat,
            parameters: [
                "job": .string(jobID),
                "messages": .array([.object(["role": .string("user"), "content": .string(question)])]),
            ])
        say("you        \(question)")
        say("assistant  \(chat["reply"]?.stringValue ?? "(no answer)")")
        if let deployment { try await undeploy(client, name: deployment) }
    }

    /// Prints a line; when the reader has gone (`finetuned demo | head`), ends quietly with
    /// 141 (128 + SIGPIPE), as `git log | head` does, rather than trapping.
    func say(_ line: String) {
        do {
            try StandardStream.output.write(line + "\n")
        } catch {
            Glibc.exit(141)
        }
    }
}
