import Testing
@testable import JobStore

@Suite("Listing jobs and events")
struct ListingTests {
    @Test("100,000 jobs page newest first with no gap or duplicate, filters agree with counts")
    func hundredThousandJobs() throws {
        let dir = try TemporaryDirectory()
        let store = try JobStore.open(path: dir.databasePath)
        let statuses: [JobStatus] = [.succeeded, .failed, .cancelled, .running, .queued]
        let total = 100_000
        // Many jobs share a creation second, so paging must break ties by id.
        var updates: [PollUpdate] = []
        updates.reserveCapacity(total)
        for i in 0..<total {
            let account = i % 2 == 0 ? "a" : "b"
            let createdAt: Int64 = 1_700_000_000 + Int64(i / 7)
            let job = Fixture.job("ftjob-\(i)", account: account, status: statuses[i % 5], createdAt: createdAt)
            updates.append(PollUpdate(job: job, polledAt: 1))
        }
        try store.apply(updates)

        var seen = Set<String>()
        var previous: JobCursor?
        var cursor: JobCursor?
        repeat {
            let page = try store.listJobs(after: cursor, limit: 1000)
            for job in page.jobs {
                let key = JobCursor(createdAt: job.createdAt, id: job.id)
                if let previous {
                    #expect(
                        previous.createdAt > key.createdAt
                            || (previous.createdAt == key.createdAt && previous.id > key.id))
                }
                previous = key
                seen.insert(job.id)
            }
            cursor = page.nextCursor
        } while cursor != nil
        #expect(seen.count == total)

        let counts = try store.statusCounts()
        #expect(counts.total == total)
        #expect(counts[.running] == total / 5)
        #expect(try store.activeStatusCounts().total == 2 * total / 5)
        #expect(try store.trackedNonTerminalJobs(account: "a").count == total / 5)

        let runningInA = try store.listJobs(
            filter: JobFilter(account: "a", statuses: [.running]), limit: 1000)
        #expect(runningInA.jobs.allSatisfy { $0.account == "a" && $0.status == .running })
        #expect(runningInA.jobs.count == 1000 && runningInA.nextCursor != nil)
    }

    @Test("a cursor round-trips through its string form; junk is rejected")
    func cursorStrings() {
        let cursor = JobCursor(createdAt: 1_700_000_000, id: "ftjob-a/b")
        #expect(JobCursor(cursor.description) == cursor)
        #expect(JobCursor("x/ftjob") == nil)
        #expect(JobCursor("12/") == nil)
        #expect(JobCursor("12") == nil)
    }

    @Test("events page by sequence and by event id; unknown ids are an error")
    func eventPaging() throws {
        let dir = try TemporaryDirectory()
        let store = try JobStore.open(path: dir.databasePath)
        try store.apply(
            PollUpdate(
                job: Fixture.job("ftjob-a"),
                newEvents: (1...5).map { Fixture.event("e\($0)", job: "ftjob-a") }, polledAt: 1))
        try store.apply(
            PollUpdate(
                job: Fixture.job("ftjob-b"),
                newEvents: [Fixture.event("e1", job: "ftjob-b")], polledAt: 1))
        let first = try store.events(jobID: "ftjob-a", limit: 2)
        #expect(first.map(\.id) == ["e1", "e2"])
        let rest = try store.events(jobID: "ftjob-a", afterSequence: first.last!.sequence)
        #expect(rest.map(\.id) == ["e3", "e4", "e5"])
        #expect(try store.events(jobID: "ftjob-a", afterEventID: "e4").map(\.id) == ["e5"])
        #expect(try store.latestEvents(jobID: "ftjob-a", limit: 2).map(\.id) == ["e4", "e5"])
        #expect(throws: JobStoreError.self) { _ = try store.events(jobID: "ftjob-a", afterEventID: "nope") }
    }

    @Test("reads proceed while another thread writes")
    func concurrentReadsAndWrites() async throws {
        let dir = try TemporaryDirectory()
        let store = try JobStore.open(path: dir.databasePath)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for i in 0..<200 {
                    try store.apply(
                        PollUpdate(
                            job: Fixture.job("ftjob-\(i)"),
                            newEvents: [Fixture.event("e\(i)", job: "ftjob-\(i)")], polledAt: 1))
                }
            }
            group.addTask {
                var lastCount = 0
                for _ in 0..<200 {
                    let count = try store.statusCounts().total
                    #expect(count >= lastCount)
                    lastCount = count
                }
            }
            try await group.waitForAll()
        }
        #expect(try store.statusCounts().total == 200)
    }
}
