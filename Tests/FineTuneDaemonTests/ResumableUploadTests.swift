@testable import FineTuneDaemon
import FinetunedTesting
import Foundation
import JobStore
import OpenAIFineTuning
import OpenAISimulator
import Testing

/// Files above `MultipartUploadThreshold=` go through the Uploads API in parts stored one by
/// one: a restarted daemon goes on at the next part, an expired upload starts over, and a
/// complete the API refuses fails the submission with its reason. (The SIGKILL of a real
/// process is Tests/peers/test_resumable_upload.py.)
@Suite(.serialized) struct ResumableUploadTests {
    /// The sample is 10,849 bytes: 6 parts of 2 KiB.
    static let config = "MultipartUploadThreshold=1K\nUploadPartSize=2K"
    static let partCount = 6

    func request() -> SubmissionRequest {
        SubmissionRequest(training_file: SubmissionRecoveryTests.sample, model: "gpt-4o-mini")
    }

    func count(_ fixture: DaemonFixture, _ endpoint: String) -> Int {
        fixture.simulator.requestCounts()[endpoint, default: 0]
    }

    func md5sum(_ path: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/md5sum")
        process.arguments = [path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        process.waitUntilExit()
        return String(
            String(decoding: pipe.fileHandleForReading.readToEndRetryingInterrupts(), as: UTF8.self).prefix(32))
    }

    /// The part ids the complete named, and its md5, from the simulator's request log.
    func completeBody(_ fixture: DaemonFixture) throws -> (partIDs: [String], md5: String?) {
        let record = try #require(
            fixture.simulator.requestLog().last { $0.endpoint == "POST /uploads/{id}/complete" && $0.status == 200 })
        let body = try #require(
            record.body.flatMap { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] })
        return (body["part_ids"] as? [String] ?? [], body["md5"] as? String)
    }

    /// Starts a submission whose parts are slow, and stops the daemon once `parts` are stored.
    func stopMidUpload(_ fixture: DaemonFixture, parts: Int) async throws -> (SubmissionRecord, MultipartUploadRecord) {
        let daemon = try await fixture.startDaemon()
        fixture.simulator.setFaults(
            .init(rules: [.init(kind: .slow, endpoint: "POST /uploads/{id}/parts", delayMs: 150)]))
        let submission = try daemon.createSubmission(request(), requestedBy: nil)
        daemon.startSubmission(submission.id, request: request(), follow: false)
        let key = try UploadOnceTests.key()
        try await waitUntil { ((try? daemon.store.multipartUpload(for: key))??.partIDs.count ?? 0) >= parts }
        try await fixture.stopDaemon()
        fixture.simulator.setFaults(.init())
        let stored = try #require(try daemon.store.multipartUpload(for: key))
        return (submission, stored)
    }

    @Test func aLargeFileGoesInPartsWithTheMD5AndBecomesOneFile() async throws {
        try await withDaemon(extraConfig: Self.config) { fixture in
            let daemon = try await fixture.startDaemon()
            let submission = try daemon.createSubmission(request(), requestedBy: nil)
            _ = try await daemon.runSubmission(submission, request: request()) { _ in }

            #expect(count(fixture, "POST /files") == 0)
            #expect(count(fixture, "POST /uploads") == 1)
            #expect(count(fixture, "POST /uploads/{id}/parts") == Self.partCount)
            let complete = try completeBody(fixture)
            #expect(complete.partIDs.count == Self.partCount)
            #expect(complete.md5 == (try md5sum(SubmissionRecoveryTests.sample)))
            let fileID = try #require(try daemon.store.submission(id: submission.id)?.trainingFileID)
            let content = try await fixture.withClient { try await $0.fileContent(fileID) }
            #expect(content == [UInt8](try Data(contentsOf: URL(fileURLWithPath: SubmissionRecoveryTests.sample))))
            #expect(
                try daemon.store.multipartUpload(for: UploadOnceTests.key()) == nil, "the finished upload is forgotten")
            #expect(try daemon.store.uploadedFile(for: UploadOnceTests.key())?.fileID == fileID)
        }
    }

    @Test func aRestartedDaemonGoesOnAtTheNextPart() async throws {
        try await withDaemon(extraConfig: Self.config) { fixture in
            let (submission, stored) = try await stopMidUpload(fixture, parts: 2)
            let sentBefore = count(fixture, "POST /uploads/{id}/parts")
            let done = stored.partIDs.count
            #expect(done >= 2 && done < Self.partCount)

            let restarted = try await fixture.startDaemon()
            try await waitUntil { (try? restarted.store.submission(id: submission.id)?.state) == .created }
            #expect(count(fixture, "POST /uploads") == 1, "the same upload went on")
            #expect(count(fixture, "POST /uploads/{id}/parts") - sentBefore == Self.partCount - done)
            let complete = try completeBody(fixture)
            #expect(Array(complete.partIDs.prefix(done)) == (0..<done).map { stored.partIDs[$0]! })
            #expect(try await fixture.withClient { try await $0.listFiles(purpose: .fineTune).data.count } == 1)
            #expect(count(fixture, "POST /fine_tuning/jobs") == 1)
        }
    }

    @Test func anUploadTheAPIExpiredStartsOverAndEndsWithOneFileAndOneJob() async throws {
        try await withDaemon(extraConfig: Self.config) { fixture in
            let (submission, _) = try await stopMidUpload(fixture, parts: 2)
            fixture.simulator.expireUploads()

            let restarted = try await fixture.startDaemon()
            try await waitUntil { (try? restarted.store.submission(id: submission.id)?.state) == .created }
            #expect(count(fixture, "POST /uploads") == 2, "a fresh upload after the expired one")
            #expect(count(fixture, "POST /uploads/{id}/complete") == 1)
            #expect(try await fixture.withClient { try await $0.listFiles(purpose: .fineTune).data.count } == 1)
            #expect(count(fixture, "POST /fine_tuning/jobs") == 1)
        }
    }

    @Test func anUploadStoredAsExpiredIsCancelledAndStartedOver() async throws {
        try await withDaemon(extraConfig: Self.config) { fixture in
            let (submission, stored) = try await stopMidUpload(fixture, parts: 1)
            var expired = stored
            expired.expiresAt = Date().timeIntervalSince1970 - 1
            let store = try JobStore.open(path: fixture.databasePath)
            try store.beginMultipartUpload(expired)

            let restarted = try await fixture.startDaemon()
            try await waitUntil { (try? restarted.store.submission(id: submission.id)?.state) == .created }
            #expect(count(fixture, "POST /uploads") == 2)
            #expect(count(fixture, "POST /uploads/{id}/cancel") == 1, "the old upload was cancelled")
            #expect(try await fixture.withClient { try await $0.listFiles(purpose: .fineTune).data.count } == 1)
            #expect(count(fixture, "POST /fine_tuning/jobs") == 1)
        }
    }

    @Test func aCompleteTheAPIRefusesFailsTheSubmissionWithItsReason() async throws {
        try await withDaemon(extraConfig: Self.config) { fixture in
            let (submission, stored) = try await stopMidUpload(fixture, parts: 1)
            var wrong = stored
            wrong.md5 = String(repeating: "0", count: 32)
            let store = try JobStore.open(path: fixture.databasePath)
            try store.beginMultipartUpload(wrong)

            let restarted = try await fixture.startDaemon()
            try await waitUntil { (try? restarted.store.submission(id: submission.id)?.state) == .failed }
            let failed = try #require(try restarted.store.submission(id: submission.id))
            #expect(failed.error?.contains("md5") == true, "\(failed.error ?? "")")
            #expect(count(fixture, "POST /fine_tuning/jobs") == 0)
            #expect(try restarted.store.multipartUpload(for: UploadOnceTests.key()) == nil)
            #expect(try await fixture.withClient { try await $0.listFiles(purpose: .fineTune).data.count } == 0)
        }
    }
}

