import JobStore

/// Follows jobs for `Jobs.Watch`: each change of a followed job, until every one has ended.
///
/// A change of a followed job is handed out as published. On `.missed` (the subscription
/// overflowed) each job still followed is read from the store and handed out if it differs from
/// what was last handed out: the watcher may skip intermediate states, as a slow watcher
/// always could, but never the latest state nor a job's end.
struct JobsFollower {
    let store: JobStore
    /// The jobs not yet seen ending.
    private(set) var remaining: Set<String>
    private var lastHandedOut: [String: JobRecord]

    /// Follows the unfinished ones of `jobs`, as already handed out.
    init(store: JobStore, jobs: [JobRecord]) {
        self.store = store
        let open = jobs.filter { !$0.isTerminal }
        remaining = Set(open.map(\.id))
        lastHandedOut = Dictionary(open.map { ($0.id, $0) }, uniquingKeysWith: { _, last in last })
    }

    /// Whether every followed job has ended.
    var isDone: Bool { remaining.isEmpty }

    /// The job states to hand out for `delivery`, in order; a job that ended is the last one
    /// handed out for it.
    mutating func take(_ delivery: JobFeed.Delivery) throws -> [JobRecord] {
        switch delivery {
        case .change(let change):
            return hand(change.job).map { [$0] } ?? []
        case .missed:
            return try remaining.sorted().compactMap { id in
                guard let job = try store.job(id: id) else { throw JobStoreError.notFound(.job, id: id) }
                return job == lastHandedOut[id] ? nil : hand(job)
            }
        }
    }

    private mutating func hand(_ job: JobRecord) -> JobRecord? {
        guard remaining.contains(job.id) else { return nil }
        lastHandedOut[job.id] = job
        if job.isTerminal { remaining.remove(job.id) }
        return job
    }
}
