/// The parts of a fine-tuned model's id, in either service's spelling:
///
/// - OpenAI: `ft:BASE:ORG:SUFFIX:ID` (the suffix may be empty; a checkpoint adds `:ckpt-step-N`).
/// - Azure OpenAI: `BASE.ft-HEX[-SUFFIX]` ("formatted as base-model.ft-{jobid}"; the base is the
///   text before `.ft-`).
///
/// A fine-tune retires with its base, so its base is what the retirement dates are looked up by.
public struct FineTunedModelName: Sendable, Hashable {
    /// The base model the fine-tune was trained from (a dated snapshot, as the API gave it).
    public var base: String
    /// The suffix the user chose, when the name shows one.
    public var suffix: String?

    /// Nil when `id` is not a fine-tuned model's id in either spelling.
    public init?(_ id: String) {
        if id.hasPrefix("ft:") {
            let parts = id.dropFirst(3).split(separator: ":", omittingEmptySubsequences: false)
            guard let first = parts.first, !first.isEmpty else { return nil }
            base = String(first)
            suffix = parts.count > 2 && !parts[2].isEmpty ? String(parts[2]) : nil
            return
        }
        guard let marker = id.firstRange(of: ".ft-"), marker.lowerBound != id.startIndex else { return nil }
        let tail = id[marker.upperBound...]
        let hex = tail.prefix { $0.isHexDigit }
        guard !hex.isEmpty else { return nil }
        base = String(id[..<marker.lowerBound])
        let rest = tail.dropFirst(hex.count)
        suffix = rest.hasPrefix("-") && rest.count > 1 ? String(rest.dropFirst()) : nil
    }

    /// The base of `id` when it is a fine-tune (repeatedly: a fine-tune of a fine-tune), else `id`.
    public static func root(of id: String) -> String {
        var current = id
        while let name = FineTunedModelName(current), name.base != current { current = name.base }
        return current
    }
}
