import OpenAIFineTuning
import Testing

@testable import FineTuneDaemon

/// The poll loop's decisions, driven by a fake clock: instants made by adding to one origin, no
/// sleeping, no I/O.
@Suite struct PollTimetableTests {
    typealias Timetable = PollSchedule.Timetable
    let origin = ContinuousClock.now
    func at(_ seconds: Double) -> ContinuousClock.Instant { origin + .milliseconds(Int64(seconds * 1000)) }

    @Test func theFirstCycleIsDueAtOnce() {
        let timetable = Timetable(start: at(0))
        #expect(timetable.isDue(at: at(0)))
        #expect(timetable.wait(at: at(0)) == .zero)
    }

    @Test func theNextCycleIsDueOneIntervalAfterThisOneStarted() {
        var timetable = Timetable(start: at(0))
        timetable.beginCycle(at: at(0))
        #expect(!timetable.isDue(at: at(0)), "never two cycles at a time")
        let due = timetable.endCycle(at: at(2), interval: .seconds(30))
        #expect(due == at(30), "counted from the start, not the end, of the cycle")
        #expect(!timetable.isDue(at: at(29.9)))
        #expect(timetable.wait(at: at(10)) == .seconds(20))
        #expect(timetable.isDue(at: at(30)))
        timetable.beginCycle(at: at(30.5))
        #expect(timetable.measuredInterval == .milliseconds(30_500))
        #expect(timetable.scheduledInterval == .seconds(30))
        #expect(timetable.cycles == 1)
    }

    @Test func aCycleLongerThanTheIntervalIsFollowedAtOnce() {
        var timetable = Timetable(start: at(0))
        timetable.beginCycle(at: at(0))
        let due = timetable.endCycle(at: at(45), interval: .seconds(30))
        #expect(due == at(45))
        #expect(timetable.isDue(at: at(45)))
    }

    @Test func aWakeUpMakesACycleDueAtOnce() {
        var timetable = Timetable(start: at(0))
        timetable.beginCycle(at: at(0))
        timetable.endCycle(at: at(1), interval: .seconds(300))
        #expect(!timetable.isDue(at: at(5)))
        timetable.wake()
        #expect(timetable.isDue(at: at(5)))
        #expect(timetable.wait(at: at(5)) == .zero)
        #expect(timetable.nextStart(at: at(5)) == at(5))
        timetable.beginCycle(at: at(5))
        timetable.endCycle(at: at(6), interval: .seconds(300))
        #expect(!timetable.isDue(at: at(6)), "the wake-up was served by that cycle")
    }

    @Test func aWakeUpDuringACycleCallsForAnotherRightAfterIt() {
        var timetable = Timetable(start: at(0))
        timetable.beginCycle(at: at(0))
        timetable.wake()
        #expect(!timetable.isDue(at: at(1)), "not while the cycle runs")
        timetable.endCycle(at: at(2), interval: .seconds(60))
        #expect(timetable.isDue(at: at(2)))
    }

    @Test func backingOffAccountsStretchTheIntervalWithinTheMaximum() {
        let schedule = PollSchedule(
            active: .seconds(1), running: .seconds(1), watched: .seconds(1), idle: .seconds(300))
        #expect(
            schedule.interval(
                statuses: [.running], anyWatched: false, accounts: [.ok, .ok], maxInterval: .seconds(600))
                == .seconds(1))
        #expect(
            schedule.interval(
                statuses: [.running], anyWatched: false, accounts: [.backingOff, .unreachable, .ok],
                maxInterval: .seconds(600)) == .seconds(10), "5 s per failing account")
        #expect(
            schedule.interval(
                statuses: [.running], anyWatched: false, accounts: [.backingOff], maxInterval: .seconds(3))
                == .seconds(3))
        #expect(
            schedule.interval(statuses: [], anyWatched: false, accounts: [.refused], maxInterval: .seconds(60))
                == .seconds(60), "idle, capped by the maximum; a refusal alone does not stretch")
    }
}
