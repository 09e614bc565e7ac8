/// An immutable map from token bytes to BPE rank, built once from a `.tiktoken` rank file.
///
/// All token bytes live in one contiguous buffer and the index is an open-addressing hash table,
/// so a lookup of a byte range allocates nothing. Ranks are also token ids for these encodings.
///
/// Contract: `rank(_:_:)` returns the rank of exactly the bytes `[start, start + count)` or
/// `nil` when those bytes are not a token. Safe to share between threads (never mutated after init).
///
/// `@unchecked Sendable`: the buffers are allocated and filled in `init`, never written again,
/// and freed only in `deinit`, so concurrent reads are safe.
final class RankTable: @unchecked Sendable {
    /// Concatenated token bytes; entry `e` is `bytes[offsets[e] ..< offsets[e] + lengths[e]]`.
    private let bytes: UnsafeMutableBufferPointer<UInt8>
    private let offsets: UnsafeMutableBufferPointer<UInt32>
    private let lengths: UnsafeMutableBufferPointer<UInt32>
    private let ranks: UnsafeMutableBufferPointer<UInt32>
    /// Slot = (hash >> 32) << 32 | (entry + 1); 0 is empty.
    private let slots: UnsafeMutableBufferPointer<UInt64>
    private let mask: Int
    /// Number of tokens in the table.
    let count: Int

    /// Parses `base64 rank` lines. Throws ``TokenizerError/corruptRankFile(_:)`` on a bad line.
    init(rankFile text: [UInt8], name: String) throws {
        var bytes = [UInt8]()
        bytes.reserveCapacity(text.count)
        var offsets = [UInt32](), lengths = [UInt32](), ranks = [UInt32]()
        var lineNumber = 0
        var i = 0
        let n = text.count
        while i < n {
            lineNumber += 1
            var lineEnd = i
            while lineEnd < n && text[lineEnd] != 0x0A { lineEnd += 1 }
            if lineEnd > i {
                var space = i
                while space < lineEnd && text[space] != 0x20 { space += 1 }
                guard space < lineEnd else {
                    throw TokenizerError.corruptRankFile("\(name) line \(lineNumber): no rank")
                }
                let start = bytes.count
                guard Base64.decode(text, i, space, into: &bytes) else {
                    throw TokenizerError.corruptRankFile("\(name) line \(lineNumber): bad base64")
                }
                var rank: UInt32 = 0
                var j = space + 1
                guard j < lineEnd else { throw TokenizerError.corruptRankFile("\(name) line \(lineNumber): no rank") }
                while j < lineEnd {
                    let d = text[j]
                    guard d >= 0x30 && d <= 0x39 else {
                        throw TokenizerError.corruptRankFile("\(name) line \(lineNumber): bad rank")
                    }
                    rank = rank &* 10 &+ UInt32(d - 0x30)
                    j += 1
                }
                offsets.append(UInt32(start))
                lengths.append(UInt32(bytes.count - start))
                ranks.append(rank)
            }
            i = lineEnd + 1
        }
        var capacity = 1
        while capacity < offsets.count * 2 { capacity <<= 1 }
        var slots = [UInt64](repeating: 0, count: capacity)
        let mask = capacity - 1
        bytes.withUnsafeBufferPointer { b in
            for e in 0..<offsets.count {
                let h = RankTable.hash(b.baseAddress! + Int(offsets[e]), Int(lengths[e]))
                var s = Int(truncatingIfNeeded: h) & mask
                while slots[s] != 0 { s = (s + 1) & mask }
                slots[s] = (h & 0xFFFF_FFFF_0000_0000) | UInt64(e + 1)
            }
        }
        self.bytes = RankTable.copy(bytes)
        self.offsets = RankTable.copy(offsets)
        self.lengths = RankTable.copy(lengths)
        self.ranks = RankTable.copy(ranks)
        self.slots = RankTable.copy(slots)
        self.mask = mask
        self.count = offsets.count
    }

