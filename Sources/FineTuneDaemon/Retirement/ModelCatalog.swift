import FoundationEssentials
import OpenAIFineTuning
import Synchronization

/// The latest models list of each account (`GET /models`), kept in memory: the source of truth
/// for the API's retirement dates and for which bases an account can fine-tune. Refreshed by the
/// retirement check; read without I/O by `Models.List` and migration planning.
final class ModelCatalog: Sendable {
    private let lists = Mutex<[String: (fetched: Date, models: [String: Model])]>([:])

    /// The account's last list by id (empty when it was never read).
    func cached(_ account: String) -> [String: Model] { lists.withLock { $0[account]?.models ?? [:] } }

    /// The account's list, read again when older than `maxAge` (or `fresh`). A failure to read
    /// is thrown; the cached list stays.
    func models(
        of account: String, client: OpenAIClient, maxAge: TimeInterval, now: Date = Date(), fresh: Bool = false
    )
        async throws -> [String: Model]
    {
        if !fresh, let entry = lists.withLock({ $0[account] }), now.timeIntervalSince(entry.fetched) < maxAge {
            return entry.models
        }
        let listed = try await client.listModels()
        let byID = Dictionary(listed.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        lists.withLock { $0[account] = (now, byID) }
        return byID
    }
}
