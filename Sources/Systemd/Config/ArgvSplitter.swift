/// Splits a command line into argv the way systemd does for `ExecStart=` (no shell): words are
/// separated by whitespace; `"…"` and `'…'` quote (and may join a word: `a"b c"` is `ab c`);
/// backslash escapes `\\ \" \' \n \t \r \a \b \f \v \s \xHH` work inside and outside quotes.
///
/// Not supported (rejected or left literal): `$VAR` expansion is not done; systemd's `@ - : + !`
/// prefixes are ordinary characters.
public enum ArgvSplitter {
    public struct SplitError: Error, Sendable, Equatable, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }

    public static func split(_ line: String) throws(SplitError) -> [String] {
        var words: [String] = []
        var current = ""
        var inWord = false
        var quote: Character?
        var chars = Array(line)
        chars.append(" ")  // sentinel ends the last word
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == "\\" {
                guard i + 1 < chars.count - 1 else {
                    throw SplitError(message: "command ends with a lone backslash")
                }
                let (decoded, consumed) = try unescape(chars, at: i + 1)
                current.append(decoded)
                inWord = true
                i += 1 + consumed
                continue
            }
            if let q = quote {
                if c == q { quote = nil } else { current.append(c) }
                i += 1
                continue
            }
            if c == "\"" || c == "'" {
                quote = c
                inWord = true
            } else if c.isWhitespace {
                if inWord { words.append(current) }
                current = ""
                inWord = false
            } else {
                current.append(c)
                inWord = true
            }
            i += 1
        }
        if quote != nil { throw SplitError(message: "unterminated quote in command") }
        return words
    }

    /// Decodes the escape starting at `chars[index]` (after the backslash).
    private static func unescape(_ chars: [Character], at index: Int) throws(SplitError) -> (Character, Int) {
        switch chars[index] {
        case "\\": return ("\\", 1)
        case "\"": return ("\"", 1)
        case "'": return ("'", 1)
        case "n": return ("\n", 1)
        case "t": return ("\t", 1)
        case "r": return ("\r", 1)
        case "a": return ("\u{07}", 1)
        case "b": return ("\u{08}", 1)
        case "f": return ("\u{0C}", 1)
        case "v": return ("\u{0B}", 1)
        case "s": return (" ", 1)
        case " ": return (" ", 1)
        case "x":
            guard index + 2 < chars.count, let value = UInt8(String(chars[(index + 1)...(index + 2)]), radix: 16),
                value != 0
            else { throw SplitError(message: "invalid \\x escape in command") }
            return (Character(Unicode.Scalar(value)), 3)
        default:
            throw SplitError(message: "unknown escape \\\(chars[index]) in command")
        }
    }
}
