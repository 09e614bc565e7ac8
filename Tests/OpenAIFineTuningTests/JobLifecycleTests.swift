import Foundation
import OpenAIFineTuning
import Testing

/// The whole life of jobs through the client and the simulator, over real HTTP.
@Suite struct JobLifecycleTests {
    @Test func aJobSucceedsWithEventsCheckpointsResultsAndAModel() async throws {
        try await SimulatorFixture.with { fixture in
            let client = fixture.client
            let file = try await fixture.uploadTrainingFile(examples: 12)
            #expect(file.purpose == .fineTune)
            #expect(file.status == .processed)

            let created = try await client.createJob(
                .init(
                    model: "gpt-4o-mini", trainingFile: file.id, suffix: "ta", seed: 42,
                    method: .supervised(.init(nEpochs: .value(2))), metadata: ["course": "cs101"]))
            #expect(created.status == .validatingFiles)
            #expect(created.model == "gpt-4o-mini-2024-07-18")
            #expect(created.error == nil, "the API's empty error object means no error")
            #expect(created.metadata == ["course": "cs101"])

            let job = try await fixture.waitForEnd(created.id)
            #expect(job.status == .succeeded)
            let model = try #require(job.fineTunedModel)
            #expect(model.hasPrefix("ft:gpt-4o-mini-2024-07-18:") && model.contains(":ta:"))
            #expect(job.trainedTokens ?? 0 > 0)
            #expect(job.finishedAt != nil)
            #expect(job.hyperparameters?.nEpochs == .value(2))
            #expect(job.resultFiles.count == 1)

            // Events: newest first; paging with a small page size sees every one exactly once.
            let events = try await client.allEvents(jobID: job.id, pageSize: 7).collect()
            #expect(events.count > 20)
            #expect(Set(events.map(\.id)).count == events.count)
            #expect(events.first?.message == "The job has successfully completed")
            #expect(events.map(\.createdAt) == events.map(\.createdAt).sorted(by: >))
            let metrics = events.compactMap(\.metrics)
            #expect(metrics.count >= 10)
            #expect(metrics.allSatisfy { $0.trainLoss != nil && $0.totalSteps == 24 })

            // Incremental: nothing new after the newest id; everything after an old one.
            #expect(try await client.newEvents(jobID: job.id, after: events[0].id).isEmpty)
            let sinceFifth = try await client.newEvents(jobID: job.id, after: events[4].id, pageSize: 2)
            #expect(sinceFifth.map(\.id) == events[0..<4].reversed().map(\.id))
            let everything = try await client.newEvents(jobID: job.id, after: nil, pageSize: 50)
            #expect(everything.map(\.id) == events.reversed().map(\.id))

            // Checkpoints: the last epochs, by descending step; the final one is the model.
            let checkpoints = try await client.allCheckpoints(jobID: job.id, pageSize: 1).collect()
            #expect(checkpoints.map(\.stepNumber) == [24, 12])
            #expect(checkpoints.first?.fineTunedModelCheckpoint == model)
            #expect(checkpoints.last?.fineTunedModelCheckpoint == model + ":ckpt-step-12")
            #expect(checkpoints.allSatisfy { $0.metrics.trainLoss != nil && $0.fineTuningJobID == job.id })

            // The results file is a CSV with a row per step.
            let csv = String(decoding: try await client.fileContent(job.resultFiles[0]), as: UTF8.self)
            let rows = csv.split(separator: "\n")
            #expect(rows.first == "step,train_loss,train_accuracy,valid_loss,valid_mean_token_accuracy")
            #expect(rows.count == 25)
            let resultsFile = try await client.retrieveFile(job.resultFiles[0])
            #expect(resultsFile.purpose == .fineTuneResults)

            // The model exists, answers chat, and can be deleted.
            let retrieved = try await client.retrieveModel(model)
            #expect(retrieved.isFineTuned)
            #expect(try await client.listModels().contains { $0.id == model })
            let reply = try await client.chatCompletion(.init(model: model, messages: [.user("What is recursion?")]))
            #expect(reply.text?.contains("What is recursion?") == true)
            #expect(reply.usage?.totalTokens ?? 0 > 0)
            #expect(try await client.deleteModel(model).deleted)
            let gone = await #expect(throws: OpenAIError.self) {
                _ = try await client.chatCompletion(.init(model: model, messages: [.user("hi")]))
            }
            #expect(gone?.status == 404 && gone?.code == "model_not_found" && gone?.isFinal == true)
        }
    }

    @Test func anInvalidTrainingFileFailsTheJobNamingTheLine() async throws {
        try await SimulatorFixture.with { fixture in
            let file = try await fixture.uploadTrainingFile(examples: 12, badLine: 3)
            let created = try await fixture.client.createJob(.init(model: "gpt-4o-mini", trainingFile: file.id))
            let job = try await fixture.waitForEnd(created.id)
            #expect(job.status == .failed)
            #expect(job.error?.code == "invalid_training_file")
            #expect(job.error?.message?.contains("Line 3") == true)
            #expect(job.error?.param == "training_file")
            #expect(job.fineTunedModel == nil)
            let events = try await fixture.client.listEvents(jobID: job.id)
            #expect(events.data.first?.level == .error)
        }
    }

    @Test func aJobCanBeCancelled() async throws {
        try await SimulatorFixture.with(timeScale: 1) { fixture in
            let file = try await fixture.uploadTrainingFile()
            let created = try await fixture.client.createJob(.init(model: "gpt-4o-mini", trainingFile: file.id))
            let cancelled = try await fixture.client.cancelJob(created.id)
            #expect(cancelled.status == .cancelled)
            #expect(try await fixture.client.retrieveJob(created.id).status == .cancelled)
            let again = await #expect(throws: OpenAIError.self) { _ = try await fixture.client.cancelJob(created.id) }
            #expect(again?.status == 400)
        }
    }

    @Test func aRunningJobCanBePausedAndResumed() async throws {
        try await SimulatorFixture.with(timeScale: 50) { fixture in
            let file = try await fixture.uploadTrainingFile(examples: 30)
            let created = try await fixture.client.createJob(
                .init(
                    model: "gpt-4o-mini", trainingFile: file.id, method: .supervised(.init(nEpochs: .value(3)))))
            _ = try await fixture.waitForJob(created.id) { $0.status == .running }
            let paused = try await fixture.client.pauseJob(created.id)
            #expect(paused.status == .paused, "the API answers `paused`, outside its own enum")
            #expect(try await fixture.client.retrieveJob(created.id).status == .paused)
            let resumed = try await fixture.client.resumeJob(created.id)
            #expect(resumed.status == .queued)
            let job = try await fixture.waitForEnd(created.id)
            #expect(job.status == .succeeded)
            let messages = try await fixture.client.allEvents(jobID: job.id).collect().map(\.message)
            #expect(messages.contains("Fine-tuning job paused") && messages.contains("Fine-tuning job resumed"))
        }
    }

    @Test func unknownIdsAreFinalNotFoundErrors() async throws {
        try await SimulatorFixture.with { fixture in
            let error = await #expect(throws: OpenAIError.self) {
                _ = try await fixture.client.retrieveJob("ftjob-doesnotexist")
            }
            #expect(error?.status == 404 && error?.isFinal == true)
            #expect(error?.requestID?.hasPrefix("req_") == true)
            #expect(fixture.simulator.requestCounts()["GET /fine_tuning/jobs/{id}"] == 1, "not retried")
        }
    }
}