    deinit {
        bytes.deallocate(); offsets.deallocate(); lengths.deallocate(); ranks.deallocate(); slots.deallocate()
    }

    private static func copy<T>(_ array: [T]) -> UnsafeMutableBufferPointer<T> {
        let buffer = UnsafeMutableBufferPointer<T>.allocate(capacity: max(array.count, 1))
        _ = buffer.initialize(from: array)
        return buffer
    }

    /// The bytes of every token, indexed by rank (ranks are dense from 0 in the shipped files).
    func tokenBytesByRank() -> [[UInt8]] {
        var out = [[UInt8]](repeating: [], count: count)
        for e in 0..<count where Int(ranks[e]) < count {
            out[Int(ranks[e])] = Array(bytes[Int(offsets[e])..<Int(offsets[e] + lengths[e])])
        }
        return out
    }

    /// The rank of the bytes `[p, p + n)`, or `nil` when they are not a token.
    @inline(__always)
    func rank(_ p: UnsafePointer<UInt8>, _ n: Int) -> UInt32? {
        let h = RankTable.hash(p, n)
        let tag = h & 0xFFFF_FFFF_0000_0000
        let slots = self.slots.baseAddress!
        let base = bytes.baseAddress!
        var s = Int(truncatingIfNeeded: h) & mask
        while true {
            let slot = slots[s]
            if slot == 0 { return nil }
            if slot & 0xFFFF_FFFF_0000_0000 == tag {
                let e = Int(slot & 0xFFFF_FFFF) - 1
                if Int(lengths[e]) == n && memcmpBytes(base + Int(offsets[e]), p, n) {
                    return ranks[e]
                }
            }
            s = (s + 1) & mask
        }
    }

    /// A fast 64-bit hash of a short byte string (word-at-a-time, then a final mix).
    @inline(__always)
    static func hash(_ p: UnsafePointer<UInt8>, _ n: Int) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(n)
        var i = 0
        let raw = UnsafeRawPointer(p)
        while i + 8 <= n {
            let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            h = (h ^ w) &* 0xFF51_AFD7_ED55_8CCD
            h ^= h >> 32
            i += 8
        }
        if i < n {
            var w: UInt64 = 0
            var shift: UInt64 = 0
            while i < n {
                w |= UInt64(p[i]) << shift
                shift += 8
                i += 1
            }
            h = (h ^ w) &* 0xFF51_AFD7_ED55_8CCD
        }
        h ^= h >> 29
        h = h &* 0xC4CE_B9FE_1A85_EC53
        h ^= h >> 32
        return h
    }
}

@inline(__always)
func memcmpBytes(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ n: Int) -> Bool {
    var i = 0
    while i + 8 <= n {
        if UnsafeRawPointer(a).loadUnaligned(fromByteOffset: i, as: UInt64.self)
            != UnsafeRawPointer(b).loadUnaligned(fromByteOffset: i, as: UInt64.self)
        {
            return false
        }
        i += 8
    }
    while i < n {
        if a[i] != b[i] { return false }
        i += 1
    }
    return true
}

/// Standard base64 (with padding) decoding for rank-file lines.
enum Base64 {
    private static let table: [UInt8] = {
        var t = [UInt8](repeating: 0xFF, count: 256)
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        for (i, c) in alphabet.enumerated() { t[Int(c)] = UInt8(i) }
        return t
    }()

    /// Appends the decoding of `text[start..<end]` to `out`; returns false on a bad character.
    static func decode(_ text: [UInt8], _ start: Int, _ end: Int, into out: inout [UInt8]) -> Bool {
        var acc: UInt32 = 0
        var bits = 0
        for i in start..<end {
            let c = text[i]
            if c == 0x3D { break }  // '='
            let v = table[Int(c)]
            if v == 0xFF { return false }
            acc = (acc << 6) | UInt32(v)
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8(truncatingIfNeeded: acc >> UInt32(bits)))
            }
        }
        return true
    }
}
