/// Deployment names: the one `deploy` picks when none is given, and the rule a given one must
/// follow (1–64 letters, digits, `.`, `_` or `-`, starting with a letter or digit; the rule
/// ARM applies to deployment names is not stated in the reference, so this is the safe subset).
enum DeploymentName {
    static func isValid(_ name: String) -> Bool {
        ASCIIName.matches(name, lengths: 1...64, first: ASCIIName.isLetterOrDigit, rest: ASCIIName.isNameCharacter)
    }

    /// A name derived from the model id: Azure's `BASE.ft-HEX[-suffix]` gives `BASE-ft-HEX8[-suffix]`,
    /// OpenAI's `ft:BASE:ORG:SUFFIX:ID` gives `BASE-SUFFIX-ID`; anything else its allowed characters.
    static func derived(fromModel model: String) -> String {
        var text = model
        if let range = model.firstRange(of: ".ft-") {
            let base = model[..<range.lowerBound]
            let rest = model[range.upperBound...]
            let hex = rest.prefix { $0.isHexDigit }
            let suffix = rest.dropFirst(hex.count)
            text = "\(base)-ft-\(hex.prefix(8))\(suffix)"
        } else if model.hasPrefix("ft:") {
            let parts = model.split(separator: ":", omittingEmptySubsequences: true).dropFirst()
            text = parts.enumerated().filter { $0.offset != 1 }.map { String($0.element) }.joined(separator: "-")
        }
        var cleaned = String(text.map { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) ? $0 : "-" })
        while let first = cleaned.first, !(first.isLetter || first.isNumber) { cleaned.removeFirst() }
        if cleaned.count > 64 { cleaned = String(cleaned.prefix(64)) }
        while let last = cleaned.last, !(last.isLetter || last.isNumber) { cleaned.removeLast() }
        return cleaned.isEmpty ? "fine-tuned" : cleaned
    }
}