/// Part failures by kind: a 5xx is retried by the client; a part whose answer was lost is sent
/// again (a second part on the API), and only the stored part ids are completed.
@Suite(.serialized) struct UploadPartFailureTests {
    func request() -> SubmissionRequest {
        SubmissionRequest(training_file: SubmissionRecoveryTests.sample, model: "gpt-4o-mini")
    }

    func partsReceived(_ fixture: DaemonFixture) -> Int {
        fixture.simulator.uploadParts().values.reduce(0) { $0 + $1.count }
    }

    @Test func transientPartFailuresAreRetriedAndALostPartAnswerIsNeverCompleted() async throws {
        try await withDaemon(extraConfig: ResumableUploadTests.config) { fixture in
            fixture.submissionRetryDelay = .milliseconds(100)
            let daemon = try await fixture.startDaemon()
            fixture.simulator.setFaults(
                .init(rules: [
                    .init(kind: .loseResponse, endpoint: "POST /uploads/{id}/parts", count: 1),
                    .init(kind: .status, endpoint: "POST /uploads/{id}/parts", count: 2, status: 503, retryAfterMs: 10),
                ]))
            let submission = try daemon.createSubmission(request(), requestedBy: nil)
            daemon.startSubmission(submission.id, request: request(), follow: false)
            try await waitUntil(timeout: .seconds(30)) {
                (try? daemon.store.submission(id: submission.id)?.state) == .created
            }

            #expect(fixture.simulator.requestCounts()["POST /uploads", default: 0] == 1)
            #expect(partsReceived(fixture) == ResumableUploadTests.partCount + 1, "the lost part was sent again")
            let fileID = try #require(try daemon.store.submission(id: submission.id)?.trainingFileID)
            let content = try await fixture.withClient { try await $0.fileContent(fileID) }
            #expect(content == [UInt8](try Data(contentsOf: URL(fileURLWithPath: SubmissionRecoveryTests.sample))))
        }
    }
}
