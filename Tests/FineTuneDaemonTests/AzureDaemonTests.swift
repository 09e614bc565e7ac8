@testable import FineTuneDaemon
import FinetunedTesting
import Foundation
import JobStore
import OpenAIFineTuning
import OpenAISimulator
import Testing

/// The daemon against the simulator's Azure dialect: submit and poll to success on the v1 API
/// with Entra ID and on the dated API with a key; a quota-refused submission waits in
/// finetuned's queue and goes out when the resource frees; Azure's api-version 404 is a
/// configuration error of the account, never the end of a job.
@Suite(.serialized) struct AzureDaemonTests {
    static func request(trainingType: String? = nil) -> SubmissionRequest {
        var request = SubmissionRequest(training_file: SubmissionRecoveryTests.sample, model: "gpt-4o-mini")
        request.training_type = trainingType
        return request
    }

    @Test func entraOnTheV1APISubmitsAndPollsToSuccess() async throws {
        let secretPath = FileManager.default.temporaryDirectory.appendingPathComponent("entra-\(UUID().uuidString)")
            .path
        try "sim-secret".write(toFile: secretPath, atomically: true, encoding: .utf8)
        chmod(secretPath, 0o600)
        defer { try? FileManager.default.removeItem(atPath: secretPath) }
        try await withDaemon(
            accountConfig: """
                AuthStyle=entra
                EntraTenantID=sim-tenant
                EntraClientID=sim-client
                EntraClientSecretFile=\(secretPath)
                EntraAuthorityHost={ROOT}
                """, azure: AzureSimulation()
        ) { fixture in
            let daemon = try await fixture.startDaemon()
            let request = Self.request(trainingType: "developer")
            let submission = try daemon.createSubmission(request, requestedBy: nil)
            let job = try await daemon.runSubmission(submission, request: request) { _ in }
            #expect(job.id.range(of: "^ftjob-[0-9a-f]{32}$", options: .regularExpression) != nil)
            let done = try await fixture.waitForStoredJob(job.id) { $0.status == .succeeded }
            #expect(done.fineTunedModel?.hasPrefix("gpt-4o-mini-2024-07-18.ft-") == true)
            let stored = try #require(try daemon.store.submission(id: submission.id))
            #expect(stored.requestJSON.contains("\"training_type\":\"developer\""), "kept with the submission")
            let create = fixture.simulator.requestLog().first { $0.endpoint == "POST /fine_tuning/jobs" }
            #expect(create?.body?.contains("\"trainingType\":\"developer\"") == true)
            #expect((fixture.simulator.requestCounts()["POST /{tenant}/oauth2/v2.0/token"] ?? 0) >= 1)
        }
    }

    @Test func theDatedAPIsPendingJobIsStoredAndPolledToSuccess() async throws {
        try await withDaemon(
            accountConfig: "AuthStyle=azure\nAPIVersion=2024-10-21\nBaseURL={ROOT}/openai", azure: AzureSimulation()
        ) { fixture in
            let daemon = try await fixture.startDaemon()
            let submission = try daemon.createSubmission(Self.request(), requestedBy: nil)
            let job = try await daemon.runSubmission(submission, request: Self.request()) { _ in }
            #expect(job.status.rawValue == "pending", "Azure's create answers pending; the store keeps it")
            _ = try await fixture.waitForStoredJob(job.id) { $0.status == .succeeded }
        }
    }

    @Test func aQuotaRefusedSubmissionWaitsThenGoesOutWhenTheResourceFrees() async throws {
        var azure = AzureSimulation()
        azure.queueLimit = 0
        try await withDaemon(timeScale: 30, accountConfig: "AuthStyle=azure", azure: azure) { fixture in
            fixture.submissionRetryDelay = .milliseconds(300)
            let daemon = try await fixture.startDaemon()
            let first = try daemon.createSubmission(Self.request(), requestedBy: nil)
            let firstJob = try await daemon.runSubmission(first, request: Self.request()) { _ in }
            let second = try daemon.createSubmission(Self.request(), requestedBy: nil)
            let refusal = await #expect(throws: OpenAIError.self) {
                _ = try await daemon.runSubmission(second, request: Self.request()) { _ in }
            }
            #expect(refusal?.isResourceQuotaExceeded == true)
            let waiting = try #require(try daemon.store.submission(id: second.id))
            #expect(waiting.displayState == "waiting", "visible in finetunectl submissions as waiting")
            #expect(waiting.lastError?.contains("quotaExceeded") == true, "with the reason")
            #expect(try daemon.store.job(id: firstJob.id)?.status.isTerminal == false, "refused while the first trains")
            // The first job ends; the waiting submission goes out by itself.
            let deadline = ContinuousClock.now + .seconds(60)
            var created: SubmissionRecord?
            while ContinuousClock.now < deadline {
                if let record = try daemon.store.submission(id: second.id), record.state == .created {
                    created = record; break
                }
                try await Task.sleep(for: .milliseconds(100))
            }
            let record = try #require(created, "the waiting submission was never created")
            #expect(record.state != .failed)
            let secondJob = try #require(record.jobID)
            let firstEnded = try #require(try daemon.store.job(id: firstJob.id))
            _ = firstEnded
            _ = try await fixture.waitForStoredJob(secondJob) { $0.status == .succeeded }
        }
    }

    /// A tracked job the list does not show is retrieved by id. Answered with Azure's api-version
    /// 404, it stays tracked and the account is reported misconfigured; answered with a real "no
    /// such job" 404 (once the fault is gone), it is untracked as before.
    @Test func anAPIVersion404NeverUntracksAJob() async throws {
        try await withDaemon(
            accountConfig: "AuthStyle=azure\nAPIVersion=2024-10-21\nBaseURL={ROOT}/openai", azure: AzureSimulation()
        ) { fixture in
            fixture.simulator.setFaults(
                FaultPlan(rules: [
                    .init(kind: .status, endpoint: "GET /fine_tuning/jobs/{id}", status: 404, code: "404")
                ]))
            let daemon = try await fixture.startDaemon()
            let id = "ftjob-00000000000000000000000000000abc"
            try daemon.store.apply(
                PollUpdate(
                    job: JobRecord(
                        id: id, account: "sim", status: .init(rawValue: "running"), model: "gpt-4o-mini-2024-07-18",
                        createdAt: Int64(Date().timeIntervalSince1970) - 60),
                    polledAt: Int64(Date().timeIntervalSince1970)))
            daemon.poller?.pollNow()
            let deadline = ContinuousClock.now + .seconds(30)
            var health = AccountHealth()
            while ContinuousClock.now < deadline {
                health = daemon.poller?.status.health["sim"] ?? AccountHealth()
                if health.state == .misconfigured { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(health.state == .misconfigured)
            #expect(health.message?.contains("configuration error") == true)
            #expect(try daemon.store.job(id: id)?.isTracked == true, "an api-version 404 is not the job's fate")
            fixture.simulator.setFaults(FaultPlan())
            _ = try await fixture.waitForStoredJob(id) { !$0.isTracked }
        }
    }
}
