import Testing
@testable import JobStore

@Suite("Applying poll results")
struct ApplyTests {
    @Test("a new job is inserted with its events; the last event becomes the cursor")
    func insertsNewJob() throws {
        let dir = try TemporaryDirectory()
        let store = try JobStore.open(path: dir.databasePath, options: JobStoreOptions(now: { 500 }))
        let applied = try store.apply(
            PollUpdate(
                job: Fixture.job("ftjob-a", status: .queued),
                newEvents: [Fixture.event("e1", job: "ftjob-a"), Fixture.event("e2", job: "ftjob-a")],
                polledAt: 42))
        #expect(applied.previousStatus == nil)
        #expect(applied.statusChanged)
        #expect(applied.insertedEvents.map(\.id) == ["e1", "e2"])
        let job = try #require(try store.job(id: "ftjob-a"))
        #expect(job.status == .queued)
        #expect(job.lastEventID == "e2")
        #expect(job.lastPolledAt == 42)
        #expect(job.firstSeenAt == 500)
        #expect(job.isTracked)
        #expect(try store.events(jobID: "ftjob-a").map(\.id) == ["e1", "e2"])
    }

    @Test("events already stored are skipped; status change is reported once")
    func overlappingEvents() throws {
        let dir = try TemporaryDirectory()
        let store = try JobStore.open(path: dir.databasePath)
        try store.apply(
            PollUpdate(
                job: Fixture.job("ftjob-a", status: .running),
                newEvents: [Fixture.event("e1", job: "ftjob-a")], polledAt: 1))
        let second = try store.apply(
            PollUpdate(
                job: Fixture.job("ftjob-a", status: .running),
                newEvents: [Fixture.event("e1", job: "ftjob-a"), Fixture.event("e2", job: "ftjob-a")],
                polledAt: 2))
        #expect(second.previousStatus == .running)
        #expect(!second.statusChanged)
        #expect(second.insertedEvents.map(\.id) == ["e2"])
        let third = try store.apply(PollUpdate(job: Fixture.job("ftjob-a", status: .succeeded), polledAt: 3))
        #expect(third.statusChanged && third.becameTerminal)
        #expect(third.insertedEvents.isEmpty)
        // No new events: the cursor stays where it was.
        #expect(try store.job(id: "ftjob-a")?.lastEventID == "e2")
        #expect(try store.events(jobID: "ftjob-a").count == 2)
    }

