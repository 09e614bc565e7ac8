/// Character classes the two pre-tokenizer patterns test, as bit flags per Unicode scalar.
///
/// The patterns use `\p{L}`, `\p{N}`, `\s` (Unicode White_Space), and the letter subsets
/// "upper-ish" `[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]` and "lower-ish" `[\p{Ll}\p{Lm}\p{Lo}\p{M}]`.
/// Classes come from the Swift standard library's Unicode tables; for scalars assigned in a newer
/// Unicode version than those tables, counts may differ from tiktoken's Rust `regex` crate.
enum ScalarClass {
    static let letter: UInt8 = 1
    static let number: UInt8 = 2
    static let upperish: UInt8 = 4
    static let lowerish: UInt8 = 8
    static let space: UInt8 = 16
    static let newline: UInt8 = 32  // \r or \n

    /// Flags for scalars below `tableLimit`, computed once.
    private static let tableLimit = 0x30000
    /// The table for scalars below 0x30000; pass it to `classAt` (reading a global in the hot
    /// loop would cost a lazy-initialisation check per scalar).
    static var lookupTable: UnsafePointer<UInt8> { UnsafePointer(table) }

    nonisolated(unsafe) private static let table: UnsafeMutablePointer<UInt8> = {
        // Written once during lazy, thread-safe global initialisation and only read afterwards.
        let t = UnsafeMutablePointer<UInt8>.allocate(capacity: tableLimit)
        for v in 0..<tableLimit {
            t[v] = Unicode.Scalar(UInt32(v)).map(compute) ?? 0
        }
        return t
    }()

    @inline(__always)
    static func of(_ v: UInt32) -> UInt8 {
        if v < 0x30000 { return table[Int(v)] }
        return Unicode.Scalar(v).map(compute) ?? 0
    }

    private static func compute(_ s: Unicode.Scalar) -> UInt8 {
        var f: UInt8 = 0
        switch s.properties.generalCategory {
        case .uppercaseLetter, .titlecaseLetter: f = letter | upperish
        case .lowercaseLetter: f = letter | lowerish
        case .modifierLetter, .otherLetter: f = letter | upperish | lowerish
        case .nonspacingMark, .spacingMark, .enclosingMark: f = upperish | lowerish
        case .decimalNumber, .letterNumber, .otherNumber: f = number
        default: f = 0
        }
        if s.properties.isWhitespace { f |= space }
        if s.value == 0x0A || s.value == 0x0D { f |= newline }
        return f
    }
}

/// Decodes one scalar from valid-or-not UTF-8. Invalid bytes decode as a one-byte scalar of
/// class 0 (like a symbol), so scanning always advances.
@inline(__always)
func decodeScalar(_ p: UnsafePointer<UInt8>, _ i: Int, _ n: Int) -> (value: UInt32, length: Int) {
    let b0 = p[i]
    if b0 < 0x80 { return (UInt32(b0), 1) }
    if b0 >= 0xC2 && b0 < 0xE0 && i + 1 < n && p[i + 1] & 0xC0 == 0x80 {
        return (UInt32(b0 & 0x1F) << 6 | UInt32(p[i + 1] & 0x3F), 2)
    }
    if b0 >= 0xE0 && b0 < 0xF0 && i + 2 < n && p[i + 1] & 0xC0 == 0x80 && p[i + 2] & 0xC0 == 0x80 {
        return (UInt32(b0 & 0x0F) << 12 | UInt32(p[i + 1] & 0x3F) << 6 | UInt32(p[i + 2] & 0x3F), 3)
    }
    if b0 >= 0xF0 && b0 < 0xF5 && i + 3 < n && p[i + 1] & 0xC0 == 0x80 && p[i + 2] & 0xC0 == 0x80
        && p[i + 3] & 0xC0 == 0x80
    {
        return (
            UInt32(b0 & 0x07) << 18 | UInt32(p[i + 1] & 0x3F) << 12 | UInt32(p[i + 2] & 0x3F) << 6
                | UInt32(p[i + 3] & 0x3F), 4
        )
    }
    return (0xFFFF_FFFF, 1)
}

/// The class flags and byte length of the scalar at `i`, with an ASCII fast path.
@inline(__always)
func classAt(
    _ p: UnsafePointer<UInt8>, _ i: Int, _ n: Int, _ table: UnsafePointer<UInt8>
) -> (flags: UInt8, length: Int) {
    let b0 = p[i]
    if b0 < 0x80 { return (table[Int(b0)], 1) }
    let (v, len) = decodeScalar(p, i, n)
    if v < 0x30000 { return (table[Int(v)], len) }
    return (v == 0xFFFF_FFFF ? 0 : ScalarClass.of(v), len)
}
