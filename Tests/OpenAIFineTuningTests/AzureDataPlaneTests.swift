import FinetunedTesting
import Foundation
import OpenAIFineTuning
import OpenAISimulator
import Testing

/// The client against the simulator's Azure dialect: the v1 and the dated API, with a key.
@Suite struct AzureDataPlaneTests {
    @Test func theV1APIRunsAJobToSuccessWithAzureIDsAndNoAPIVersion() async throws {
        let azure = try await AzureFixture.start()
        let fixture = azure.fixture(.azure(apiVersion: nil))
        try await withTearDown({ try? await fixture.stop() }) {
            let file = try await fixture.uploadTrainingFile(examples: 12)
            var request = CreateFineTuningJobRequest(
                model: "gpt-4o-mini", trainingFile: file.id, suffix: "ta",
                metadata: ["k": "v"])
            request.trainingType = "globalstandard"
            let created = try await fixture.client.createJob(request)
            #expect(created.id.range(of: "^ftjob-[0-9a-f]{32}$", options: .regularExpression) != nil)
            #expect(created.trainingType == "globalstandard")
            let job = try await fixture.waitForEnd(created.id)
            #expect(job.status == .succeeded)
            let hex = created.id.dropFirst("ftjob-".count)
            #expect(job.fineTunedModel == "gpt-4o-mini-2024-07-18.ft-\(hex)-ta")
            let checkpoints = try await fixture.client.allCheckpoints(jobID: job.id).collect()
            #expect(!checkpoints.isEmpty && checkpoints.allSatisfy { $0.id.hasPrefix("ftchkpt-") })
            let log = azure.simulator.requestLog()
            #expect(log.allSatisfy { $0.query["api-version"] == nil }, "the v1 API takes no api-version")
            #expect(
                log.first { $0.endpoint == "POST /fine_tuning/jobs" }?.body?.contains(
                    "\"trainingType\":\"globalstandard\"") == true)
        }
    }

    @Test func theDatedAPIAnswersPendingAndMinusOneForAutoAndStillSucceeds() async throws {
        let azure = try await AzureFixture.start(timeScale: 20)
        let fixture = azure.fixture(.azure(apiVersion: AzureFixture.datedVersion))
        try await withTearDown({ try? await fixture.stop() }) {
            let file = try await fixture.uploadTrainingFile(examples: 12)
            let created = try await fixture.client.createJob(
                .init(model: "gpt-4o-mini", trainingFile: file.id, suffix: "s1"))
            #expect(created.status == .pending)
            #expect(created.status.phase == .waiting)
            #expect(created.hyperparameters?.nEpochs == .auto, "-1 is auto, not the number -1")
            #expect(created.userProvidedSuffix == "s1", "the dated API calls it suffix")
            let job = try await fixture.waitForEnd(created.id)
            #expect(job.status == .succeeded)
            #expect(azure.simulator.requestLog().allSatisfy { $0.query["api-version"] == AzureFixture.datedVersion })
            #expect(
                azure.simulator.requestLog().contains { $0.endpoint == "POST /fine_tuning/jobs" && $0.status == 201 })
        }
    }

    @Test func aMissingAPIVersionIsAWrongEndpointNotAMissingJob() async throws {
        let azure = try await AzureFixture.start()
        // A dated base URL without an api-version: Azure's 404 "Resource not found".
        let wrong = azure.fixture(.azure(apiVersion: nil), baseURL: azure.simulator.azureBaseURL)
        let right = azure.fixture(.azure(apiVersion: nil))
        try await withTearDown({
            try? await wrong.stop(); try? await right.stop()
        }) {
            let refused = await #expect(throws: OpenAIError.self) { try await wrong.client.retrieveJob("ftjob-0123") }
            #expect(refused?.status == 404)
            #expect(refused?.isWrongEndpoint == true)
            #expect(refused?.isObjectNotFound == false, "never read as: the job is gone")
            let missing = await #expect(throws: OpenAIError.self) { try await right.client.retrieveJob("ftjob-0123") }
            #expect(missing?.isObjectNotFound == true)
            #expect(missing?.isWrongEndpoint == false)
        }
    }

    @Test func aFullResourceRefusesWithQuotaExceededWhichIsNotFinalAndNotRetriedBlindly() async throws {
        let azure = try await AzureFixture.start(queueLimit: 0, timeScale: 5)
        let fixture = azure.fixture(.azure(apiVersion: nil))
        try await withTearDown({ try? await fixture.stop() }) {
            let file = try await fixture.uploadTrainingFile(examples: 12)
            let first = try await fixture.client.createJob(.init(model: "gpt-4o-mini", trainingFile: file.id))
            let refused = await #expect(throws: OpenAIError.self) {
                try await fixture.client.createJob(.init(model: "gpt-4o-mini", trainingFile: file.id))
            }
            #expect(refused?.isResourceQuotaExceeded == true)
            #expect(refused?.isFinal == false, "a full resource frees up: waiting cures it")
            #expect(azure.simulator.requestCounts()["POST /fine_tuning/jobs"] == 2)
            #expect(await fixture.client.backoffRemaining == .zero, "a full resource is not a rate limit")
            _ = try await fixture.client.cancelJob(first.id)
            _ = try await fixture.client.createJob(.init(model: "gpt-4o-mini", trainingFile: file.id))
        }
    }
}
