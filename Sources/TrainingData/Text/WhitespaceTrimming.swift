extension StringProtocol {
    /// The text without leading and trailing white space (Unicode's White_Space property: spaces,
    /// tabs, line breaks), what Foundation's `trimmingCharacters(in: .whitespacesAndNewlines)`
    /// gave, without Foundation.
    var trimmingWhitespace: SubSequence {
        guard let first = firstIndex(where: { !$0.isWhitespace }) else { return self[endIndex...] }
        let last = lastIndex(where: { !$0.isWhitespace })!
        return self[first...last]
    }
}
