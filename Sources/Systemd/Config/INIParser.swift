/// Parses systemd-style INI text (systemd.syntax(7)).
///
/// - `[Section]` headers; `Key=Value` assignments (whitespace around key and value trimmed).
/// - Lines starting with `#` or `;` are comments, also inside a continued line.
/// - A line ending in `\` continues on the next; the backslash becomes a space.
/// - An assignment before any section, a line with no `=`, an empty key or an unclosed `[`
///   is an error naming file and line.
public enum INIParser {
    public static func parse(_ text: String, file: String) throws(INIError) -> [INISection] {
        var sections: [INISection] = []
        var pending: (text: String, line: Int)?
        var lineNumber = 0
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)

        func finish(_ logical: String, at line: Int) throws(INIError) {
            let location = INILocation(file: file, line: line)
            let trimmed = logical.trimmingWhitespace()
            if trimmed.isEmpty { return }
            if trimmed.hasPrefix("[") {
                guard trimmed.hasSuffix("]"), trimmed.count >= 3 else {
                    throw INIError(location: location, key: nil, message: "invalid section header \(trimmed)")
                }
                let name = String(trimmed.dropFirst().dropLast()).trimmingWhitespace()
                guard !name.isEmpty, !name.contains(where: { $0 == "[" || $0 == "]" }) else {
                    throw INIError(location: location, key: nil, message: "invalid section header \(trimmed)")
                }
                sections.append(INISection(name: name, location: location))
                return
            }
            guard let equals = trimmed.firstIndex(of: "=") else {
                throw INIError(location: location, key: nil, message: "expected Key=Value, got \"\(trimmed)\"")
            }
            let key = String(trimmed[..<equals]).trimmingWhitespace()
            let value = String(trimmed[trimmed.index(after: equals)...]).trimmingWhitespace()
            guard !key.isEmpty else {
                throw INIError(location: location, key: nil, message: "assignment with no key")
            }
            guard !key.contains(where: { $0.isWhitespace }) else {
                throw INIError(location: location, key: key, message: "key contains whitespace")
            }
            guard !sections.isEmpty else {
                throw INIError(location: location, key: key, message: "assignment outside of any [Section]")
            }
            sections[sections.count - 1].assignments.append(
                INIAssignment(key: key, value: value, location: location))
        }

        for rawLine in lines {
            lineNumber += 1
            var line = String(rawLine)
            if line.hasSuffix("\r") { line.removeLast() }
            let stripped = line.trimmingWhitespace()
            if stripped.hasPrefix("#") || stripped.hasPrefix(";") { continue }
            if pending == nil && stripped.isEmpty { continue }
            if stripped.hasSuffix("\\") {
                // Continuation: keep what precedes the backslash, plus a space.
                let body = String(line[..<line.lastIndex(of: "\\")!]) + " "
                if pending == nil { pending = (body, lineNumber) } else { pending!.text += body }
                continue
            }
            if let started = pending {
                pending = nil
                try finish(started.text + line, at: started.line)
            } else {
                try finish(line, at: lineNumber)
            }
        }
        if let started = pending { try finish(started.text, at: started.line) }
        return sections
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces, tabs and newlines.
    func trimmingWhitespace() -> String {
        guard let start = firstIndex(where: { !$0.isWhitespace }),
            let end = lastIndex(where: { !$0.isWhitespace })
        else { return "" }
        return String(self[start...end])
    }
}
