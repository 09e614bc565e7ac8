// JobStoreBenchmark: figures for JobStore on a database of N jobs (default 100,000) with 20
// events each: apply throughput, open time with quick_check beside the same open without it
// (the baseline), active-job lookup, counts, paging at the start and middle of the list.
// Prints figures; asserts nothing.  Run: swift run -c release JobStoreBenchmark [N]
import Foundation
import JobStore

func measure(_ label: String, repeat count: Int = 1, _ body: () throws -> Void) rethrows -> Duration {
    let clock = ContinuousClock()
    var best = Duration.seconds(1_000_000)
    for _ in 0..<count {
        let elapsed = try clock.measure(body)
        best = min(best, elapsed)
    }
    let ms = Double(best.components.attoseconds) / 1e15 + Double(best.components.seconds) * 1e3
    print(label.padding(toLength: 60, withPad: " ", startingAt: 0) + String(format: "%10.3f ms", ms))
    return best
}

let jobs = Int(CommandLine.arguments.dropFirst().first ?? "100000") ?? 100_000
let eventsPerJob = 20
let dir = FileManager.default.temporaryDirectory.appendingPathComponent("jobstore-bench-\(UUID().uuidString)")
try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: dir) }
let path = dir.appendingPathComponent("finetuned.db").path
let statuses: [JobStatus] = [
    .succeeded, .succeeded, .succeeded, .failed, .cancelled, .succeeded, .succeeded, .succeeded, .succeeded, .running,
]
let raw =
    #"{"object":"fine_tuning.job","hyperparameters":{"n_epochs":3,"batch_size":8},"method":{"type":"supervised"},"result_files":["file-abc"]}"#

print("JobStore benchmark: \(jobs) jobs, \(eventsPerJob) events each")
do {
    let store = try JobStore.open(path: path)
    var updates: [PollUpdate] = []
    for i in 0..<jobs {
        let id = "ftjob-\(i)"
        let job = JobRecord(
            id: id, account: i % 3 == 0 ? "research" : "default", status: statuses[i % statuses.count],
            model: "gpt-4o-mini-2024-07-18", createdAt: 1_700_000_000 + Int64(i), trainingFile: "file-train",
            rawJSON: raw)
        let events = (0..<eventsPerJob).map { e in
            EventRecord(
                id: "ftevent-\(i)-\(e)", jobID: id, createdAt: 1_700_000_000 + Int64(i) + Int64(e), level: "info",
                type: "metrics", message: "Step \(e)/\(eventsPerJob): training loss=0.5",
                dataJSON: #"{"step":\#(e),"train_loss":0.5}"#)
        }
        updates.append(PollUpdate(job: job, newEvents: events, polledAt: 1))
    }
    let chunk = 1000
    let total = try measure("apply: \(jobs) jobs in batches of \(chunk) (one tx each)") {
        for start in stride(from: 0, to: updates.count, by: chunk) {
            try store.apply(Array(updates[start..<min(start + chunk, updates.count)]))
        }
    }
    let perJob = Double(total.components.seconds) * 1e6 + Double(total.components.attoseconds) / 1e12
    print(String(format: "  = %.1f µs per job with %d events", perJob / Double(jobs), eventsPerJob))
    var single = updates[jobs - 1]
    single.newEvents = [
        EventRecord(id: "ftevent-new", jobID: single.job.id, createdAt: 1, level: "info", message: "new")
    ]
    _ = try measure("apply: one poll result (job + 1 event), one tx", repeat: 50) { try store.apply(single) }
}

let size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
print("database size: \(size / 1_048_576) MiB (+ WAL)")

_ = try measure("open with quick_check", repeat: 3) { _ = try JobStore.open(path: path) }
_ = try measure("open without quick_check (baseline)", repeat: 3) {
    _ = try JobStore.open(path: path, options: JobStoreOptions(integrityCheck: .never))
}

let store = try JobStore.open(path: path, options: JobStoreOptions(integrityCheck: .never))
_ = try measure("trackedNonTerminalJobs() (\(jobs / 10) active)", repeat: 5) { _ = try store.trackedNonTerminalJobs() }
_ = try measure("activeStatusCounts()", repeat: 5) { _ = try store.activeStatusCounts() }
_ = try measure("statusCounts() over all jobs", repeat: 5) { _ = try store.statusCounts() }
_ = try measure("listJobs first page (100)", repeat: 20) { _ = try store.listJobs(limit: 100) }
let deep = try store.listJobs(
    after: JobCursor(createdAt: 1_700_000_000 + Int64(jobs / 2), id: "ftjob-\(jobs / 2)"), limit: 100)
precondition(deep.jobs.count == 100)
_ = try measure("listJobs page at the middle, keyset cursor", repeat: 20) {
    _ = try store.listJobs(
        after: JobCursor(createdAt: 1_700_000_000 + Int64(jobs / 2), id: "ftjob-\(jobs / 2)"), limit: 100)
}
_ = try measure("listJobs page filtered status=failed account=research", repeat: 20) {
    _ = try store.listJobs(filter: JobFilter(account: "research", statuses: [.failed]), limit: 100)
}
_ = try measure("events(jobID:) 20 events of one job", repeat: 20) { _ = try store.events(jobID: "ftjob-\(jobs / 2)") }
