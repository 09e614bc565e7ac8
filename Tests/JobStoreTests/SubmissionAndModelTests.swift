import Testing
@testable import JobStore

@Suite("Submissions and models")
struct SubmissionAndModelTests {
    @Test("the submission state machine allows the forward path only")
    func stateMachine() {
        let path: [SubmissionState] = [.received, .validated, .uploading, .uploaded, .creating, .created]
        for (from, to) in zip(path, path.dropFirst()) { #expect(from.canMove(to: to)) }
        #expect(SubmissionState.uploading.canMove(to: .uploading))
        #expect(!SubmissionState.creating.canMove(to: .uploaded))
        #expect(!SubmissionState.created.canMove(to: .failed))
        #expect(!SubmissionState.failed.canMove(to: .received))
        #expect(SubmissionState.allCases.filter { !$0.isFinal }.allSatisfy { $0.canMove(to: .failed) })
    }

    @Test("a submission is saved, advanced, and resumable until final")
    func storeSubmissions() throws {
        let dir = try TemporaryDirectory()
        let store = try JobStore.open(path: dir.databasePath, options: JobStoreOptions(now: { 1000 }))
        var s = SubmissionRecord(
            id: "6f1c0e0a-0000-4000-8000-000000000001", account: "default",
            trainingFilePath: "/data/train.jsonl",
            requestJSON: #"{"model":"gpt-4o-mini"}"#)
        try store.createSubmission(s)
        #expect(throws: JobStoreError.self) { try store.createSubmission(s) }
        s.state = .validated
        try store.updateSubmission(s)
        s.state = .uploaded
        s.trainingFileID = "file-abc"
        try store.updateSubmission(s)
        #expect(try store.unfinishedSubmissions().map(\.id) == [s.id])
        var backwards = s
        backwards.state = .received
        #expect(throws: JobStoreError.invalidRecord("submission \(s.id) cannot move from uploaded to received")) {
            try store.updateSubmission(backwards)
        }
        s.state = .creating
        try store.updateSubmission(s)
        s.state = .created
        s.jobID = "ftjob-x"
        try store.updateSubmission(s)
        // The job may reference the submission.
        var job = Fixture.job("ftjob-x")
        job.submissionID = s.id
        try store.apply(PollUpdate(job: job, polledAt: 1))
        #expect(try store.unfinishedSubmissions().isEmpty)
        let stored = try #require(try store.submission(id: s.id))
        #expect(stored.trainingFileID == "file-abc" && stored.jobID == "ftjob-x" && stored.createdAt == 1000)
        #expect(try store.listJobs(filter: JobFilter(submissionID: s.id)).jobs.map(\.id) == ["ftjob-x"])
    }

    @Test("a job tagged with a submission this store does not hold is stored, unlinked")
    func unknownSubmission() throws {
        // Another daemon's (or an older database's) tag must not stop a job from being stored:
        // adoption would stall on it for good.
        let dir = try TemporaryDirectory()
        let store = try JobStore.open(path: dir.databasePath)
        var job = Fixture.job("ftjob-x")
        job.submissionID = "no-such-submission"
        try store.apply(PollUpdate(job: job, polledAt: 1))
        let stored = try #require(try store.job(id: "ftjob-x"))
        #expect(stored.submissionID == nil)
    }
}
