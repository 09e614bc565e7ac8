import JobStore
import OpenAIFineTuning

/// Decides how far to page through `GET /fine_tuning/jobs` (newest first, 100 a page) in one poll
/// cycle: far enough to see every tracked non-terminal job, and no further. A pure value: mark
/// the tracked jobs each page shows (`markSeen`), then ask it whether to fetch the next page; at
/// the end it names the tracked jobs the pages did not cover (those are retrieved one by one).
///
/// The list is ordered by creation, newest first, so once a page ends with a job older than every
/// still-unseen tracked job, no later page can hold them (they belong to another project, or were
/// deleted): the walk stops there instead of paging through an account's whole history.
///
/// Memory: it holds the tracked jobs as `TrackedJobKey`s (row id and creation time) in sorted
/// arrays, about 21 bytes a job, no strings and no hash table.
struct ListWalk {
    /// The tracked jobs, sorted by row id.
    private let keys: [TrackedJobKey]
    private var seen: [Bool]
    /// Indices into `keys`, oldest created first; `oldest` is the first that is still unseen.
    private let byAge: [Int32]
    private var oldest = 0
    private(set) var unseenCount: Int
    private(set) var pagesFetched = 0

    enum Step: Equatable {
        case fetch(after: String?)
        /// The row ids of the tracked jobs no page showed.
        case finished(missing: [Int64])
    }

    init(tracked: [TrackedJobKey]) {
        let sorted = tracked.sorted { $0.rowID < $1.rowID }
        var unique: [TrackedJobKey] = []
        unique.reserveCapacity(sorted.count)
        for key in sorted where unique.last?.rowID != key.rowID { unique.append(key) }
        keys = unique
        seen = Array(repeating: false, count: unique.count)
        byAge = unique.indices.map { Int32($0) }.sorted { unique[Int($0)].createdAt < unique[Int($1)].createdAt }
        unseenCount = unique.count
    }

    /// The first step: nothing to fetch when nothing is tracked.
    var start: Step { unseenCount == 0 ? .finished(missing: []) : .fetch(after: nil) }

    /// Marks the tracked job at `rowID` seen. False when the walk does not track it or has seen
    /// it already (a job that moved to the next page as newer ones were created): the caller
    /// handles each job once.
    mutating func markSeen(rowID: Int64) -> Bool {
        guard let index = index(of: rowID), !seen[index] else { return false }
        seen[index] = true
        unseenCount -= 1
        return true
    }

    /// After a page's tracked jobs are marked seen: what to do next.
    mutating func receive(_ page: ListPage<FineTuningJob>) -> Step {
        pagesFetched += 1
        guard unseenCount > 0 else { return .finished(missing: []) }
        guard page.hasMore, let last = page.data.last else { return finished }
        while seen[Int(byAge[oldest])] { oldest += 1 }
        let oldestUnseen = keys[Int(byAge[oldest])].createdAt
        // Ties: a job created in the same second as the page's last one may still be on the next page.
        return Int64(last.createdAt) >= oldestUnseen ? .fetch(after: last.id) : finished
    }

    private var finished: Step {
        .finished(missing: keys.indices.filter { !seen[$0] }.map { keys[$0].rowID })
    }

    private func index(of rowID: Int64) -> Int? {
        var low = 0
        var high = keys.count
        while low < high {
            let middle = (low + high) / 2
            if keys[middle].rowID < rowID { low = middle + 1 } else { high = middle }
        }
        return low < keys.count && keys[low].rowID == rowID ? low : nil
    }
}
