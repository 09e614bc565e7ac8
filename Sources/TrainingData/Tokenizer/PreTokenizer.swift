/// Hand-written equivalents of tiktoken's pre-tokenizer regular expressions.
///
/// Each function returns the end of the piece that the encoding's pattern matches at `i`, with the
/// regex engine's leftmost-first semantics (alternatives in order, greedy quantifiers backtracking,
/// possessive ones not). `i < n` is required; the result is always `> i`.
enum PreTokenizer {
    // MARK: cl100k_base
    // '(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+| ?[^\s\p{L}\p{N}]++[\r\n]*+
    // |\s++$|\s*[\r\n]|\s+(?!\S)|\s

    @inline(__always)
    static func cl100kPieceEnd(_ p: UnsafePointer<UInt8>, _ i: Int, _ n: Int, _ t: UnsafePointer<UInt8>) -> Int {
        let b0 = p[i]
        // '(?i:[sdmt]|ll|ve|re)
        if b0 == 0x27, let end = contractionEnd(p, i, n, t) { return end }
        let (f0, l0) = classAt(p, i, n, t)
        // [^\r\n\p{L}\p{N}]?+\p{L}++
        if f0 & ScalarClass.letter != 0 { return run(p, i, n, t, ScalarClass.letter) }
        if f0 & (ScalarClass.number | ScalarClass.newline) == 0 {
            let j = i + l0
            if j < n && classAt(p, j, n, t).flags & ScalarClass.letter != 0 {
                return run(p, j, n, t, ScalarClass.letter)
            }
        }
        // \p{N}{1,3}+
        if f0 & ScalarClass.number != 0 { return numberEnd(p, i, n, t, l0) }
        // ' ?[^\s\p{L}\p{N}]++[\r\n]*+'
        if let start = symbolStart(p, i, n, t, f0, l0) {
            var j = runOutside(p, start, n, t, ScalarClass.space | ScalarClass.letter | ScalarClass.number)
            while j < n && (p[j] == 0x0A || p[j] == 0x0D) { j += 1 }
            return j
        }
        // What remains starts with whitespace.
        return whitespaceEnd(p, i, n, t, l0, endOnlyAtTextEnd: true)
    }

    // MARK: o200k_base
    // [^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?
    // |[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?
    // |\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+

    @inline(__always)
    static func o200kPieceEnd(_ p: UnsafePointer<UInt8>, _ i: Int, _ n: Int, _ t: UnsafePointer<UInt8>) -> Int {
        let (f0, l0) = classAt(p, i, n, t)
        let inPrefix = f0 & (ScalarClass.letter | ScalarClass.number | ScalarClass.newline) == 0
        let letterish = ScalarClass.upperish | ScalarClass.lowerish
        // Alternative 1, with then without the optional prefix.
        if inPrefix, i + l0 < n, let end = upperThenLower(p, i + l0, n, t) { return withContraction(p, end, n, t) }
        if f0 & letterish != 0, let end = upperThenLower(p, i, n, t) { return withContraction(p, end, n, t) }
        // Alternative 2, with then without the optional prefix.
        if inPrefix, i + l0 < n, let end = upperRunThenLower(p, i + l0, n, t) { return withContraction(p, end, n, t) }
        if f0 & ScalarClass.upperish != 0, let end = upperRunThenLower(p, i, n, t) {
            return withContraction(p, end, n, t)
        }
        // \p{N}{1,3}
        if f0 & ScalarClass.number != 0 { return numberEnd(p, i, n, t, l0) }
        // ' ?[^\s\p{L}\p{N}]+[\r\n/]*'
        if let start = symbolStart(p, i, n, t, f0, l0) {
            var j = runOutside(p, start, n, t, ScalarClass.space | ScalarClass.letter | ScalarClass.number)
            while j < n && (p[j] == 0x0A || p[j] == 0x0D || p[j] == 0x2F) { j += 1 }
            return j
        }
        return whitespaceEnd(p, i, n, t, l0, endOnlyAtTextEnd: false)
    }

    /// `[upper-ish]*[lower-ish]+` at `s` with backtracking; `nil` when it cannot match.
    @inline(__always)
    private static func upperThenLower(_ p: UnsafePointer<UInt8>, _ s: Int, _ n: Int, _ t: UnsafePointer<UInt8>) -> Int?
    {
        var j = s
        var lastLowerEnd = -1
        while j < n {
            let (f, l) = classAt(p, j, n, t)
            if f & ScalarClass.upperish == 0 {
                if f & ScalarClass.lowerish != 0 { return run(p, j, n, t, ScalarClass.lowerish) }
                break
            }
            j += l
            if f & ScalarClass.lowerish != 0 { lastLowerEnd = j }
        }
        return lastLowerEnd >= 0 ? lastLowerEnd : nil
    }

