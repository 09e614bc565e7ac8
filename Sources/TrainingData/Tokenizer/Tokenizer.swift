/// Counts (and, for tests, produces) tokens exactly as tiktoken's `encode_ordinary` does.
///
/// Contract: `count(_:)` equals `len(enc.encode_ordinary(text))` for the same encoding; text that
/// looks like a special token (`<|endoftext|>`) is counted as ordinary text. Text with lone
/// surrogates cannot exist in a Swift `String`; the JSON reader replaces them with U+FFFD, as
/// tiktoken does. A `Tokenizer` holds scratch memory and a piece cache, so it is not `Sendable`:
/// make one per thread; they share the loaded ``BPEEncoding``.
public final class Tokenizer {
    public let encoding: BPEEncoding
    private let table: RankTable
    private let isO200k: Bool
    private var merger = BytePairMerger()
    private let cache = PieceCache()
    private let classes = ScalarClass.lookupTable

    public init(_ encoding: BPEEncoding) {
        self.encoding = encoding
        self.table = encoding.table
        self.isO200k = encoding.encoding == .o200kBase
    }

    /// Loads the encoding (cached per process) and makes a tokenizer for it.
    public convenience init(encoding: Encoding) throws {
        self.init(try BPEEncoding.load(encoding))
    }

    /// The number of tokens in `text`.
    public func count(_ text: String) -> Int {
        var text = text
        return text.withUTF8 { count(utf8: $0) }
    }

    /// The number of tokens in the UTF-8 bytes.
    public func count(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Int {
        guard let p = bytes.baseAddress, bytes.count > 0 else { return 0 }
        let n = bytes.count
        let classes = self.classes
        var total = 0
        var i = 0
        if isO200k {
            while i < n {
                let e = PreTokenizer.o200kPieceEnd(p, i, n, classes)
                total &+= countPiece(p + i, e - i)
                i = e
            }
        } else {
            while i < n {
                let e = PreTokenizer.cl100kPieceEnd(p, i, n, classes)
                total &+= countPiece(p + i, e - i)
                i = e
            }
        }
        return total
    }

    @inline(__always)
    private func countPiece(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int {
        if n == 1 { return 1 }
        if n <= PieceCache.maxPieceLength {
            let key = PieceCache.key(p, n)
            if let hit = cache.lookup(p, n, key: key) { return hit }
            let c = table.rank(p, n) != nil ? 1 : merger.merge(table, p, n)
            cache.insert(p, n, key: key, count: c)
            return c
        }
        if table.rank(p, n) != nil { return 1 }
        return merger.merge(table, p, n)
    }

    /// The token ids of `text` (slow path, for tests and debugging).
    public func encode(_ text: String) -> [Int] {
        var text = text
        return text.withUTF8 { bytes -> [Int] in
            guard let p = bytes.baseAddress, bytes.count > 0 else { return [] }
            let n = bytes.count
            var tokens: [Int] = []
            var i = 0
            while i < n {
                let e =
                    isO200k
                    ? PreTokenizer.o200kPieceEnd(p, i, n, classes) : PreTokenizer.cl100kPieceEnd(p, i, n, classes)
                if let r = table.rank(p + i, e - i) {
                    tokens.append(Int(r))
                } else {
                    let base = p + i
                    let table = self.table
                    _ = merger.merge(table, base, e - i) { s, t in
                        tokens.append(Int(table.rank(base + s, t - s) ?? UInt32.max))
                    }
                }
                i = e
            }
            return tokens
        }
    }

    /// The pre-tokenizer's pieces of `text` (for tests and debugging).
    public func pieces(_ text: String) -> [String] {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { b -> [String] in
            guard let p = b.baseAddress else { return [] }
            var out: [String] = []
            var i = 0
            while i < b.count {
                let e =
                    isO200k
                    ? PreTokenizer.o200kPieceEnd(p, i, b.count, classes)
                    : PreTokenizer.cl100kPieceEnd(p, i, b.count, classes)
                out.append(String(decoding: b[i..<e], as: UTF8.self))
                i = e
            }
            return out
        }
    }
}
