@testable import FineTuneDaemon
import FinetunedTesting
import Foundation
import JobStore
import OpenAIFineTuning
import OpenAISimulator
import Testing

/// The defects an independent run found with faults and kills, each reproduced with the
/// simulator: a corrupt 200 on the create, the tag lookup, an upload and an events page; a create
/// that lands after its client died; an adoption walk cut short; a pause forgotten by a restart;
/// request counts that were always 0.
@Suite(.serialized) struct CorruptAnswerTests {
    func request() -> SubmissionRequest {
        SubmissionRequest(training_file: SubmissionRecoveryTests.sample, model: "gpt-4o-mini")
    }

    func creates(_ fixture: DaemonFixture) -> Int {
        fixture.simulator.requestCounts()["POST /fine_tuning/jobs", default: 0]
    }

    func tagged(_ fixture: DaemonFixture, _ submissionID: String) async throws -> [FineTuningJob] {
        try await fixture.withClient {
            try await $0.listJobs(metadata: [SubmissionTag.metadataKey: submissionID]).data
        }
    }

    @Test func aCorruptAnswerToTheCreateAdoptsTheJobItMade() async throws {
        try await withDaemon { fixture in
            let daemon = try await fixture.startDaemon()
            fixture.simulator.setFaults(
                .init(rules: [.init(kind: .corrupt, endpoint: "POST /fine_tuning/jobs", count: 1)]))
            let submission = try daemon.createSubmission(request(), requestedBy: nil)
            let job = try await daemon.runSubmission(submission, request: request()) { _ in }
            #expect(creates(fixture) == 1)
            #expect(try await tagged(fixture, submission.id).map(\.id) == [job.id])
            let stored = try #require(try daemon.store.submission(id: submission.id))
            #expect(stored.state == .created && stored.jobID == job.id)
        }
    }

    @Test func aCorruptAnswerToTheTagLookupIsRetriedNotFinal() async throws {
        try await withDaemon { fixture in
            // A previous run created the job and died in state `creating`.
            let daemon = try await fixture.startDaemon()
            let (submission, existing) = try await SubmissionRecoveryTests.diedAfterCreating(daemon, fixture, request())
            try await fixture.stopDaemon()
            // The lookup (`GET /fine_tuning/jobs?metadata[…]`) answers garbage twice.
            fixture.simulator.setFaults(
                .init(rules: [.init(kind: .corrupt, endpoint: "GET /fine_tuning/jobs", count: 2)]))
            let restarted = try await fixture.startDaemon()
            try await waitUntil { (try? restarted.store.submission(id: submission.id)?.state) == .created }
            #expect(try restarted.store.submission(id: submission.id)?.jobID == existing)
            #expect(creates(fixture) == 1, "the job was adopted, not created again")
        }
    }

    @Test func aCorruptAnswerToAnUploadIsRetriedAndTheSubmissionCompletes() async throws {
        try await withDaemon { fixture in
            fixture.submissionRetryDelay = .milliseconds(100)
            let daemon = try await fixture.startDaemon()
            fixture.simulator.setFaults(.init(rules: [.init(kind: .corrupt, endpoint: "POST /files", count: 1)]))
            let submission = try daemon.createSubmission(request(), requestedBy: nil)
            do {
                _ = try await daemon.runSubmission(submission, request: request()) { _ in }
            } catch let error as OpenAIError {
                #expect(!error.isFinal, "a corrupt answer is transient: \(error)")
            }
            #expect(try daemon.store.submission(id: submission.id)?.state != .failed)
            try await waitUntil { (try? daemon.store.submission(id: submission.id)?.state) == .created }
            #expect(creates(fixture) == 1)
            #expect(try await tagged(fixture, submission.id).count == 1)
        }
    }

    @Test func corruptEventPagesDoNotStopAdoptionAndDoNotMarkTheAccountRefused() async throws {
        try await withDaemon(accountConfig: "AdoptAllJobs=yes") { fixture in
            let preloaded = fixture.simulator.preloadJobs(count: 300, status: "running")
            fixture.simulator.setFaults(
                .init(
                    seed: 7,
                    rules: [
                        .init(kind: .corrupt, endpoint: "GET /fine_tuning/jobs/{id}/events", probability: 0.5),
                        .init(kind: .corrupt, endpoint: "GET /fine_tuning/jobs", probability: 0.2),
                    ]))
            let daemon = try await fixture.startDaemon()
            try await waitUntil(timeout: .seconds(60)) {
                (try? daemon.store.accountState("sim").adoption.isComplete) == true
            }
            #expect(Set(try daemon.store.trackedNonTerminalJobs().map(\.id)) == Set(preloaded))
            for health in daemon.poller?.status.health.values.map(\.state) ?? [] {
                #expect(health != .refused, "corrupt answers are not a refusal")
            }
        }
    }
}

