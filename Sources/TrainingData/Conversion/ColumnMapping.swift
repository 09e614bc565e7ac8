/// Which input columns (or object keys) become the user and assistant messages.
struct ColumnMapping {
    let prompt: String
    let completion: String

    static let promptNames = ["prompt", "question", "input", "instruction", "query", "user"]
    static let completionNames = ["completion", "answer", "output", "response", "assistant"]

    /// Picks columns from `available` names: the given ones (exact, then case-insensitive), or
    /// the first known pair. Throws ``TrainingDataError/unsupportedInput(_:)`` naming what exists.
    static func choose(from available: [String], prompt: String?, completion: String?) throws -> ColumnMapping {
        func find(_ wanted: String?, _ defaults: [String], _ flag: String) throws -> String {
            if let wanted {
                if available.contains(wanted) { return wanted }
                if let match = available.first(where: { $0.lowercased() == wanted.lowercased() }) { return match }
                throw TrainingDataError.unsupportedInput(
                    "no column \"\(wanted)\" (given with \(flag)); the input has: \(available.joined(separator: ", "))")
            }
            for name in defaults {
                if let match = available.first(where: { $0.trimmingSpaces.lowercased() == name }) { return match }
            }
            throw TrainingDataError.unsupportedInput(
                "cannot tell which column is the \(flag == "--prompt-column" ? "prompt (user text)" : "completion (assistant answer)"); "
                    + "the input has: \(available.joined(separator: ", ")); name it with \(flag)")
        }
        return ColumnMapping(
            prompt: try find(prompt, promptNames, "--prompt-column"),
            completion: try find(completion, completionNames, "--completion-column"))
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}
