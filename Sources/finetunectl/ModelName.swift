import TrainingData

/// Model-name helpers for options.
enum ModelName {
    /// `ft:gpt-4o-mini-2024-07-18:org::id` → `gpt-4o-mini-2024-07-18`.
    /// Azure's `BASE.ft-HEX[-suffix]` → `BASE`.
    static func base(_ model: String) -> String {
        if let base = FineTunableModels.azureFineTuneBase(model) { return base.lowercased() }
        var name = model.lowercased()
        if name.hasPrefix("ft:") {
            name.removeFirst(3)
            if let colon = name.firstIndex(of: ":") { name = String(name[..<colon]) }
        }
        return name
    }
}
