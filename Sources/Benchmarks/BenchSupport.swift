import Foundation
import JobStore
import OpenAIFineTuning
import OpenAISimulator

#if canImport(Glibc)
    import Glibc
#endif

/// Small helpers shared by the daemon benchmarks: process memory, timing statistics, a
/// throwaway working directory, and the daemon's configuration file text.
enum Bench {
    /// `VmRSS` and `VmHWM` of a process, in KiB, from `/proc/PID/status` (`self` for this one),
    /// with the part of VmRSS that is anonymous memory (`RssAnon`: heap, stacks; what the daemon
    /// allocates) beside the file pages (`RssFile`: code and data of the binary and libraries).
    struct Memory: Sendable {
        var rssKiB: Int
        var peakKiB: Int
        var anonymousKiB = 0
        var fileKiB = 0
        var rssMiB: Double { Double(rssKiB) / 1024 }
        var peakMiB: Double { Double(peakKiB) / 1024 }
        var anonymousMiB: Double { Double(anonymousKiB) / 1024 }
        var fileMiB: Double { Double(fileKiB) / 1024 }

        /// The four figures as one line of numbers, and back (the daemon child's report file).
        var line: String { "\(rssKiB) \(peakKiB) \(anonymousKiB) \(fileKiB)" }
        init?(line: Substring) {
            let parts = line.split(separator: " ").compactMap { Int($0) }
            guard parts.count == 4 else { return nil }
            (rssKiB, peakKiB, anonymousKiB, fileKiB) = (parts[0], parts[1], parts[2], parts[3])
        }
        init(rssKiB: Int, peakKiB: Int, anonymousKiB: Int = 0, fileKiB: Int = 0) {
            (self.rssKiB, self.peakKiB, self.anonymousKiB, self.fileKiB) = (rssKiB, peakKiB, anonymousKiB, fileKiB)
        }
    }

    static func memory(pid: String = "self") -> Memory {
        let text = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
        func field(_ name: String) -> Int {
            for line in text.split(separator: "\n") where line.hasPrefix(name + ":") {
                return Int(
                    line.dropFirst(name.count + 1).split(whereSeparator: { $0 == " " || $0 == "\t" }).first ?? "") ?? 0
            }
            return 0
        }
        return Memory(
            rssKiB: field("VmRSS"), peakKiB: field("VmHWM"), anonymousKiB: field("RssAnon"), fileKiB: field("RssFile"))
    }

    /// Seconds between two instants of the continuous clock.
    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    static func milliseconds(_ duration: Duration) -> Double { seconds(duration) * 1000 }

    /// Minimum and median of `values` (which must not be empty).
    static func minMedian(_ values: [Double]) -> (min: Double, median: Double) {
        let sorted = values.sorted()
        return (sorted[0], sorted[sorted.count / 2])
    }

    /// A fresh directory under /tmp, removed by the caller.
    static func temporaryDirectory(_ label: String) throws -> String {
        let path = "/tmp/finetuned-bench-\(label)-\(getpid())"
        try? FileManager.default.removeItem(atPath: path)
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// The fake API key the simulator checks (never a real one).
    static let apiKey = "sk-bench-0123456789abcdef"

    /// The daemon's configuration for one simulator account named `sim`.
    static func daemonConfig(
        databasePath: String, socketPath: String, baseURL: URL, pollInterval: String = "1s"
    )
        -> String
    {
        """
        [Daemon]
        DatabasePath=\(databasePath)
        ControlSocket=\(socketPath)
        PollInterval=\(pollInterval)
        LogLevel=warning

        [Account]
        Name=sim
        BaseURL=\(baseURL.absoluteString)
        MaxRetries=8
        RequestTimeoutSec=30s

        """
    }

    /// Lists every job the simulator holds (through the real client) and stores them tracked,
    /// in batches, as if the daemon had been told to track each: no Track calls needed.
    /// Returns the number stored.
    @discardableResult
    static func trackAllJobs(
        of simulator: OpenAISimulator, in store: JobStore, account: String = "sim"
    ) async throws
        -> Int
    {
        let client = OpenAIClient(account: .init(baseURL: simulator.baseURL, apiKey: APIKey(apiKey)))
        var records: [PollUpdate] = []
        var cursor: String?
        repeat {
            let page = try await client.listJobs(after: cursor, limit: 100)
            for job in page.data {
                let record = JobRecord(
                    id: job.id, account: account,
                    status: StoreJobStatus(rawValue: job.status.rawValue),
                    model: job.model, createdAt: Int64(job.createdAt),
                    estimatedFinish: job.estimatedFinish.map(Int64.init),
                    trainedTokens: job.trainedTokens.map(Int64.init), trainingFile: job.trainingFile,
                    isTracked: true)
                records.append(PollUpdate(job: record, polledAt: Int64(Date().timeIntervalSince1970)))
            }
            cursor = page.nextCursor
        } while cursor != nil
        try await client.shutdown()
        for start in stride(from: 0, to: records.count, by: 1000) {
            try store.apply(Array(records[start..<min(start + 1000, records.count)]))
        }
        return records.count
    }

    /// Prints a line now (stdout is a pipe under bench-all).
    static func say(_ line: String) {
        print(line)
        fflush(nil)
    }
}