@Suite(.serialized) struct InFlightCreateTests {
    func request() -> SubmissionRequest {
        SubmissionRequest(training_file: SubmissionRecoveryTests.sample, model: "gpt-4o-mini")
    }

    @Test func aCreateThatLandsAfterItsProcessDiedIsAdoptedNotRepeated() async throws {
        try await withDaemon(requestTimeout: "2s") { fixture in
            fixture.createLandingMargin = .seconds(1)
            fixture.submissionRetryDelay = .seconds(600)  // process A never tries again by itself
            let daemon = try await fixture.startDaemon()
            // The API carries the create out only 1.5 s after it arrives.
            fixture.simulator.setFaults(
                .init(rules: [.init(kind: .late, endpoint: "POST /fine_tuning/jobs", count: 1, delayMs: 1500)]))
            let submission = try daemon.createSubmission(request(), requestedBy: nil)
            let processA = Task { try await daemon.runSubmission(submission, request: request()) { _ in } }
            try await waitUntil { fixture.simulator.requestCounts()["POST /fine_tuning/jobs", default: 0] == 1 }
            // Process A dies with its create in flight.
            processA.cancel()
            _ = await processA.result
            try await fixture.stopDaemon()
            let stored = try #require(try daemon.store.submission(id: submission.id))
            #expect(stored.state == .creating && stored.createSentAt != nil)

            // Process B starts at once; A's create lands while B waits.
            let restarted = try await fixture.startDaemon()
            try await waitUntil(timeout: .seconds(30)) {
                (try? restarted.store.submission(id: submission.id)?.state) == .created
            }
            let jobs = try await fixture.withClient {
                try await $0.listJobs(metadata: [SubmissionTag.metadataKey: submission.id]).data
            }
            #expect(jobs.count == 1, "exactly one job carries the tag: \(jobs.map(\.id))")
            #expect(fixture.simulator.requestCounts()["POST /fine_tuning/jobs", default: 0] == 1)
            #expect(try restarted.store.submission(id: submission.id)?.jobID == jobs.first?.id)
        }
    }

    @Test func aSecondJobCarryingASubmissionsTagIsCancelledAndRecorded() async throws {
        try await withDaemon { fixture in
            let daemon = try await fixture.startDaemon()
            let submission = try daemon.createSubmission(request(), requestedBy: nil)
            let kept = try await daemon.runSubmission(submission, request: request()) { _ in }
            // A create of a killed predecessor lands now, after the submission got its job.
            let late = fixture.simulator.preloadJobs(
                count: 1, status: "running", metadata: [SubmissionTag.metadataKey: submission.id])[0]
            daemon.poller?.pollNow()
            try await waitUntil {
                try await fixture.withClient { try await $0.retrieveJob(late).status } == .cancelled
            }
            try await waitUntil { (try? daemon.store.submission(id: submission.id)?.duplicateJobIDs) == [late] }
            #expect(try daemon.store.submission(id: submission.id)?.jobID == kept.id)
            #expect(try daemon.store.job(id: late)?.isTracked != true, "the duplicate is never tracked")
            #expect(try await fixture.withClient { try await $0.retrieveJob(kept.id).status } != .cancelled)
        }
    }
}

@Suite(.serialized) struct DurablePollStateTests {
    @Test func anAdoptionWalkCutShortResumesWhereItStoppedAndFinishes() async throws {
        try await withDaemon(accountConfig: "AdoptAllJobs=yes") { fixture in
            let preloaded = fixture.simulator.preloadJobs(count: 1000, status: "running")
            // Slow list pages, so that the walk is surely under way when the daemon stops.
            fixture.simulator.setFaults(
                .init(rules: [.init(kind: .slow, endpoint: "GET /fine_tuning/jobs", delayMs: 150)]))
            let daemon = try await fixture.startDaemon()
            try await waitUntil(timeout: .seconds(30)) {
                ((try? daemon.store.accountState("sim").adoption.found) ?? 0) >= 200
            }
            try await fixture.stopDaemon()
            let interrupted = try daemon.store.accountState("sim").adoption
            #expect(!interrupted.isComplete && interrupted.cursor != nil)
            let pagesBefore = fixture.simulator.requestCounts()["GET /fine_tuning/jobs", default: 0]

            fixture.simulator.setFaults(.init())
            let restarted = try await fixture.startDaemon()
            try await waitUntil(timeout: .seconds(60)) {
                (try? restarted.store.accountState("sim").adoption.isComplete) == true
            }
            #expect(Set(try restarted.store.trackedNonTerminalJobs().map(\.id)) == Set(preloaded))
            #expect(try restarted.store.accountState("sim").adoption.found == 1000)
            // The walk went on from its cursor: the remaining pages, plus the tracked jobs' walk of
            // the first cycle (at most ten pages), not the whole history again and again.
            let pagesAfter = fixture.simulator.requestCounts()["GET /fine_tuning/jobs", default: 0] - pagesBefore
            #expect(pagesAfter <= 10 - interrupted.found / 100 + 1 + 11, "list pages after the restart: \(pagesAfter)")
        }
    }

