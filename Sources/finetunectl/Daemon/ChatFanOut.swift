import ControlProtocol
import Foundation
import Synchronization
import TrainingData

/// Sends many chat requests through finetuned (`Models.Chat`), at most `connections` at a time,
/// one Varlink connection each (a connection carries one call at a time). finetuned sends each
/// through its API client, whose rate-limit gate spaces them for the account.
struct ChatFanOut: Sendable {
    /// One request: a model (or the job that made it) and the conversation to continue.
    struct Request: Sendable {
        var model: String
        var messages: [ComparisonExample.Message]
    }

    let socketPath: String
    let connections: Int
    var temperature: Double?
    var maxCompletionTokens: Int?

    /// The replies in the order of `requests`. `progress` is called after each, with the number
    /// done. The first failure ends the run and is thrown, naming the model.
    func run(
        _ requests: [Request], first: ControlClient, progress: @escaping @Sendable (Int) -> Void
    ) async throws
        -> [Wire.ChatReply]
    {
        var clients = [first]
        for _ in 1..<max(1, min(connections, requests.count)) {
            clients.append(try await DaemonSession.connect(socketPath))
        }
        defer { for client in clients.dropFirst() { Task { await client.close() } } }
        let shared = Shared()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for client in clients {
                group.addTask {
                    while true {
                        let index = shared.next.wrappingAdd(1, ordering: .relaxed).oldValue
                        guard index < requests.count, !Task.isCancelled else { return }
                        let reply = try await send(requests[index], on: client)
                        shared.results.withLock { $0[index] = reply }
                        progress(shared.done.wrappingAdd(1, ordering: .relaxed).newValue)
                    }
                }
            }
            try await group.waitForAll()
        }
        return shared.results.withLock { stored in requests.indices.compactMap { stored[$0] } }
    }

    /// What the workers share: the next request to send, how many are done, the replies.
    private final class Shared: Sendable {
        let next = Atomic<Int>(0)
        let done = Atomic<Int>(0)
        let results = Mutex<[Int: Wire.ChatReply]>([:])
    }

    private func send(_ request: Request, on client: ControlClient) async throws -> Wire.ChatReply {
        // A job id names the model it made.
        let byJob = request.model.hasPrefix("ftjob-")
        let parameters = ControlRequest.Models.Chat(
            model: byJob ? nil : request.model, job: byJob ? request.model : nil,
            messages: request.messages.map { .init(role: $0.role, content: $0.content) },
            temperature: temperature, max_completion_tokens: maxCompletionTokens)
        do {
            return try await client.call(parameters, as: Wire.ChatReply.self)
        } catch {
            let failure = ErrorReport.failure(for: error, socket: socketPath)
            throw CtlFailure("\(request.model): \(failure.message)", exitCode: failure.exitCode)
        }
    }
}
