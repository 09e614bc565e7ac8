import TrainingData

/// Which bases stand in for a retiring one, in order of preference: the same snapshot first,
/// then the nearest successor of the same size. This table only *orders* candidates: whether the
/// target account can fine-tune one today is decided by the target's own models list
/// (`FineTunableBases`), and `--model` overrides both.
enum ModelFamilies {
    static let successors: [String: [String]] = [
        "gpt-4o-2024-08-06": ["gpt-4o-2024-08-06", "gpt-4.1-2025-04-14"],
        "gpt-4o-2024-11-20": ["gpt-4o-2024-11-20", "gpt-4o-2024-08-06", "gpt-4.1-2025-04-14"],
        "gpt-4o-mini-2024-07-18": ["gpt-4o-mini-2024-07-18", "gpt-4.1-mini-2025-04-14"],
        "gpt-4.1-2025-04-14": ["gpt-4.1-2025-04-14"],
        "gpt-4.1-mini-2025-04-14": ["gpt-4.1-mini-2025-04-14"],
        "gpt-4.1-nano-2025-04-14": ["gpt-4.1-nano-2025-04-14"],
        "o4-mini-2025-04-16": ["o4-mini-2025-04-16"],
        // Azure spells it without the dot.
        "gpt-3.5-turbo-0125": [
            "gpt-3.5-turbo-0125", "gpt-35-turbo-0125", "gpt-4o-mini-2024-07-18", "gpt-4.1-mini-2025-04-14",
        ],
        "gpt-35-turbo-0125": [
            "gpt-35-turbo-0125", "gpt-3.5-turbo-0125", "gpt-4o-mini-2024-07-18", "gpt-4.1-mini-2025-04-14",
        ],
    ]

    /// The candidates for `base` (an alias is taken as its snapshot), itself first.
    static func candidates(for base: String) -> [String] {
        let snapshot = FineTunableModels.bases.first { $0.alias == base }?.snapshots.first ?? base
        return successors[snapshot] ?? [snapshot]
    }
}
