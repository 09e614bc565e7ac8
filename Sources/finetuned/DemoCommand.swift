import ArgumentParser
import Foundation
import OpenAIFineTuning
import OpenAISimulator

/// `finetuned demo`: the main job end to end on an embedded default, with no account and no
/// network: an in-process OpenAI simulator on loopback, the sample teaching-assistant dataset,
/// upload → create → follow events to success → checkpoints → chat with the new model.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Fine-tune on the built-in simulator with the sample dataset, then chat with the model.")

    @Option(help: "The training data (chat JSONL).")
    var data = "config/examples/teaching-assistant.jsonl"

    @Option(help: "Simulated seconds per real second (1 is as slow as the real API).")
    var timeScale = 20.0

    @Option(help: "The base model.") var model = "gpt-4o-mini"

    @Option(help: "The question for the fine-tuned model.")
    var question = "Why does my loop never stop?"

    func run() async throws {
        guard FileManager.default.fileExists(atPath: data) else {
            throw ValidationError("no training data at \(data): run from the repository root or pass --data FILE")
        }
        let simulator = try await OpenAISimulator.start(.init(timeScale: timeScale))
        let client = OpenAIClient(account: .init(name: "demo", baseURL: simulator.baseURL, apiKey: APIKey("sk-demo")))
        do {
            try await runScenario(client)
        } catch {
            try? await client.shutdown()
            try? await simulator.shutdown()
            throw error
        }
        try await client.shutdown()
        try await simulator.shutdown()
    }

    private func runScenario(_ client: OpenAIClient) async throws {
        say("simulator  \(client.account.baseURL.absoluteString) (time scale \(timeScale))")
        let file = try await client.uploadFile(at: data)
        say("uploaded   \(file.filename): \(file.bytes) bytes as \(file.id)")
        let created = try await client.createJob(.init(
            model: model, trainingFile: file.id, suffix: "teaching-assistant",
            metadata: ["source": "finetuned demo"]))
        say("created    \(created.id) on \(created.model)")

        var lastEventID: String? = nil
        var status = created.status
        while true {
            let job = try await client.retrieveJob(created.id)
            for event in try await client.newEvents(jobID: job.id, after: lastEventID) {
                lastEventID = event.id
                if let metrics = event.metrics {
                    let loss = metrics.trainLoss.map { String(format: "%.3f", $0) } ?? "-"
                    say("  step \(metrics.step)/\(metrics.totalSteps ?? 0)  train loss \(loss)")
                } else {
                    say("  \(event.message)")
                }
            }
            if job.status != status {
                status = job.status
                say("status     \(status)")
            }
            if job.status.isTerminal {
                try await finish(job, client)
                return
            }
            try await Task.sleep(for: .milliseconds(500))
        }
    }

    private func finish(_ job: FineTuningJob, _ client: OpenAIClient) async throws {
        guard job.status == .succeeded, let model = job.fineTunedModel else {
            throw ValidationError("the job ended \(job.status): \(job.error?.message ?? "no error given")")
        }
        say("model      \(model) (\(job.trainedTokens ?? 0) trained tokens)")
        for checkpoint in try await client.allCheckpoints(jobID: job.id).collect() {
            say("checkpoint step \(checkpoint.stepNumber): \(checkpoint.fineTunedModelCheckpoint)")
        }
        let reply = try await client.chatCompletion(.init(model: model, messages: [.user(question)]))
        say("you        \(question)")
        say("assistant  \(reply.text ?? "(no answer)")")
    }

    private func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }
}
