import OpenAIFineTuning
import TrainingData

/// The bases an account can fine-tune *today*, decided without I/O from its own models list:
///
/// - Azure: a listed model whose `capabilities.fine_tune` is true and whose training has not
///   ended (`deprecation.fine_tune`, else the announced table).
/// - OpenAI: a listed model the fine-tuning guide documents as a base, not shut down.
///
/// Fine-tuned models are left out: a migration starts again from a base.
enum FineTunableBases {
    /// - Parameter provider: nil (a service imitating OpenAI) is judged as OpenAI.
    static func list(
        listed: [String: Model], provider: Provider?, today: CalendarDay, table: RetirementTable
    ) -> [String] {
        listed.values.filter { model in
            guard FineTunedModelName(model.id) == nil else { return false }
            let dates = table.dates(of: model.id, provider: provider, listed: listed)
            if let shutdown = dates.shutdown, today >= shutdown.day { return false }
            switch provider {
            case .azure:
                guard model.capabilities?.fineTune == true else { return false }
                if let ends = dates.fineTune, today > ends.day { return false }
                return true
            case .openAI, nil:
                return FineTunableModels.check(model.id) == .base
            }
        }.map(\.id).sorted()
    }

    /// The base to train on: `requested` when the account can fine-tune it (an alias matches its
    /// snapshot), else the first of the source base's family that it can. Nil when none.
    static func choose(for sourceBase: String, requested: String?, fineTunable: [String]) -> String? {
        let available = Set(fineTunable)
        if let requested {
            if available.contains(requested) { return requested }
            return FineTunableModels.equivalents(of: requested).sorted().first { available.contains($0) }
        }
        return ModelFamilies.candidates(for: FineTunedModelName.root(of: sourceBase)).first { available.contains($0) }
    }
}
