import OpenAIFineTuning

/// Decides how far to page through `GET /fine_tuning/jobs` (newest first, 100 a page) in one poll
/// cycle: far enough to see every tracked non-terminal job, and no further. A pure value: feed it
/// each page, it says whether to ask for the next one, and at the end which tracked jobs the pages
/// did not cover (those are retrieved one by one).
///
/// The list is ordered by creation, newest first, so once a page ends with a job older than every
/// still-unseen tracked job, no later page can hold them (they belong to another project, or were
/// deleted): the walk stops there instead of paging through an account's whole history.
struct ListWalk {
    /// Tracked jobs not yet seen in a page, with their creation times.
    private(set) var unseen: [String: Int]
    /// Tracked jobs seen in the pages so far (since the last `takeSeen()`).
    private(set) var seen: [FineTuningJob] = []
    private(set) var pagesFetched = 0

    enum Step: Equatable {
        case fetch(after: String?)
        case finished(missing: [String])
    }

    init(tracked: [(id: String, createdAt: Int)]) {
        unseen = Dictionary(tracked.map { ($0.id, $0.createdAt) }, uniquingKeysWith: { first, _ in first })
    }

    /// The first step: nothing to fetch when nothing is tracked.
    var start: Step { unseen.isEmpty ? .finished(missing: []) : .fetch(after: nil) }

    /// Takes one page and says what to do next.
    mutating func receive(_ page: ListPage<FineTuningJob>) -> Step {
        pagesFetched += 1
        for job in page.data where unseen.removeValue(forKey: job.id) != nil {
            seen.append(job)
        }
        guard !unseen.isEmpty else { return .finished(missing: []) }
        guard page.hasMore, let last = page.data.last else { return finished }
        let oldestUnseen = unseen.values.min()!
        // Ties: a job created in the same second as the page's last one may still be on the next page.
        return last.createdAt >= oldestUnseen ? .fetch(after: last.id) : finished
    }

    /// The jobs seen since the last call, handed over: the walk keeps only their ids, so a
    /// caller that takes them after each page holds one page at a time.
    mutating func takeSeen() -> [FineTuningJob] {
        defer { seen.removeAll(keepingCapacity: true) }
        return seen
    }

    private var finished: Step { .finished(missing: unseen.keys.sorted()) }
}