    @Test func aPauseTheAPIAskedForIsHonouredAfterARestart() async throws {
        try await withDaemon { fixture in
            let id = try await fixture.createJobElsewhere()
            fixture.simulator.setFaults(
                .init(rules: [
                    .init(kind: .status, endpoint: "GET /fine_tuning/jobs", count: 1, status: 429, retryAfter: 60)
                ]))
            let daemon = try await fixture.startDaemon()
            _ = try await daemon.track(jobID: id, account: nil)
            try await waitUntil { (try? daemon.store.accountState("sim").notBefore) != nil }
            try await fixture.stopDaemon()
            let notBefore = try #require(try daemon.store.accountState("sim").notBefore)
            #expect(notBefore.timeIntervalSinceNow > 50)

            fixture.simulator.setFaults(.init())
            let restartedAt = Date().timeIntervalSince1970
            let restarted = try await fixture.startDaemon()
            let client = try #require(restarted.clients?.entries.first?.client)
            #expect(await client.backoffRemaining > .seconds(50))
            // The first cycle has started, and waits at the gate: nothing reached the API.
            try await waitUntil { restarted.poller?.status.cycleRunning == true }
            let early = fixture.simulator.requestLog().filter { $0.receivedAt >= restartedAt }
            #expect(early.isEmpty, "requests sent before the announced time: \(early.map(\.endpoint))")
        }
    }

    @Test func theStatusStatesTheIntervalTheLoopKeeps() async throws {
        try await withDaemon { fixture in
            let id = try await fixture.createJobElsewhere(examples: 400)
            let daemon = try await fixture.startDaemon()
            _ = try await daemon.track(jobID: id, account: nil)
            try await waitUntil { (daemon.poller?.status.cycles ?? 0) >= 2 }
            let status = try #require(daemon.poller?.status)
            let measured = try #require(status.measuredInterval, "the time between the last two cycle starts")
            #expect(measured > .zero)
            #expect(status.scheduledInterval != nil)
        }
    }

    @Test func aCycleReportsExactlyTheRequestsItSent() async throws {
        try await withDaemon(accountConfig: "AdoptAllJobs=yes") { fixture in
            _ = fixture.simulator.preloadJobs(count: 250, status: "running")
            fixture.simulator.setFaults(.init(seed: 3, rules: [.init(kind: .status, probability: 0.1, status: 500)]))
            try FileManager.default.createDirectory(
                atPath: (fixture.databasePath as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            let store = try JobStore.open(path: fixture.databasePath)
            let client = OpenAIClient(
                account: .init(baseURL: fixture.simulator.baseURL, apiKey: APIKey(DaemonFixture.apiKey)),
                configuration: .init(retry: RetryPolicy(maxRetries: 8, initialBackoff: .milliseconds(1))))
            try await withTearDown({ try? await client.shutdown() }) {
                var account = AccountConfiguration(name: "sim")
                account.baseURL = fixture.simulator.baseURL
                account.adoptAllJobs = true
                let poller = AccountPoller(
                    account: account, client: client, store: store, schedule: PollSchedule(), progress: {})
                for _ in 0..<3 {
                    let before = fixture.simulator.requestLog().count
                    let result = await poller.cycle(now: Date(), eventsFetchedAt: [:])
                    let sent = fixture.simulator.requestLog().count - before
                    #expect(result.error == nil, "\(String(describing: result.error))")
                    #expect(result.requests == sent && sent > 0, "reported \(result.requests), the API saw \(sent)")
                }
            }
        }
    }
}

@Suite struct DuplicateDecisionTests {
    func submission(_ state: SubmissionState, jobID: String? = nil) -> SubmissionRecord {
        SubmissionRecord(
            id: "s1", account: "sim", state: state, trainingFilePath: "/t.jsonl", jobID: jobID, requestJSON: "{}")
    }

    @Test func aJobIsADuplicateOnlyBesideTheKeptJobOrOfAFailedSubmission() {
        #expect(AccountPoller.isDuplicate("ftjob-b", of: submission(.created, jobID: "ftjob-a")))
        #expect(!AccountPoller.isDuplicate("ftjob-a", of: submission(.created, jobID: "ftjob-a")))
        #expect(AccountPoller.isDuplicate("ftjob-a", of: submission(.failed)))
        // Still creating: the submitter decides which job to keep.
        #expect(!AccountPoller.isDuplicate("ftjob-a", of: submission(.creating)))
    }
}
