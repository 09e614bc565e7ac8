import Foundation
import Synchronization
import Varlink

/// `io.finetuned.Jobs.Get` calls on one connection (the finetunectl client), one after another,
/// each timed: the latency a user sees while the daemon does something else.
enum JobsGetLoop {
    /// A flag another task sets to end a loop.
    final class Stop: Sendable {
        private let flag = Atomic<Bool>(false)
        var isSet: Bool { flag.load(ordering: .relaxed) }
        func set() { flag.store(true, ordering: .relaxed) }
    }

    /// Calls `Jobs.Get {id}` until `stop` is set (checked between calls) and at least
    /// `minimumCalls` were made, or `maximumCalls` were; every reply is checked to carry the job.
    /// Returns the summary and the slowest call.
    static func run(
        name: String, socket: String, jobID: String, minimumCalls: Int = 200, maximumCalls: Int = 1_000_000,
        stop: Stop
    ) async throws -> (summary: LatencySummary, slowest: Duration) {
        let client = try await VarlinkClient.connect(to: socket)
        let parameters: [String: JSONValue] = ["id": .string(jobID)]
        var samples: [UInt64] = []
        let start = DispatchTime.now().uptimeNanoseconds
        do {
            while samples.count < maximumCalls && (samples.count < minimumCalls || !stop.isSet) {
                let before = DispatchTime.now().uptimeNanoseconds
                let reply = try await client.call("io.finetuned.Jobs.Get", parameters: parameters)
                samples.append(DispatchTime.now().uptimeNanoseconds - before)
                guard case .object(let job)? = reply["job"], job["id"] == .string(jobID) else {
                    throw SubmitDescriptorBenchmark.Failure(description: "Jobs.Get did not return \(jobID): \(reply)")
                }
            }
        } catch {
            await client.close()
            throw error
        }
        let elapsed = DispatchTime.now().uptimeNanoseconds - start
        await client.close()
        return (
            LatencySummary(name: name, samples: samples, elapsedNanoseconds: elapsed),
            .nanoseconds(Int64(samples.max() ?? 0))
        )
    }
}