    /// `[upper-ish]+[lower-ish]*` at `s`; `nil` when it cannot match.
    @inline(__always)
    private static func upperRunThenLower(
        _ p: UnsafePointer<UInt8>, _ s: Int, _ n: Int, _ t: UnsafePointer<UInt8>
    ) -> Int? {
        guard classAt(p, s, n, t).flags & ScalarClass.upperish != 0 else { return nil }
        let a = run(p, s, n, t, ScalarClass.upperish)
        return a < n ? run(p, a, n, t, ScalarClass.lowerish) : a
    }

    @inline(__always)
    private static func withContraction(_ p: UnsafePointer<UInt8>, _ e: Int, _ n: Int, _ t: UnsafePointer<UInt8>) -> Int
    {
        if e < n && p[e] == 0x27, let end = contractionEnd(p, e, n, t) { return end }
        return e
    }

    /// `'s 't 're 've 'm 'll 'd` (case-insensitive, so `ſ` U+017F counts as `s`) at an apostrophe.
    @inline(__always)
    private static func contractionEnd(_ p: UnsafePointer<UInt8>, _ i: Int, _ n: Int, _ t: UnsafePointer<UInt8>) -> Int?
    {
        guard i + 1 < n else { return nil }
        let c1 = p[i + 1] | 0x20
        switch c1 {
        case 0x73, 0x64, 0x6D, 0x74: if p[i + 1] < 0x80 { return i + 2 }  // s d m t
        default: break
        }
        if p[i + 1] == 0xC5 && i + 2 < n && p[i + 2] == 0xBF { return i + 3 }  // ſ
        guard i + 2 < n, p[i + 1] < 0x80, p[i + 2] < 0x80 else { return nil }
        let c2 = p[i + 2] | 0x20
        if (c1 == 0x6C && c2 == 0x6C) || (c1 == 0x76 && c2 == 0x65) || (c1 == 0x72 && c2 == 0x65) { return i + 3 }
        return nil
    }

    /// Up to three `\p{N}` scalars.
    @inline(__always)
    private static func numberEnd(
        _ p: UnsafePointer<UInt8>, _ i: Int, _ n: Int, _ t: UnsafePointer<UInt8>, _ l0: Int
    ) -> Int {
        var j = i + l0
        for _ in 0..<2 {
            guard j < n else { break }
            let (f, l) = classAt(p, j, n, t)
            guard f & ScalarClass.number != 0 else { break }
            j += l
        }
        return j
    }

    /// Where `' ?[^\s\p{L}\p{N}]'` starts its symbol run at `i`, or `nil` when it cannot match.
    @inline(__always)
    private static func symbolStart(
        _ p: UnsafePointer<UInt8>, _ i: Int, _ n: Int, _ t: UnsafePointer<UInt8>, _ f0: UInt8, _ l0: Int
    ) -> Int? {
        let outside = ScalarClass.space | ScalarClass.letter | ScalarClass.number
        if p[i] == 0x20 {
            if i + 1 < n && classAt(p, i + 1, n, t).flags & outside == 0 { return i + 1 }
            return nil
        }
        return f0 & outside == 0 ? i : nil
    }

    /// The whitespace alternatives, for a piece starting with a whitespace scalar of length `l0`:
    /// cl100k `\s++$|\s*[\r\n]|\s+(?!\S)|\s`, o200k `\s*[\r\n]+|\s+(?!\S)|\s+`.
    @inline(__always)
    private static func whitespaceEnd(
        _ p: UnsafePointer<UInt8>, _ i: Int, _ n: Int, _ t: UnsafePointer<UInt8>, _ l0: Int, endOnlyAtTextEnd: Bool
    ) -> Int {
        var e = i
        var lastNewlineEnd = -1
        var lastScalarStart = i
        var scalars = 0
        while e < n {
            let (f, l) = classAt(p, e, n, t)
            guard f & ScalarClass.space != 0 else { break }
            if f & ScalarClass.newline != 0 { lastNewlineEnd = e + l }
            lastScalarStart = e
            scalars += 1
            e += l
        }
        if endOnlyAtTextEnd && e == n { return n }  // \s++$
        if lastNewlineEnd >= 0 { return lastNewlineEnd }  // \s*[\r\n] / \s*[\r\n]+
        if e == n { return n }  // \s+(?!\S) at the end
        if scalars >= 2 { return lastScalarStart }  // \s+(?!\S) backs off one scalar
        return i + l0  // \s / \s+
    }

    /// End of the run of scalars that all have some flag in `flags`.
    @inline(__always)
    static func run(_ p: UnsafePointer<UInt8>, _ s: Int, _ n: Int, _ t: UnsafePointer<UInt8>, _ flags: UInt8) -> Int {
        var j = s
        while j < n {
            let (f, l) = classAt(p, j, n, t)
            if f & flags == 0 { break }
            j += l
        }
        return j
    }

    /// End of the run of scalars that have none of `flags`.
    @inline(__always)
    static func runOutside(
        _ p: UnsafePointer<UInt8>, _ s: Int, _ n: Int, _ t: UnsafePointer<UInt8>, _ flags: UInt8
    ) -> Int {
        var j = s
        while j < n {
            let (f, l) = classAt(p, j, n, t)
            if f & flags != 0 { break }
            j += l
        }
        return j
    }
}
