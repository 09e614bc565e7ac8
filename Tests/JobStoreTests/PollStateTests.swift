import Testing
@testable import JobStore

@Suite("What a poll cycle reads")
struct PollStateTests {
    @Test("poll states: the account's tracked unfinished jobs, each with the columns a change is decided on")
    func pollStates() throws {
        let dir = try TemporaryDirectory()
        let store = try JobStore.open(path: dir.databasePath)
        var running = Fixture.job("ftjob-run", account: "a", status: .running)
        running.trainedTokens = 1200
        running.estimatedFinish = 1_700_003_600
        running.lastEventID = "ftevent-9"
        var failing = Fixture.job("ftjob-odd", account: "a", status: JobStatus(rawValue: "paused"))
        failing.failure = JobFailure(code: "quota", message: "over quota", param: nil)
        var untracked = Fixture.job("ftjob-untracked", account: "a")
        untracked.isTracked = false
        let ended = Fixture.job("ftjob-done", account: "a", status: .succeeded)
        let elsewhere = Fixture.job("ftjob-b", account: "b")
        try store.apply([running, failing, untracked, ended, elsewhere].map { PollUpdate(job: $0, polledAt: 1) })

        let states = try store.trackedNonTerminalPollStates(account: "a")
        #expect(Set(states.keys) == ["ftjob-run", "ftjob-odd"])
        #expect(states["ftjob-run"] == running.pollState)
        #expect(states["ftjob-run"]?.trainedTokens == 1200 && states["ftjob-run"]?.lastEventID == "ftevent-9")
        #expect(states["ftjob-odd"] == failing.pollState)
        #expect(states["ftjob-odd"]?.failureCode == "quota")
        #expect(Set(try store.trackedNonTerminalPollStates().keys) == ["ftjob-run", "ftjob-odd", "ftjob-b"])
    }

    @Test(
        "the schedule's facts name each unfinished status once and see a watched job only if it is tracked and unfinished"
    )
    func scheduleFacts() throws {
        let dir = try TemporaryDirectory()
        let store = try JobStore.open(path: dir.databasePath)
        var jobs = (0..<50).map { Fixture.job("ftjob-\($0)", status: $0 % 2 == 0 ? .running : .queued) }
        jobs.append(Fixture.job("ftjob-done", status: .failed))
        try store.apply(jobs.map { PollUpdate(job: $0, polledAt: 1) })
        let quiet = try store.activeScheduleFacts()
        #expect(quiet.statuses.count == 2 && Set(quiet.statuses) == [.running, .queued])
        #expect(!quiet.anyWatched)
        #expect(try store.activeScheduleFacts(watching: ["ftjob-done", "ftjob-unknown"]).anyWatched == false)
        #expect(try store.activeScheduleFacts(watching: ["ftjob-done", "ftjob-7"]).anyWatched)
        try store.setTracked(jobID: "ftjob-7", false)
        #expect(try store.activeScheduleFacts(watching: ["ftjob-7"]).anyWatched == false)
    }

    @Test("a cycle's walk: keys of the tracked unfinished jobs, then the states of one page's jobs by id or row id")
    func keysThenPageStates() throws {
        let dir = try TemporaryDirectory()
        let store = try JobStore.open(path: dir.databasePath)
        var running = Fixture.job("ftjob-run", account: "a", status: .running)
        running.lastEventID = "ftevent-9"
        let queued = Fixture.job("ftjob-\"odd\"", account: "a", status: .queued, createdAt: 1_700_000_100)
        var untracked = Fixture.job("ftjob-untracked", account: "a")
        untracked.isTracked = false
        let ended = Fixture.job("ftjob-done", account: "a", status: .succeeded)
        let elsewhere = Fixture.job("ftjob-b", account: "b")
        try store.apply(
            [running, queued, untracked, ended, elsewhere].map { PollUpdate(job: $0, polledAt: 1) })

        var visited: [String: JobStatus] = [:]
        let keys = try store.trackedNonTerminalKeys(account: "a") { id, status in visited[id] = status }
        #expect(visited == ["ftjob-run": .running, "ftjob-\"odd\"": .queued])
        #expect(keys.count == 2)
        #expect(Set(keys.map(\.createdAt)) == [running.createdAt, queued.createdAt])

        let page = try store.trackedNonTerminalPollStates(
            ids: ["ftjob-run", "ftjob-\"odd\"", "ftjob-untracked", "ftjob-done", "ftjob-b", "ftjob-unknown"],
            account: "a")
        #expect(Set(page.map(\.state.id)) == ["ftjob-run", "ftjob-\"odd\""])
        #expect(page.first { $0.state.id == "ftjob-run" }?.state == running.pollState)
        #expect(Set(page.map(\.rowID)) == Set(keys.map(\.rowID)))

        let byRow = try store.trackedNonTerminalPollStates(rowIDs: keys.map(\.rowID) + [999])
        #expect(Set(byRow.map(\.state.id)) == ["ftjob-run", "ftjob-\"odd\""])
        try store.setTracked(jobID: "ftjob-run", false)
        #expect(try store.trackedNonTerminalPollStates(rowIDs: keys.map(\.rowID)).map(\.state.id) == ["ftjob-\"odd\""])
    }
}
