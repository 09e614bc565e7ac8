import FoundationEssentials
import JobStore
import Logging
import OpenAIFineTuning
import Synchronization
import Systemd

/// Writes down every pause an account is asked for (a 429 or 503 with its `Retry-After`), so that
/// a restarted daemon honours what its predecessor was told instead of sending at once; and
/// applies the stored pauses to freshly made clients.
///
/// The clients are made before the store is open (a bad key must stop the start first), so the
/// ledger gets its store late; a pause reported before then is only held in memory by the client.
final class PauseLedger: Sendable {
    private let store: Mutex<JobStore?> = Mutex(nil)
    private let logger: Logger

    init(logger: Logger) { self.logger = logger }

    func attach(_ store: JobStore) { self.store.withLock { $0 = store } }

    /// The hook a client of `account` calls when its gate closes.
    func recorder(for account: String) -> @Sendable (Date) -> Void {
        { [self] until in
            guard let store = store.withLock({ $0 }) else { return }
            do {
                try store.holdBack(account: account, until: until)
            } catch {
                logger.error("cannot store the pause of account \(account): \(error)")
            }
        }
    }

    /// Holds each client back until the pause stored for its account, if one is still running.
    func apply(to clients: AccountClients) async {
        guard let store = store.withLock({ $0 }) else { return }
        for entry in clients.entries {
            guard let notBefore = try? store.accountState(entry.configuration.name).notBefore,
                notBefore > Date()
            else { continue }
            await entry.client.holdBack(until: notBefore)
            logger.notice(
                "account \(entry.configuration.name): honouring the API's pause until \(notBefore) from before the restart",
                metadata: [JournalMetadataKey.account: .string(entry.configuration.name)])
        }
    }
}
