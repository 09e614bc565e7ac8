import Foundation
import OpenAIFineTuning
import Testing

@testable import FineTuneDaemon

@Suite struct PollScheduleTests {
    let schedule = PollSchedule(
        active: .seconds(30), running: .seconds(60), watched: .seconds(5),
        idle: .seconds(300), runningEvents: .seconds(120))

    func job(_ status: JobStatus, tokens: Int? = nil) -> FineTuningJob {
        var job = FineTuningJob(id: "j", createdAt: 1, model: "m", status: status, trainingFile: "f")
        job.trainedTokens = tokens
        return job
    }

    @Test func theCycleFollowsTheMostUrgentJob() {
        #expect(schedule.nextCycle(statuses: [.running, .queued], anyWatched: false) == .seconds(30))
        #expect(schedule.nextCycle(statuses: [.running, .paused], anyWatched: false) == .seconds(60))
        #expect(schedule.nextCycle(statuses: [.running], anyWatched: true) == .seconds(5))
        #expect(schedule.nextCycle(statuses: [], anyWatched: false) == .seconds(300))
    }

    @Test func quietRunningJobsFetchEventsOnlyWhenTheirIntervalHasPassed() {
        let now = Date(timeIntervalSince1970: 10_000)
        let quiet = JobChange(stored: job(.running), observed: job(.running))
        #expect(!quiet.isChange)
        #expect(schedule.eventsNeed(change: quiet, watched: false, lastFetched: now - 60, now: now) == .none)
        #expect(schedule.eventsNeed(change: quiet, watched: false, lastFetched: now - 121, now: now) == .refresh)
        #expect(schedule.eventsNeed(change: quiet, watched: true, lastFetched: now - 1, now: now) == .required)
        #expect(schedule.eventsNeed(change: quiet, watched: false, lastFetched: nil, now: now) == .refresh)
    }

    @Test func anyChangeFetchesEvents() {
        let now = Date()
        let started = JobChange(stored: job(.queued), observed: job(.running))
        #expect(started.statusChanged && !started.ended)
        #expect(schedule.eventsNeed(change: started, watched: false, lastFetched: now, now: now) == .required)
        let done = JobChange(stored: job(.running), observed: job(.succeeded, tokens: 10))
        #expect(done.ended && done.detailsChanged)
        let new = JobChange(stored: FineTuningJob?.none, observed: job(.queued))
        #expect(new.statusChanged && new.previousStatus == nil)
        let stillQueued = JobChange(stored: job(.queued), observed: job(.queued))
        #expect(schedule.eventsNeed(change: stillQueued, watched: false, lastFetched: nil, now: now) == .none)
    }

    @Test func backgroundRefreshesAreBudgetedStalestFirst() {
        var small = schedule
        small.backgroundRefreshesPerCycle = 2
        let now = Date()
        let allowed = small.refreshesAllowed([
            (id: "recent", lastFetched: now - 200), (id: "never", lastFetched: nil),
            (id: "old", lastFetched: now - 900), (id: "older", lastFetched: now - 5000),
        ])
        #expect(allowed == ["never", "older"])
    }
}
