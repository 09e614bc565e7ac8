@testable import FineTuneDaemon
import FinetunedTesting
import Foundation
import JobStore
import OpenAIFineTuning
import OpenAISimulator
import Testing

/// A submit never creates two jobs: not when the create's answer is lost, not after a crash at
/// any stored state.
@Suite(.serialized) struct SubmissionRecoveryTests {
    static let sample = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../config/examples/teaching-assistant.jsonl").standardizedFileURL.path

    func request() -> SubmissionRequest {
        SubmissionRequest(training_file: Self.sample, model: "gpt-4o-mini")
    }

    /// What a run leaves that uploaded, stored `creating`, created the job and died before saving
    /// it: the submission (in `creating`) and the id of the job that exists on the API.
    static func diedAfterCreating(
        _ daemon: Daemon, _ fixture: DaemonFixture, _ request: SubmissionRequest
    )
        async throws -> (SubmissionRecord, String)
    {
        var submission = try daemon.createSubmission(request, requestedBy: nil)
        let existing = try await fixture.withClient { client in
            let file = try await client.uploadFile(at: Self.sample)
            let job = try await client.createJob(
                try request.createRequest(
                    trainingFileID: file.id, validationFileID: nil, submissionID: submission.id))
            return (file.id, job.id)
        }
        for state in [SubmissionState.validated, .uploading] {
            submission.state = state
            submission = try daemon.store.updateSubmission(submission)
        }
        submission.trainingFileID = existing.0
        for state in [SubmissionState.uploaded, .creating] {
            submission.state = state
            submission = try daemon.store.updateSubmission(submission)
        }
        return (submission, existing.1)
    }

    func creates(_ fixture: DaemonFixture) -> Int {
        fixture.simulator.requestCounts()["POST /fine_tuning/jobs", default: 0]
    }

    @Test func aLostCreateAnswerIsFoundByItsTagNotRepeated() async throws {
        try await withDaemon { fixture in
            let daemon = try await fixture.startDaemon()
            fixture.simulator.setFaults(
                .init(rules: [.init(kind: .loseResponse, endpoint: "POST /fine_tuning/jobs", count: 1)]))
            let submission = try daemon.createSubmission(request(), requestedBy: nil)
            let job = try await daemon.runSubmission(submission, request: request()) { _ in }
            #expect(creates(fixture) == 1)
            let tagged = try await fixture.withClient {
                try await $0.listJobs(metadata: [SubmissionTag.metadataKey: submission.id]).data
            }
            #expect(tagged.map(\.id) == [job.id])
            #expect(try daemon.store.submission(id: submission.id)?.state == .created)
            #expect(try daemon.store.job(id: job.id)?.submissionID == submission.id)
        }
    }

    @Test func aCrashAfterTheCreateResumesByAdoptingTheJob() async throws {
        try await withDaemon { fixture in
            // A previous run uploaded, stored `creating`, created the job, and died before saving it.
            let daemon = try await fixture.startDaemon()
            let (submission, existing) = try await Self.diedAfterCreating(daemon, fixture, request())
            try await fixture.stopDaemon()
            #expect(creates(fixture) == 1)

            let restarted = try await fixture.startDaemon()
            let adopted = try await fixture.waitForStoredJob(existing) { $0.submissionID == submission.id }
            #expect(adopted.isTracked)
            try await waitUntil { (try? restarted.store.submission(id: submission.id)?.state) == .created }
            #expect(creates(fixture) == 1, "the job was adopted, not created again")
        }
    }

    @Test func aCrashBeforeTheCreateResumesAndCreatesExactlyOnce() async throws {
        try await withDaemon { fixture in
            let daemon = try await fixture.startDaemon()
            var submission = try daemon.createSubmission(request(), requestedBy: nil)
            submission.state = .validated
            submission = try daemon.store.updateSubmission(submission)
            try await fixture.stopDaemon()

            let restarted = try await fixture.startDaemon()
            try await waitUntil { (try? restarted.store.submission(id: submission.id)?.state) == .created }
            let jobID = try #require(try restarted.store.submission(id: submission.id)?.jobID)
            #expect(creates(fixture) == 1)
            #expect(try restarted.store.job(id: jobID)?.isTracked == true)
        }
    }

    @Test func invalidDataAndBudgetsFailTheSubmissionWithoutAnyAPICall() async throws {
        try await withDaemon(extraConfig: "") { fixture in
            let daemon = try await fixture.startDaemon()
            let bad = fixture.directory + "/bad.jsonl"
            try String(repeating: "{\"messages\": [{\"role\": \"user\", \"content\": \"q\"}]}\n", count: 12)
                .write(toFile: bad, atomically: true, encoding: .utf8)
            var badRequest = request()
            badRequest.training_file = bad
            let badSubmission = try daemon.createSubmission(badRequest, requestedBy: nil)
            await #expect(throws: Submitter.Failure.self) {
                _ = try await daemon.runSubmission(badSubmission, request: badRequest) { _ in }
            }
            #expect(try daemon.store.submission(id: badSubmission.id)?.state == .failed)

            var pricey = request()
            pricey.max_cost = 0.000_001
            let priceySubmission = try daemon.createSubmission(pricey, requestedBy: nil)
            await #expect(throws: Submitter.Failure.self) {
                _ = try await daemon.runSubmission(priceySubmission, request: pricey) { _ in }
            }
            #expect(try daemon.store.submission(id: priceySubmission.id)?.error?.contains("over the limit") == true)
            #expect(fixture.simulator.requestCounts()["POST /files", default: 0] == 0)
            #expect(creates(fixture) == 0)
        }
    }
}

/// A submission that meets an API outage goes on by itself once the API is back.
@Suite(.serialized) struct SubmissionRetryTests {
    @Test func aSubmissionInterruptedByAnOutageCompletesInTheBackground() async throws {
        try await withDaemon { fixture in
            fixture.submissionRetryDelay = .milliseconds(200)
            let daemon = try await fixture.startDaemon()
            // More 503s in a row than the client retries: the first attempt gives up on the upload.
            fixture.simulator.setFaults(
                .init(rules: [.init(kind: .status, endpoint: "POST /files", count: 12, status: 503, retryAfterMs: 10)]))
            let request = SubmissionRequest(training_file: SubmissionRecoveryTests.sample, model: "gpt-4o-mini")
            let submission = try daemon.createSubmission(request, requestedBy: nil)
            await #expect(throws: OpenAIError.self) {
                _ = try await daemon.runSubmission(submission, request: request) { _ in }
            }
            #expect(try daemon.store.submission(id: submission.id)?.state == .uploading)
            try await waitUntil(timeout: .seconds(30)) {
                (try? daemon.store.submission(id: submission.id)?.state) == .created
            }
            #expect(fixture.simulator.requestCounts()["POST /fine_tuning/jobs"] == 1)
        }
    }
}
