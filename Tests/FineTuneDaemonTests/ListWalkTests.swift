import OpenAIFineTuning
import Testing

@testable import FineTuneDaemon

/// The list-paging decisions of a poll cycle, without a network.
@Suite struct ListWalkTests {
    func job(_ id: String, _ createdAt: Int) -> FineTuningJob {
        FineTuningJob(id: id, createdAt: createdAt, model: "m", status: .running, trainingFile: "f")
    }

    func page(_ jobs: [FineTuningJob], more: Bool) -> ListPage<FineTuningJob> { .init(data: jobs, hasMore: more) }

    @Test func nothingTrackedFetchesNothing() {
        #expect(ListWalk(tracked: []).start == .finished(missing: []))
    }

    @Test func stopsAsSoonAsEveryTrackedJobIsSeen() {
        var walk = ListWalk(tracked: [("a", 100), ("b", 90)])
        #expect(walk.start == .fetch(after: nil))
        #expect(walk.receive(page([job("x", 120), job("a", 100)], more: true)) == .fetch(after: "a"))
        #expect(walk.receive(page([job("b", 90), job("y", 80)], more: true)) == .finished(missing: []))
        #expect(walk.seen.map(\.id) == ["a", "b"])
        #expect(walk.pagesFetched == 2)
    }

    @Test func stopsWhenThePagesAreOlderThanAnyUnseenJob() {
        var walk = ListWalk(tracked: [("a", 100), ("gone", 95)])
        #expect(walk.receive(page([job("a", 100), job("z", 50)], more: true)) == .finished(missing: ["gone"]))
    }

    @Test func keepsGoingWhileAnUnseenJobCouldStillCome() {
        var walk = ListWalk(tracked: [("old", 10)])
        #expect(walk.receive(page([job("n1", 30), job("n2", 20)], more: true)) == .fetch(after: "n2"))
        #expect(walk.receive(page([job("n3", 10)], more: true)) == .fetch(after: "n3"), "same second: may follow")
        #expect(walk.receive(page([job("n4", 9)], more: false)) == .finished(missing: ["old"]))
    }

    @Test func theEndOfTheListEndsTheWalk() {
        var walk = ListWalk(tracked: [("a", 100)])
        #expect(walk.receive(page([], more: false)) == .finished(missing: ["a"]))
    }
}
