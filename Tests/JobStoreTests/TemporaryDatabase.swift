import Foundation
import JobStore

/// A fresh directory per test, removed at the end; `path` is where the database goes.
struct TemporaryDirectory: ~Copyable {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("jobstore-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    var databasePath: String { url.appendingPathComponent("finetuned.db").path }

    deinit { try? FileManager.default.removeItem(at: url) }
}

/// Builders for records with sensible defaults, so each test states only what it checks.
enum Fixture {
    static func job(
        _ id: String, account: String = "default", status: JobStatus = .running,
        createdAt: Int64 = 1_700_000_000, rawJSON: String? = #"{"object":"fine_tuning.job"}"#
    ) -> JobRecord {
        JobRecord(
            id: id, account: account, status: status, model: "gpt-4o-mini-2024-07-18",
            createdAt: createdAt, trainingFile: "file-train", rawJSON: rawJSON)
    }

    static func event(_ id: String, job: String, at time: Int64 = 1_700_000_100, data: String? = nil) -> EventRecord {
        EventRecord(
            id: id, jobID: job, createdAt: time, level: "info", type: "message",
            message: "event \(id)", dataJSON: data)
    }
}
