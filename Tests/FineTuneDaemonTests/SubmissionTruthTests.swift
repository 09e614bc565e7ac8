@testable import FineTuneDaemon
import FinetunedTesting
import Foundation
import JobStore
import OpenAIFineTuning
import OpenAISimulator
import Testing
import Varlink

/// Store first, answer at once, tell the truth: a transient API failure is a stored waiting
/// state, not an error; a submission can be cancelled until its job exists; validation never
/// holds up the control socket.
@Suite(.serialized) struct SubmissionTruthTests {
    func request(_ path: String = SubmissionRecoveryTests.sample) -> SubmissionRequest {
        // An explicit method: the validator reads the file once (no format detection pass), as
        // the FIFOs of the Status test need.
        SubmissionRequest(training_file: path, model: "gpt-4o-mini", method: "supervised")
    }

    func tagged(_ fixture: DaemonFixture, _ submissionID: String) async throws -> [FineTuningJob] {
        try await fixture.withClient { try await $0.listJobs(metadata: [SubmissionTag.metadataKey: submissionID]).data }
    }

    /// The first outcome the runner announces, skipping progress.
    func firstOutcome(_ events: AsyncStream<SubmissionEvent>) async -> SubmissionEvent? {
        for await event in events {
            if case .progress = event { continue }
            return event
        }
        return nil
    }

