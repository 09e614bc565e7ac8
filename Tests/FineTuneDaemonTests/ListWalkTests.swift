import JobStore
import OpenAIFineTuning
import Testing

@testable import FineTuneDaemon

/// The list-paging decisions of a poll cycle, without a network. Tracked jobs are named by row
/// id; a job's id on a page is "j" and its row id, as the cycle maps them through the store.
@Suite struct ListWalkTests {
    func job(_ rowID: Int64, _ createdAt: Int) -> FineTuningJob {
        FineTuningJob(id: "j\(rowID)", createdAt: createdAt, model: "m", status: .running, trainingFile: "f")
    }

    func page(_ jobs: [FineTuningJob], more: Bool) -> ListPage<FineTuningJob> { .init(data: jobs, hasMore: more) }

    /// Marks the page's tracked jobs seen, as the cycle does, and returns those it would handle.
    func show(_ page: ListPage<FineTuningJob>, to walk: inout ListWalk) -> (ListWalk.Step, [Int64]) {
        let handled = page.data.compactMap { Int64($0.id.dropFirst()) }.filter { walk.markSeen(rowID: $0) }
        return (walk.receive(page), handled)
    }

    func tracked(_ keys: [(Int64, Int64)]) -> [TrackedJobKey] { keys.map { TrackedJobKey(rowID: $0, createdAt: $1) } }

    @Test func nothingTrackedFetchesNothing() {
        #expect(ListWalk(tracked: []).start == .finished(missing: []))
    }

    @Test func stopsAsSoonAsEveryTrackedJobIsSeen() {
        var walk = ListWalk(tracked: tracked([(1, 100), (2, 90)]))
        #expect(walk.start == .fetch(after: nil))
        let first = show(page([job(7, 120), job(1, 100)], more: true), to: &walk)
        #expect(first.0 == .fetch(after: "j1") && first.1 == [1])
        let second = show(page([job(2, 90), job(8, 80)], more: true), to: &walk)
        #expect(second.0 == .finished(missing: []) && second.1 == [2])
        #expect(walk.pagesFetched == 2)
    }

    @Test func stopsWhenThePagesAreOlderThanAnyUnseenJob() {
        var walk = ListWalk(tracked: tracked([(1, 100), (5, 95)]))
        #expect(show(page([job(1, 100), job(9, 50)], more: true), to: &walk).0 == .finished(missing: [5]))
    }

    @Test func keepsGoingWhileAnUnseenJobCouldStillCome() {
        var walk = ListWalk(tracked: tracked([(1, 10)]))
        #expect(show(page([job(11, 30), job(12, 20)], more: true), to: &walk).0 == .fetch(after: "j12"))
        #expect(show(page([job(13, 10)], more: true), to: &walk).0 == .fetch(after: "j13"), "same second: may follow")
        #expect(show(page([job(14, 9)], more: false), to: &walk).0 == .finished(missing: [1]))
    }

    @Test func theEndOfTheListEndsTheWalk() {
        var walk = ListWalk(tracked: tracked([(1, 100)]))
        #expect(show(page([], more: false), to: &walk).0 == .finished(missing: [1]))
    }

    @Test func aJobShownTwiceIsHandledOnce() {
        // A job created between two page requests pushes the last one of a page onto the next.
        var walk = ListWalk(tracked: tracked([(1, 100), (2, 90), (3, 10)]))
        #expect(show(page([job(1, 100), job(2, 90)], more: true), to: &walk).1 == [1, 2])
        #expect(show(page([job(2, 90), job(3, 10)], more: false), to: &walk).1 == [3])
    }

    @Test func theOldestUnseenJobMovesAsOldJobsAreSeen() {
        // The oldest tracked job seen first: the next oldest unseen decides, not the seen one.
        var walk = ListWalk(tracked: tracked([(2, 20), (1, 10), (3, 80)]))
        #expect(show(page([job(3, 80), job(1, 10)], more: true), to: &walk).0 == .finished(missing: [2]))
        var later = ListWalk(tracked: tracked([(2, 20), (1, 10), (3, 80)]))
        #expect(show(page([job(3, 80), job(1, 30)], more: true), to: &later).0 == .fetch(after: "j1"))
        #expect(show(page([job(2, 20)], more: true), to: &later).0 == .finished(missing: []))
    }
}
