import Foundation
import JobStore

/// A database of many finished jobs with a few events each, as after months of use, built once
/// through `JobStore.apply` batches and kept under /tmp for later runs (a marker file says it
/// was completed; a half-built file is rebuilt).
enum HistoryDatabase {
    static let directory = "/tmp/finetuned-bench"

    /// Named with the schema version too: a daemon migrates the file it opens, and a build of
    /// another version (another branch, main's binary measured beside this one) must not find a
    /// file it cannot open.
    static func path(jobs: Int, eventsPerJob: Int) -> String {
        "\(directory)/history-\(jobs)-jobs-\(eventsPerJob)-events-schema\(JobStore.supportedSchemaVersion).db"
    }

    /// The id of job number `index` (0-based).
    static func jobID(_ index: Int) -> String { String(format: "ftjob-bench%08d", index) }

    /// Returns the path of a complete database with `jobs` jobs, building it if needed.
    static func ensure(jobs: Int, eventsPerJob: Int) throws -> String {
        let path = path(jobs: jobs, eventsPerJob: eventsPerJob)
        let marker = path + ".complete"
        if FileManager.default.fileExists(atPath: marker) { return path }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        let started = ContinuousClock.now
        try build(path: path, jobs: jobs, eventsPerJob: eventsPerJob)
        _ = FileManager.default.createFile(atPath: marker, contents: Data())
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        Bench.say(
            "built \(path): \(jobs) jobs, \(jobs * eventsPerJob) events, "
                + String(format: "%.1f MB in %.1f s", Double(size) / 1e6, Bench.seconds(ContinuousClock.now - started)))
        return path
    }

    private static func build(path: String, jobs: Int, eventsPerJob: Int) throws {
        let store = try JobStore.open(path: path)
        let base: Int64 = 1_700_000_000
        var batch: [PollUpdate] = []
        batch.reserveCapacity(1000)
        for index in 0..<jobs {
            let id = jobID(index)
            let created = base + Int64(index) * 60
            // Mostly succeeded, as history is; some failed and cancelled.
            let status: StoreJobStatus = index % 20 == 0 ? .failed : index % 20 == 1 ? .cancelled : .succeeded
            let model = status == .succeeded ? "ft:gpt-4o-mini-2024-07-18:org-bench::\(String(id.suffix(8)))" : nil
            let raw = """
                {"object":"fine_tuning.job","id":"\(id)","model":"gpt-4o-mini-2024-07-18","created_at":\(created),\
                "finished_at":\(created + 3600),"fine_tuned_model":\(model.map { "\"\($0)\"" } ?? "null"),\
                "organization_id":"org-bench","result_files":[],"status":"\(status.rawValue)",\
                "validation_file":null,"training_file":"file-bench\(index)","hyperparameters":\
                {"n_epochs":3,"batch_size":1,"learning_rate_multiplier":1.8},"trained_tokens":30000,\
                "error":null,"seed":\(index),"estimated_finish":null,"integrations":[],"metadata":null}
                """
            let job = JobRecord(
                id: id, account: "sim", status: status, model: "gpt-4o-mini-2024-07-18", fineTunedModel: model,
                createdAt: created, finishedAt: created + 3600, trainedTokens: 30_000,
                trainingFile: "file-bench\(index)",
                failure: status == .failed ? JobFailure(code: "invalid_training_file", message: "bad line 3") : nil,
                rawJSON: raw, isTracked: true)
            let events = (0..<eventsPerJob).map { step in
                EventRecord(
                    id: "ftevent-\(id.suffix(8))-\(step)", jobID: id, createdAt: created + Int64(step) * 10,
                    level: "info", type: "metrics",
                    message: "Step \(step + 1)/\(eventsPerJob): training loss=0.\(step)",
                    dataJSON: "{\"step\":\(step + 1),\"train_loss\":0.\(step),\"total_steps\":\(eventsPerJob)}")
            }
            batch.append(PollUpdate(job: job, newEvents: events, polledAt: created + 3600))
            if batch.count == 1000 {
                try store.apply(batch)
                batch.removeAll(keepingCapacity: true)
            }
        }
        if !batch.isEmpty { try store.apply(batch) }
    }
}
