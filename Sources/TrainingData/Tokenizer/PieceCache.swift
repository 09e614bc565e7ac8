/// A direct-mapped cache from short pre-tokenized pieces to their token counts.
///
/// Fixed size (65,536 entries of at most 32 bytes, ~2.6 MB), so memory stays constant; a collision
/// simply replaces the older entry. Lookups and inserts allocate nothing. Not thread-safe: one per
/// ``Tokenizer``.
struct PieceCache: ~Copyable {
    static let maxPieceLength = 32
    private static let slotCount = 1 << 16
    private let keys: UnsafeMutablePointer<UInt8>
    private let hashes: UnsafeMutablePointer<UInt64>
    private let counts: UnsafeMutablePointer<UInt32>

    init() {
        keys = .allocate(capacity: PieceCache.slotCount * PieceCache.maxPieceLength)
        hashes = .allocate(capacity: PieceCache.slotCount)
        hashes.initialize(repeating: 0, count: PieceCache.slotCount)
        counts = .allocate(capacity: PieceCache.slotCount)
        counts.initialize(repeating: 0, count: PieceCache.slotCount)
    }

    deinit {
        keys.deallocate()
        hashes.deallocate()
        counts.deallocate()
    }

    /// Hash stored with the length in the low byte so that 0 never names a filled slot.
    @inline(__always)
    static func key(_ p: UnsafePointer<UInt8>, _ n: Int) -> UInt64 {
        (RankTable.hash(p, n) & ~0xFF) | UInt64(n)
    }

    @inline(__always)
    func lookup(_ p: UnsafePointer<UInt8>, _ n: Int, key: UInt64) -> Int? {
        let slot = Int(truncatingIfNeeded: key >> 20) & (PieceCache.slotCount - 1)
        guard hashes[slot] == key, memcmpBytes(keys + slot * PieceCache.maxPieceLength, p, n) else { return nil }
        return Int(counts[slot])
    }

    @inline(__always)
    func insert(_ p: UnsafePointer<UInt8>, _ n: Int, key: UInt64, count: Int) {
        let slot = Int(truncatingIfNeeded: key >> 20) & (PieceCache.slotCount - 1)
        (keys + slot * PieceCache.maxPieceLength).update(from: p, count: n)
        hashes[slot] = key
        counts[slot] = UInt32(count)
    }
}
