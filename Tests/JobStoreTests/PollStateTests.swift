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
}
