@testable import FineTuneDaemon
import FinetunedTesting
import Foundation
import JobStore
import OpenAIFineTuning
import OpenAISimulator
import Testing

/// The same data on the same account is uploaded once: a second submission reuses the file
/// after checking that it still exists, and a file gone from the API is uploaded again.
@Suite(.serialized) struct UploadOnceTests {
    func request() -> SubmissionRequest {
        SubmissionRequest(training_file: SubmissionRecoveryTests.sample, model: "gpt-4o-mini")
    }

    static func key(_ path: String = SubmissionRecoveryTests.sample, account: String = "sim") throws -> UploadKey {
        UploadKey(
            account: account, sha256: try FileDigests.computeNow(path: path, md5: false).sha256, purpose: "fine-tune")
    }

    func fileUploads(_ fixture: DaemonFixture) -> Int { fixture.simulator.requestCounts()["POST /files", default: 0] }

    func filesOnTheAPI(_ fixture: DaemonFixture) async throws -> [OpenAIFile] {
        try await fixture.withClient { try await $0.listFiles(purpose: .fineTune).data }
    }

    @Test func twoSubmitsOfTheSameDataUploadOnce() async throws {
        try await withDaemon { fixture in
            let daemon = try await fixture.startDaemon()
            let first = try daemon.createSubmission(request(), requestedBy: nil)
            let firstJob = try await daemon.runSubmission(first, request: request()) { _ in }
            let second = try daemon.createSubmission(request(), requestedBy: nil)
            let secondJob = try await daemon.runSubmission(second, request: request()) { _ in }

            #expect(fileUploads(fixture) == 1)
            #expect(try await filesOnTheAPI(fixture).count == 1)
            #expect(
                fixture.simulator.requestCounts()["GET /files/{id}", default: 0] >= 1, "the reused file was checked")
            let fileID = try #require(try daemon.store.submission(id: first.id)?.trainingFileID)
            #expect(try daemon.store.submission(id: second.id)?.trainingFileID == fileID)
            #expect(firstJob.id != secondJob.id)
            #expect(try daemon.store.uploadedFile(for: Self.key())?.fileID == fileID)
        }
    }

    @Test func concurrentSubmitsOfTheSameDataUploadOnce() async throws {
        try await withDaemon { fixture in
            let daemon = try await fixture.startDaemon()
            let submissions = try (0..<3).map { _ in try daemon.createSubmission(request(), requestedBy: nil) }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for submission in submissions {
                    group.addTask { _ = try await daemon.runSubmission(submission, request: request()) { _ in } }
                }
                try await group.waitForAll()
            }
            #expect(fileUploads(fixture) == 1)
            #expect(Set(try submissions.map { try daemon.store.submission(id: $0.id)?.trainingFileID }).count == 1)
        }
    }

    @Test func aFileDeletedOnTheAPIIsUploadedAgain() async throws {
        try await withDaemon { fixture in
            let daemon = try await fixture.startDaemon()
            let first = try daemon.createSubmission(request(), requestedBy: nil)
            _ = try await daemon.runSubmission(first, request: request()) { _ in }
            let gone = try #require(try daemon.store.submission(id: first.id)?.trainingFileID)
            _ = try await fixture.withClient { try await $0.deleteFile(gone) }

            let second = try daemon.createSubmission(request(), requestedBy: nil)
            _ = try await daemon.runSubmission(second, request: request()) { _ in }
            #expect(fileUploads(fixture) == 2)
            let fresh = try #require(try daemon.store.submission(id: second.id)?.trainingFileID)
            #expect(fresh != gone)
            #expect(try await filesOnTheAPI(fixture).map(\.id) == [fresh])
            #expect(try daemon.store.uploadedFile(for: Self.key())?.fileID == fresh)
        }
    }

    @Test func aReusedFileIsNotDeletedWhenTheSubmissionReusingItFails() async throws {
        try await withDaemon { fixture in
            let journal = JournalRecorder()
            fixture.logger = journal.logger
            let daemon = try await fixture.startDaemon()
            let first = try daemon.createSubmission(request(), requestedBy: nil)
            _ = try await daemon.runSubmission(first, request: request()) { _ in }
            let fileID = try #require(try daemon.store.submission(id: first.id)?.trainingFileID)

            // The second reuses the file, then the API refuses its create for good.
            fixture.simulator.disableJobCreation(message: "Fine-tuning is closed for this account.")
            let second = try daemon.createSubmission(request(), requestedBy: nil)
            await #expect(throws: (any Error).self) {
                _ = try await daemon.runSubmission(second, request: request()) { _ in }
            }
            try await waitUntil { (try? daemon.store.submission(id: second.id)?.state) == .failed }
            // The orphan check, which runs right after the failure, has decided.
            try await waitUntil {
                journal.entries.withLock {
                    $0.contains { $0.message.contains("file \(fileID) is kept: another submission uses it") }
                }
            }
            #expect(try daemon.store.submission(id: second.id)?.trainingFileID == fileID)
            #expect(fixture.simulator.requestCounts()["DELETE /files/{id}", default: 0] == 0)
            #expect(try await fixture.withClient { try await $0.retrieveFile(fileID).id } == fileID)
            #expect(try daemon.store.uploadedFile(for: Self.key())?.fileID == fileID, "still offered for reuse")
        }
    }

    @Test func aFileOnlyAFailedSubmissionUsedIsDeletedAndNoLongerOffered() async throws {
        try await withDaemon { fixture in
            let daemon = try await fixture.startDaemon()
            fixture.simulator.disableJobCreation(message: "Fine-tuning is closed for this account.")
            let lone = try daemon.createSubmission(request(), requestedBy: nil)
            await #expect(throws: (any Error).self) {
                _ = try await daemon.runSubmission(lone, request: request()) { _ in }
            }
            try await waitUntil { fixture.simulator.requestCounts()["DELETE /files/{id}", default: 0] == 1 }
            try await waitUntil { (try? daemon.store.uploadedFile(for: Self.key())) == nil }
        }
    }

    @Test func aFilesAPIUploadWhoseAnswerALaterRunNeverSawIsFoundNotSentAgain() async throws {
        try await withDaemon { fixture in
            let daemon = try await fixture.startDaemon()
            // The API stores the file at once and answers only 5 s later; the daemon stops before.
            fixture.simulator.setFaults(.init(rules: [.init(kind: .slow, endpoint: "POST /files", delayMs: 5000)]))
            let submission = try daemon.createSubmission(request(), requestedBy: nil)
            daemon.startSubmission(submission.id, request: request(), follow: false)
            try await waitUntil { try await filesOnTheAPI(fixture).count == 1 }
            try await fixture.stopDaemon()
            fixture.simulator.setFaults(.init())
            #expect(try daemon.store.submission(id: submission.id)?.trainingFileID == nil)

            let restarted = try await fixture.startDaemon()
            try await waitUntil { (try? restarted.store.submission(id: submission.id)?.state) == .created }
            #expect(fileUploads(fixture) == 1, "the content was not sent again")
            let files = try await filesOnTheAPI(fixture)
            #expect(files.count == 1)
            #expect(try restarted.store.submission(id: submission.id)?.trainingFileID == files.first?.id)
            #expect(try restarted.store.fileUploadSent(for: Self.key()) == nil)
        }
    }
}
