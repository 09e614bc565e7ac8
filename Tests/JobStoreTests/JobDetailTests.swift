import Dispatch
import Foundation
import Synchronization
import Testing

@testable import JobStore

/// `jobDetail(id:)`, the read behind `Jobs.Get`, and the pool of read connections under it.
@Suite struct JobDetailTests {
    @Test func theDetailIsTheJobWithItsLinksAndSubmittedFile() throws {
        let dir = try TemporaryDirectory()
        let store = try JobStore.open(path: dir.databasePath)
        #expect(try store.jobDetail(id: "ftjob-none") == nil)
        try store.apply(PollUpdate(job: Fixture.job("ftjob-old", status: .succeeded), polledAt: 1))
        var submission = SubmissionRecord(
            id: "mig-1", account: "target", trainingFilePath: "/data/train.jsonl",
            requestJSON: #"{"model":"gpt-4o-mini"}"#)
        try store.createMigration(submission, sourceJobID: "ftjob-old")
        var created = Fixture.job("ftjob-new", account: "target", status: .queued)
        created.submissionID = "mig-1"
        try store.apply(PollUpdate(job: created, polledAt: 2))
        for state in [SubmissionState.validated, .uploading, .uploaded, .creating] {
            submission = try #require(try store.submission(id: "mig-1"))
            submission.state = state
            try store.updateSubmission(submission)
        }
        submission = try #require(try store.submission(id: "mig-1"))
        submission.jobID = "ftjob-new"
        submission.state = .created
        try store.updateSubmission(submission)

        let old = try #require(try store.jobDetail(id: "ftjob-old"))
        var stored = try #require(try store.job(id: "ftjob-old"))
        stored.rawJSON = nil  // the detail leaves the raw JSON out
        #expect(old.record == stored)
        #expect(old.migratedFrom == nil && old.migratedTo == ["ftjob-new"] && old.submittedFile == nil)
        let new = try #require(try store.jobDetail(id: "ftjob-new"))
        #expect(new.migratedFrom == "ftjob-old" && new.migratedTo.isEmpty)
        #expect(new.submittedFile == "/data/train.jsonl")
    }

    @Test func concurrentReadersEachGetAConnectionAndSurplusOnesAreClosed() async throws {
        let dir = try TemporaryDirectory()
        let store = try JobStore.open(path: dir.databasePath)
        try store.apply(PollUpdate(job: Fixture.job("ftjob-a"), polledAt: 1))
        let failures = Failures()
        // 16 threads read at once while the writer keeps writing; every read sees the job.
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for time in 2..<200 {
                    do {
                        try store.apply(PollUpdate(job: Fixture.job("ftjob-a"), polledAt: Int64(time)))
                    } catch {
                        failures.add("write: \(error)")
                    }
                }
            }
            for _ in 0..<16 {
                group.addTask {
                    await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
                        Thread {
                            for _ in 0..<200 {
                                do {
                                    if try store.jobDetail(id: "ftjob-a")?.record.id != "ftjob-a" {
                                        failures.add("job missing")
                                    }
                                } catch {
                                    failures.add("read: \(error)")
                                }
                            }
                            done.resume()
                        }.start()
                    }
                }
            }
        }
        #expect(failures.all == [])
        #expect(store.reader.idleCount >= 1 && store.reader.idleCount <= store.reader.maximumIdle)
    }
}

/// What went wrong on any thread of a test.
private final class Failures: Sendable {
    private let list = Mutex<[String]>([])
    func add(_ failure: String) { list.withLock { $0.append(failure) } }
    var all: [String] { list.withLock { $0 } }
}
