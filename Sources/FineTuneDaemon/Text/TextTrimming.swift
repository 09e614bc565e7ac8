/// Trimming with the character sets of Foundation's `CharacterSet.whitespaces` and
/// `.whitespacesAndNewlines` (FoundationEssentials has the sets but not `trimmingCharacters(in:)`).
///
/// Contract: the result is the text with the leading and trailing Unicode scalars of the set
/// removed; inner ones stay.
extension StringProtocol {
    /// Without leading and trailing spaces and tabs (`CharacterSet.whitespaces`: tab and the
    /// Unicode space separators).
    package func trimmingWhitespace() -> String { trimming(where: Self.isWhitespace) }

    /// Without leading and trailing whitespace and line breaks (`CharacterSet.whitespacesAndNewlines`).
    package func trimmingWhitespaceAndNewlines() -> String {
        trimming { Self.isWhitespace($0) || Self.isNewline($0) }
    }

    private func trimming(where isTrimmed: (Unicode.Scalar) -> Bool) -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !isTrimmed($0) }),
            let last = scalars.lastIndex(where: { !isTrimmed($0) })
        else { return "" }
        return String(String.UnicodeScalarView(scalars[first...last]))
    }

    private static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "\t" || scalar.properties.generalCategory == .spaceSeparator
    }

    private static func isNewline(_ scalar: Unicode.Scalar) -> Bool {
        (0x0A...0x0D).contains(scalar.value) || scalar.value == 0x85 || scalar.value == 0x2028
            || scalar.value == 0x2029
    }
}