    @Test("an invalid JSON field in the last event stores nothing of the update")
    func atomicOnFailure() throws {
        let dir = try TemporaryDirectory()
        let store = try JobStore.open(path: dir.databasePath)
        let bad = PollUpdate(
            job: Fixture.job("ftjob-new"),
            newEvents: [
                Fixture.event("e1", job: "ftjob-new"),
                Fixture.event("e2", job: "ftjob-new", data: "{not json"),
            ],
            metricPoints: [MetricPoint(jobID: "ftjob-new", step: 1, trainLoss: 1.5)],
            polledAt: 1)
        #expect(throws: JobStoreError.invalidRecord("event e2 has a JSON field that is not valid JSON")) {
            try store.apply(bad)
        }
        #expect(try store.job(id: "ftjob-new") == nil)
        #expect(try store.events(jobID: "ftjob-new").isEmpty)
        #expect(try store.metrics(jobID: "ftjob-new").isEmpty)
    }

    @Test("a failing update of a known job leaves its previous state")
    func atomicForExistingJob() throws {
        let dir = try TemporaryDirectory()
        let store = try JobStore.open(path: dir.databasePath)
        try store.apply(
            PollUpdate(
                job: Fixture.job("ftjob-a", status: .running),
                newEvents: [Fixture.event("e1", job: "ftjob-a")], polledAt: 1))
        try store.apply(PollUpdate(job: Fixture.job("ftjob-b"), polledAt: 1))
        try store.apply(
            PollUpdate(
                job: Fixture.job("ftjob-b"),
                checkpoints: [
                    CheckpointRecord(
                        id: "ftckpt_1", jobID: "ftjob-b", createdAt: 1,
                        fineTunedModelCheckpoint: "ft:x:ckpt-step-1", stepNumber: 1)
                ],
                polledAt: 2))
        // ftjob-a claims ftjob-b's checkpoint id: refused after the job row and event were written.
        let clash = PollUpdate(
            job: Fixture.job("ftjob-a", status: .succeeded),
            newEvents: [Fixture.event("e2", job: "ftjob-a")],
            checkpoints: [
                CheckpointRecord(
                    id: "ftckpt_1", jobID: "ftjob-a", createdAt: 1,
                    fineTunedModelCheckpoint: "ft:y:ckpt-step-1", stepNumber: 1)
            ],
            polledAt: 2)
        #expect(throws: JobStoreError.self) { try store.apply(clash) }
        let job = try #require(try store.job(id: "ftjob-a"))
        #expect(job.status == .running)
        #expect(job.lastEventID == "e1")
        #expect(try store.events(jobID: "ftjob-a").map(\.id) == ["e1"])
        #expect(try store.checkpoints(jobID: "ftjob-b").first?.fineTunedModelCheckpoint == "ft:x:ckpt-step-1")
    }

    @Test("a batch is all or nothing")
    func batchIsAtomic() throws {
        let dir = try TemporaryDirectory()
        let store = try JobStore.open(path: dir.databasePath)
        let updates = [
            PollUpdate(job: Fixture.job("ftjob-1"), polledAt: 1),
            PollUpdate(job: Fixture.job("ftjob-2", rawJSON: "[unclosed"), polledAt: 1),
        ]
        #expect(throws: JobStoreError.self) { try store.apply(updates) }
        #expect(try store.job(id: "ftjob-1") == nil)
    }

    @Test("parts naming another job are refused before anything is written")
    func rejectsMismatchedParts() throws {
        let dir = try TemporaryDirectory()
        let store = try JobStore.open(path: dir.databasePath)
        #expect(throws: JobStoreError.invalidRecord("event e1 belongs to ftjob-other, not ftjob-a")) {
            try store.apply(
                PollUpdate(
                    job: Fixture.job("ftjob-a"),
                    newEvents: [Fixture.event("e1", job: "ftjob-other")], polledAt: 1))
        }
        #expect(try store.job(id: "ftjob-a") == nil)
    }

    @Test("store-owned flags survive updates; the account never changes")
    func storeOwnedFields() throws {
        let dir = try TemporaryDirectory()
        let store = try JobStore.open(path: dir.databasePath)
        try store.apply(PollUpdate(job: Fixture.job("ftjob-a", account: "research"), polledAt: 1))
        try store.setTracked(jobID: "ftjob-a", false)
        var incoming = Fixture.job("ftjob-a", account: "other")
        incoming.isTracked = true
        try store.apply(PollUpdate(job: incoming, polledAt: 2))
        let job = try #require(try store.job(id: "ftjob-a"))
        #expect(!job.isTracked)
        #expect(job.account == "research")
        #expect(throws: JobStoreError.notFound(.job, id: "ftjob-zzz")) {
            try store.setTracked(jobID: "ftjob-zzz", true)
        }
    }

    @Test("metric points merge by step; failures round-trip")
    func metricsAndFailure() throws {
        let dir = try TemporaryDirectory()
        let store = try JobStore.open(path: dir.databasePath)
        try store.apply(
            PollUpdate(
                job: Fixture.job("ftjob-a"),
                metricPoints: [
                    MetricPoint(jobID: "ftjob-a", step: 2, trainLoss: 0.5),
                    MetricPoint(jobID: "ftjob-a", step: 1, trainLoss: 0.9),
                ],
                polledAt: 1))
        var failed = Fixture.job("ftjob-a", status: .failed)
        failed.failure = JobFailure(code: "invalid_training_file", message: "line 3: bad role", param: "training_file")
        try store.apply(
            PollUpdate(
                job: failed,
                metricPoints: [MetricPoint(jobID: "ftjob-a", step: 2, validLoss: 0.7)],
                polledAt: 2))
        let points = try store.metrics(jobID: "ftjob-a")
        #expect(points.map(\.step) == [1, 2])
        #expect(points[1].trainLoss == 0.5 && points[1].validLoss == 0.7)
        #expect(try store.job(id: "ftjob-a")?.failure?.code == "invalid_training_file")
    }
}
