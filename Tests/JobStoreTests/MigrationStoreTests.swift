import Foundation
import Testing
@testable import JobStore

/// The fourth schema's tables: jobs linked by migrations, retirement warnings given.
@Suite struct MigrationStoreTests {
    @Test func aMigrationIsASubmissionLinkedToItsSourceAndItsJobOnceCreated() throws {
        let dir = try TemporaryDirectory()
        let store = try JobStore.open(path: dir.databasePath)
        try store.apply(PollUpdate(job: Fixture.job("ftjob-old", status: .succeeded), polledAt: 1))
        var submission = SubmissionRecord(
            id: "mig-1", account: "target", trainingFilePath: "/data/train.jsonl",
            requestJSON: #"{"model":"gpt-4o-mini"}"#)
        try store.createMigration(submission, sourceJobID: "ftjob-old")
        #expect(try store.migrations(ofJob: "ftjob-old").map(\.submissionID) == ["mig-1"])
        #expect(try store.migrations(ofJob: "ftjob-old").first?.targetJobID == nil)
        #expect(try store.migrationLinks(jobIDs: ["ftjob-old"]).isEmpty, "no job yet: no link to show")
        // A second migration with the same submission id leaves nothing half-made.
        #expect(throws: JobStoreError.self) { try store.createMigration(submission, sourceJobID: "ftjob-other") }
        #expect(try store.migrations(ofJob: "ftjob-other").isEmpty)

        for state in [SubmissionState.validated, .uploading, .uploaded, .creating] {
            submission = try #require(try store.submission(id: "mig-1"))
            submission.state = state
            try store.updateSubmission(submission)
        }
        try store.apply(PollUpdate(job: Fixture.job("ftjob-new", account: "target", status: .queued), polledAt: 2))
        submission = try #require(try store.submission(id: "mig-1"))
        submission.jobID = "ftjob-new"
        submission.state = .created
        try store.updateSubmission(submission)

        #expect(try store.migration(creating: "ftjob-new")?.sourceJobID == "ftjob-old")
        let links = try store.migrationLinks(jobIDs: ["ftjob-old", "ftjob-new"])
        #expect(links["ftjob-old"]?.to == ["ftjob-new"] && links["ftjob-old"]?.from == nil)
        #expect(links["ftjob-new"]?.from == "ftjob-old" && links["ftjob-new"]?.to == [])
        #expect(try store.migrations(ofJob: "ftjob-old").first?.state == "created")
    }

    @Test func aRetirementWarningIsRecordedOnce() throws {
        let dir = try TemporaryDirectory()
        let store = try JobStore.open(path: dir.databasePath)
        let warning = RetirementWarningRecord(
            modelID: "ft:m", ends: "shutdown", thresholdDays: 30, endDate: "2027-01-14")
        try store.recordRetirementWarning(warning)
        try store.recordRetirementWarning(warning)
        try store.recordRetirementWarning(
            RetirementWarningRecord(modelID: "ft:m", ends: "shutdown", thresholdDays: 7, endDate: "2027-01-14"))
        #expect(try store.retirementWarnings().count == 2)
    }
}
