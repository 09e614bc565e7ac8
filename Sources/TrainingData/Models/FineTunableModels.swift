/// The base models OpenAI documents as fine-tunable, by alias and dated snapshot.
///
/// From the fine-tuning guide and pricing page (see
/// ../shared/reference/openai-fine-tuning-api.md, section 11, about November 2025). A model not
/// listed here can still be fine-tuned when it is a fine-tuned model of the account (`ft:…`, to
/// continue training) — only the account's model list can say that, so `check` answers
/// `.needsAccount` for those.
public enum FineTunableModels {
    /// Aliases and the snapshots they resolve to.
    public static let bases: [(alias: String, snapshots: [String])] = [
        ("gpt-4.1", ["gpt-4.1-2025-04-14"]),
        ("gpt-4.1-mini", ["gpt-4.1-mini-2025-04-14"]),
        ("gpt-4.1-nano", ["gpt-4.1-nano-2025-04-14"]),
        ("gpt-4o", ["gpt-4o-2024-08-06"]),
        ("gpt-4o-mini", ["gpt-4o-mini-2024-07-18"]),
        ("o4-mini", ["o4-mini-2025-04-16"]),
        ("gpt-3.5-turbo", ["gpt-3.5-turbo-0125", "gpt-3.5-turbo-1106", "gpt-3.5-turbo-0613"]),
        ("gpt-4", ["gpt-4-0613"]),
        ("davinci-002", []),
        ("babbage-002", []),
    ]

    /// What the table says about a model name.
    public enum Verdict: Sendable, Equatable {
        /// A documented fine-tunable base (alias or snapshot).
        case base
        /// A fine-tuned model (`ft:…`): fine-tunable if the account owns it.
        case needsAccount
        /// Not a model that can be fine-tuned.
        case unknown
    }

    public static func check(_ model: String) -> Verdict {
        if model.hasPrefix("ft:") || azureFineTuneBase(model) != nil { return .needsAccount }
        return names.contains(model) ? .base : .unknown
    }

    /// The base of an Azure fine-tuned model id, `BASE.ft-HEX[-suffix]` (e.g.
    /// `gpt-4.1-2025-04-14.ft-5fd1918ee65d4cd38a5dcf6835066ed7-ta` → `gpt-4.1-2025-04-14`), or nil
    /// for any other name.
    public static func azureFineTuneBase(_ model: String) -> String? {
        guard let marker = model.ranges(of: ".ft-").last else { return nil }
        let rest = model[marker.upperBound...]
        let hex = rest.prefix { $0.isHexDigit }
        guard hex.count >= 16, rest.count == hex.count || rest.dropFirst(hex.count).first == "-",
            marker.lowerBound != model.startIndex
        else { return nil }
        return String(model[..<marker.lowerBound])
    }

    /// True for Azure's checkpoint ids: `ftchkpt-HEX` (deployable) or `ftckpt_…` (its spec's examples).
    public static func isAzureCheckpointID(_ id: String) -> Bool {
        id.hasPrefix("ftchkpt-") || id.hasPrefix("ftckpt_")
    }

    /// Every alias and snapshot, sorted.
    public static let names: Set<String> = Set(bases.flatMap { [$0.alias] + $0.snapshots })

    /// The names a base may appear under in an account's model list (its alias and snapshots).
    public static func equivalents(of model: String) -> Set<String> {
        for base in bases where base.alias == model || base.snapshots.contains(model) {
            return Set([base.alias] + base.snapshots)
        }
        return [model]
    }

    /// The aliases, for messages: "gpt-4.1, gpt-4.1-mini, …".
    public static var aliasList: String { bases.map(\.alias).joined(separator: ", ") }
}
