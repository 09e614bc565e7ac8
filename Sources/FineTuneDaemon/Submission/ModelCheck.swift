import FoundationEssentials
import Logging
import OpenAIFineTuning
import Synchronization
import TrainingData

/// Whether an account can fine-tune a model, asked before any upload.
///
/// A documented base (``FineTunableModels``) passes when the account's model list has it under
/// its alias or a snapshot, or when the list cannot be read (the table stands alone then; the
/// create would still be refused by the API, and the upload cleaned up). A fine-tuned model
/// (`ft:…`) passes only when the account's list has it: a transient failure to read the list is
/// thrown, so the submission waits. Anything else is refused at once. Azure accounts list
/// deployments, not models, so for them the table alone decides bases and `ft:` names pass.
///
/// Lists are cached per account for ``ttl``.
final class ModelCheck: Sendable {
    static let ttl: TimeInterval = 600
    private let cache = Mutex<[String: (fetched: Date, ids: Set<String>)]>([:])

    /// Why a model cannot be fine-tuned.
    struct Refusal: Error, CustomStringConvertible {
        var model: String
        var reason: String
        var description: String { "model \(model): \(reason)" }
    }

    /// - Throws: ``Refusal`` when the model cannot be fine-tuned on this account; `OpenAIError`
    ///   (transient) when the account's list was needed and could not be read.
    func check(_ model: String, account: AccountConfiguration, client: OpenAIClient, logger: Logger) async throws {
        let verdict = FineTunableModels.check(model)
        if verdict == .unknown {
            throw Refusal(
                model: model,
                reason:
                    "not a model that can be fine-tuned (fine-tunable bases: \(FineTunableModels.aliasList); or a fine-tuned model of the account, ft:…)"
            )
        }
        if account.authStyle.isAzure { return }
        let ids: Set<String>
        do {
            ids = try await list(account: account.name, client: client)
        } catch let error as OpenAIError where verdict == .base && !error.isFinal {
            logger.notice(
                "cannot read the model list of account \(account.name) (\(error)); checking \(model) against the built-in table only"
            )
            return
        }
        switch verdict {
        case .base:
            if ids.isDisjoint(with: FineTunableModels.equivalents(of: model)) {
                throw Refusal(
                    model: model,
                    reason: "a fine-tunable base, but not among the models account \(account.name) can use")
            }
        case .needsAccount:
            // A model this daemon made minutes ago is not in an older cached list: look again.
            if !ids.contains(model), try await list(account: account.name, client: client, fresh: true).contains(model)
            {
                return
            }
            if !ids.contains(model) {
                throw Refusal(model: model, reason: "not a fine-tuned model of account \(account.name)")
            }
        case .unknown:
            break
        }
    }

    /// Forgets an account's list (a new fine-tuned model appeared, say).
    func forget(account: String) { _ = cache.withLock { $0.removeValue(forKey: account) } }

    private func list(account: String, client: OpenAIClient, fresh: Bool = false) async throws -> Set<String> {
        if !fresh, let cached = cache.withLock({ $0[account] }), Date().timeIntervalSince(cached.fetched) < Self.ttl {
            return cached.ids
        }
        let ids = Set(try await client.listModels().map(\.id))
        cache.withLock { $0[account] = (Date(), ids) }
        return ids
    }
}