    @Test func a503OnTheCreateIsAStoredWaitingStateThenTheJobIsCreatedOnce() async throws {
        try await withDaemon(requestTimeout: "2s", accountConfig: "MaxRetries=1") { fixture in
            fixture.submissionRetryDelay = .milliseconds(300)
            fixture.createLandingMargin = .milliseconds(100)
            let daemon = try await fixture.startDaemon()
            // More 503s in a row than the client retries (MaxRetries=1): the first try gives up.
            fixture.simulator.setFaults(
                .init(rules: [.init(kind: .status, endpoint: "POST /fine_tuning/jobs", count: 2, status: 503)]))
            let submission = try daemon.createSubmission(request(), requestedBy: nil)
            let outcome = await firstOutcome(daemon.startSubmission(submission.id, request: request(), follow: true))
            guard case .waiting(let waiting, let error) = outcome else {
                Issue.record("expected a waiting state, got \(String(describing: outcome))")
                return
            }
            #expect((error as? OpenAIError)?.status == 503)
            #expect(waiting.displayState == "waiting" && waiting.attempts == 1)
            #expect(waiting.lastError?.contains("503") == true)
            #expect((waiting.nextAttemptAt ?? 0) > waiting.updatedAtSeconds - 1)
            let stored = try #require(try daemon.store.submission(id: submission.id))
            #expect(stored.displayState == "waiting" && stored.state == .creating)
            try await waitUntil(timeout: .seconds(30)) {
                (try? daemon.store.submission(id: submission.id)?.state) == .created
            }
            let created = try #require(try daemon.store.submission(id: submission.id))
            #expect(
                created.displayState == "created" && created.attempts >= 1 && created.lastError?.contains("503") == true
            )
            #expect(try await tagged(fixture, submission.id).map(\.id) == [created.jobID])
        }
    }

    @Test func aSecondDaemonOnTheSameDatabaseIsRefusedNamingTheFirst() async throws {
        try await withDaemon { fixture in
            try await fixture.startDaemon()
            let first = try #require(fixture.daemon)
            let second = DaemonFixture.SecondDaemon(fixture: fixture)
            do {
                _ = try await second.startDaemon()
                Issue.record("a second daemon started on the same database")
            } catch let failure as DatabaseLock.Failure {
                guard case .held(_, let database, let pid) = failure else { Issue.record("\(failure)"); return }
                #expect(database == fixture.databasePath && pid == getpid())
                #expect(failure.description.contains("in use by process \(getpid())"))
            }
            #expect(DatabaseLock.holder(forDatabase: fixture.databasePath).held)
            _ = first
            try await fixture.stopDaemon()
            #expect(!DatabaseLock.holder(forDatabase: fixture.databasePath).held, "a stopped daemon lets the lock go")
        }
    }

    @Test func aWaitingSubmissionCanBeCancelledAndNeverMakesAJob() async throws {
        try await withDaemon(accountConfig: "MaxRetries=1") { fixture in
            fixture.submissionRetryDelay = .seconds(600)
            let daemon = try await fixture.startDaemon()
            fixture.simulator.setFaults(
                .init(rules: [.init(kind: .status, endpoint: "POST /files", count: 2, status: 503)]))
            let submission = try daemon.createSubmission(request(), requestedBy: nil)
            let events = daemon.startSubmission(submission.id, request: request(), follow: true)
            guard case .waiting = await firstOutcome(events) else { Issue.record("expected waiting"); return }
            let cancelled = try daemon.cancelSubmission(submission.id)
            #expect(cancelled.displayState == "cancelled" && cancelled.state == .failed)
            try await waitUntil { !daemon.submissionRuns.isRunning(submission.id) }
            #expect(throws: JobStoreError.self) { try daemon.store.cancelSubmission(id: submission.id) }
            #expect(fixture.simulator.requestCounts()["POST /fine_tuning/jobs", default: 0] == 0)
        }
    }

    @Test func aCancelWhileTheCreateIsInFlightCancelsTheJobThatLands() async throws {
        // Real time, so the job that lands has not finished training before it is seen.
        try await withDaemon(timeScale: 1, requestTimeout: "3s") { fixture in
            fixture.createLandingMargin = .seconds(1)
            let daemon = try await fixture.startDaemon()
            // The API carries the create out 1 s after it arrives.
            fixture.simulator.setFaults(
                .init(rules: [.init(kind: .late, endpoint: "POST /fine_tuning/jobs", count: 1, delayMs: 1000)]))
            let submission = try daemon.createSubmission(request(), requestedBy: nil)
            daemon.startSubmission(submission.id, request: request(), follow: false)
            try await waitUntil { fixture.simulator.requestCounts()["POST /fine_tuning/jobs", default: 0] == 1 }
            try await waitUntil { (try? daemon.store.submission(id: submission.id)?.createSentAt) != nil }
            _ = try daemon.cancelSubmission(submission.id)
            try await waitUntil(timeout: .seconds(30)) {
                let jobs = try await tagged(fixture, submission.id)
                return jobs.count == 1 && jobs.allSatisfy { $0.status == .cancelled }
            }
            #expect(try daemon.store.submission(id: submission.id)?.displayState == "cancelled")
        }
    }

    @Test func thePollLoopCancelsAJobTaggedWithACancelledSubmission() async throws {
        try await withDaemon { fixture in
            let daemon = try await fixture.startDaemon()
            // Something tracked, so the loop lists the account's jobs each cycle.
            let other = try await fixture.createJobElsewhere()
            _ = try await daemon.track(jobID: other, account: nil)
            let submission = try daemon.createSubmission(request(), requestedBy: nil)
            _ = try daemon.store.cancelSubmission(id: submission.id)
            // A job carrying its tag appears (a create that was in flight).
            let landed = try await fixture.withClient { client in
                let file = try await client.uploadFile(at: SubmissionRecoveryTests.sample)
                return try await client.createJob(
                    try request().createRequest(
                        trainingFileID: file.id, validationFileID: nil, submissionID: submission.id)
                ).id
            }
            daemon.poller?.pollNow()
            try await waitUntil(timeout: .seconds(30)) {
                try await fixture.withClient { try await $0.retrieveJob(landed).status } == .cancelled
            }
            #expect(try daemon.store.job(id: landed) == nil, "the job of a cancelled submission is not tracked")
        }
    }

    @Test func aFailureAfterTheUploadDeletesTheUploadedFile() async throws {
        try await withDaemon { fixture in
            let daemon = try await fixture.startDaemon()
            // The API refuses the create for good (a 400) after the file is uploaded.
            fixture.simulator.setFaults(
                .init(rules: [.init(kind: .status, endpoint: "POST /fine_tuning/jobs", count: 1, status: 400)]))
            let submission = try daemon.createSubmission(request(), requestedBy: nil)
            guard
                case .failed = await firstOutcome(
                    daemon.startSubmission(submission.id, request: request(), follow: true))
            else {
                Issue.record("expected a final failure"); return
            }
            let stored = try #require(try daemon.store.submission(id: submission.id))
            let fileID = try #require(stored.trainingFileID)
            try await waitUntil {
                try await !fixture.withClient { try await $0.listFiles().data.map(\.id) }.contains(fileID)
            }
            #expect(fixture.simulator.requestCounts().contains { $0.key.hasPrefix("DELETE /files") && $0.value == 1 })
        }
    }

    @Test func aSharedUploadedFileIsKeptWhenOneOfItsSubmissionsFails() async throws {
        try await withDaemon { fixture in
            let daemon = try await fixture.startDaemon()
            var first = try daemon.createSubmission(request(), requestedBy: nil)
            var second = try daemon.createSubmission(request(), requestedBy: nil)
            for state in [SubmissionState.validated, .uploading] {
                first.state = state
                first = try daemon.store.updateSubmission(first)
                second.state = state
                second = try daemon.store.updateSubmission(second)
            }
            first.trainingFileID = "file-shared"
            second.trainingFileID = "file-shared"
            first = try daemon.store.updateSubmission(first)
            second = try daemon.store.updateSubmission(second)
            #expect(try daemon.store.submissionsUsingFile("file-shared", excluding: first.id) == 1)
            _ = try daemon.store.cancelSubmission(id: second.id)
            #expect(try daemon.store.submissionsUsingFile("file-shared", excluding: first.id) == 0)
        }
    }

    @Test func aModelTheAccountCannotFineTuneIsRefusedBeforeAnyUpload() async throws {
        try await withDaemon { fixture in
            let daemon = try await fixture.startDaemon()
            for model in ["gpt-5-nonexistent", "ft:gpt-4o-mini-2024-07-18:someone-else::abc123"] {
                var request = request()
                request.model = model
                let submission = try daemon.createSubmission(request, requestedBy: nil)
                let outcome = await firstOutcome(daemon.startSubmission(submission.id, request: request, follow: true))
                guard case .failed(.invalidModel(let refusal)) = outcome else {
                    Issue.record("\(model): expected a refusal, got \(String(describing: outcome))"); continue
                }
                #expect(refusal.model == model)
                #expect(try daemon.store.submission(id: submission.id)?.state == .failed)
            }
            #expect(fixture.simulator.requestCounts()["POST /files", default: 0] == 0)
        }
    }

    @Test func requestsOutsideTheAPIsLimitsAreNamed() {
        var request = request()
        request.suffix = String(repeating: "s", count: 65)
        #expect(SubmissionLimits.check(request)?.parameter == "suffix")
        request.suffix = String(repeating: "s", count: 64)
        #expect(SubmissionLimits.check(request) == nil)
        request.metadata = Dictionary(uniqueKeysWithValues: (0..<16).map { ("k\($0)", "v") })
        #expect(SubmissionLimits.check(request)?.parameter == "metadata")
        request.metadata = ["k": String(repeating: "v", count: 513)]
        #expect(SubmissionLimits.check(request)?.parameter == "metadata.k")
        request.metadata = nil
        request.hyperparameters = .init(n_epochs: 51)
        #expect(SubmissionLimits.check(request)?.parameter == "hyperparameters.n_epochs")
        request.hyperparameters = .init(batch_size: 257)
        #expect(SubmissionLimits.check(request)?.parameter == "hyperparameters.batch_size")
        request.hyperparameters = .init(learning_rate_multiplier: 0)
        #expect(SubmissionLimits.check(request)?.parameter == "hyperparameters.learning_rate_multiplier")
        request.method = "dpo"
        request.hyperparameters = .init(beta: 2.5)
        #expect(SubmissionLimits.check(request)?.parameter == "hyperparameters.beta")
    }
}

extension SubmissionRecord {
    var updatedAtSeconds: Double { Double(updatedAt) }
}

extension DaemonFixture {
    /// A second daemon on the same configuration (so the same database).
    struct SecondDaemon {
        let fixture: DaemonFixture
        func startDaemon() async throws -> Daemon {
            var options = Daemon.Options(
                configPath: fixture.configPath, configRequired: true,
                environment: ["OPENAI_API_KEY": DaemonFixture.apiKey])
            options.submissionRetryDelay = .seconds(1)
            return try await Daemon.start(options, logger: .init(label: "second-daemon"))
        }
    }
}
