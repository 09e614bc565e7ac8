/// tiktoken's byte-pair merge on one pre-tokenized piece, with caller-owned scratch memory.
///
/// Contract: for a piece of `n > 0` bytes, `merge` leaves in `starts[0...count]` the token
/// boundaries exactly as tiktoken's `_byte_pair_merge` produces them (lowest rank first, leftmost
/// on ties) and returns the number of tokens. Pieces longer than `heapThreshold` use a heap so
/// that a pathological long piece costs O(n log n) instead of O(n²); both give the same result
/// (`BytePairMergerTests` checks this).
struct BytePairMerger: ~Copyable {
    private var starts: UnsafeMutablePointer<Int32>
    private var ranks: UnsafeMutablePointer<UInt32>
    private var capacity: Int
    private var heap: [UInt64] = []
    private var next: [Int32] = []
    private var prev: [Int32] = []
    private var alive: [Bool] = []
    static let defaultHeapThreshold = 256
    private let heapThreshold: Int

    /// `heapThreshold`: pieces longer than this use the heap (tests lower it to compare both).
    init(heapThreshold: Int = BytePairMerger.defaultHeapThreshold) {
        self.heapThreshold = heapThreshold
        capacity = 1024
        starts = .allocate(capacity: capacity + 2)
        ranks = .allocate(capacity: capacity + 2)
    }

    deinit {
        starts.deallocate()
        ranks.deallocate()
    }

    private mutating func reserve(_ n: Int) {
        guard n > capacity else { return }
        starts.deallocate()
        ranks.deallocate()
        capacity = n
        starts = .allocate(capacity: capacity + 2)
        ranks = .allocate(capacity: capacity + 2)
    }

    /// Merges the piece and calls `emit(start, end)` for each token in order; returns the count.
    @inline(__always)
    mutating func merge(
        _ table: RankTable, _ p: UnsafePointer<UInt8>, _ n: Int, emit: ((Int, Int) -> Void)? = nil
    ) -> Int {
        if n > heapThreshold { return heapMerge(table, p, n, emit: emit) }
        reserve(n)
        let none = UInt32.max
        var parts = n + 1
        var minRank = none
        var minIndex = 0
        for i in 0..<(n - 1) {
            let r = table.rank(p + i, 2) ?? none
            if r < minRank { minRank = r; minIndex = i }
            starts[i] = Int32(i)
            ranks[i] = r
        }
        starts[n - 1] = Int32(n - 1); ranks[n - 1] = none
        starts[n] = Int32(n); ranks[n] = none
        // rank of the bytes spanning parts i ..< i+3 (the merge of parts i and i+1 with i+2)
        @inline(__always) func rankAt(_ i: Int) -> UInt32 {
            if i + 3 < parts {
                let s = Int(starts[i])
                return table.rank(p + s, Int(starts[i + 3]) - s) ?? none
            }
            return none
        }
        while minRank != none {
            let i = minIndex
            if i > 0 { ranks[i - 1] = rankAt(i - 1) }
            ranks[i] = rankAt(i)
            // remove part i + 1
            var k = i + 1
            while k < parts - 1 {
                starts[k] = starts[k + 1]
                ranks[k] = ranks[k + 1]
                k += 1
            }
            parts -= 1
            minRank = none
            for j in 0..<(parts - 1) where ranks[j] < minRank {
                minRank = ranks[j]
                minIndex = j
            }
        }
        if let emit { for t in 0..<(parts - 1) { emit(Int(starts[t]), Int(starts[t + 1])) } }
        return parts - 1
    }

    /// The same merge with a binary heap of (rank, start) and a linked list of parts.
    private mutating func heapMerge(
        _ table: RankTable, _ p: UnsafePointer<UInt8>, _ n: Int, emit: ((Int, Int) -> Void)?
    ) -> Int {
        // Part k covers bytes [k, nextStart); parts are identified by their start byte.
        next = (0...n).map { Int32($0 + 1) }
        prev = (0...n).map { Int32($0 - 1) }
        alive = [Bool](repeating: true, count: n + 1)
        heap.removeAll(keepingCapacity: true)
        let none = UInt32.max
        // pairRank[k] is the rank of part k merged with its successor, as last pushed.
        var pairRank = [UInt32](repeating: none, count: n + 1)
        func pushPair(_ k: Int) {
            let b = Int(next[k])
            guard b < n else { pairRank[k] = none; return }
            let e = Int(next[b])
            let r = table.rank(p + k, e - k) ?? none
            pairRank[k] = r
            if r != none { heapPush(UInt64(r) << 32 | UInt64(k)) }
        }
        for k in 0..<(n - 1) { pushPair(k) }
        var parts = n
        while let top = heapPop() {
            let r = UInt32(top >> 32)
            let k = Int(top & 0xFFFF_FFFF)
            guard alive[k], pairRank[k] == r, Int(next[k]) < n else { continue }
            let b = Int(next[k])
            // merge k with b
            alive[b] = false
            next[k] = next[b]
            if Int(next[b]) <= n { prev[Int(next[b])] = Int32(k) }
            parts -= 1
            pushPair(k)
            let a = Int(prev[k])
            if a >= 0 { pushPair(a) }
        }
        if let emit {
            var k = 0
            while k < n { emit(k, Int(next[k])); k = Int(next[k]) }
        }
        return parts
    }

    private mutating func heapPush(_ v: UInt64) {
        heap.append(v)
        var c = heap.count - 1
        while c > 0 {
            let parent = (c - 1) / 2
            if heap[parent] <= v { break }
            heap[c] = heap[parent]
            c = parent
        }
        heap[c] = v
    }

    private mutating func heapPop() -> UInt64? {
        guard let top = heap.first else { return nil }
        let last = heap.removeLast()
        if heap.isEmpty { return top }
        var c = 0
        let count = heap.count
        while true {
            let l = 2 * c + 1
            if l >= count { break }
            let r = l + 1
            let m = (r < count && heap[r] < heap[l]) ? r : l
            if heap[m] >= last { break }
            heap[c] = heap[m]
            c = m
        }
        heap[c] = last
        return top
    }
}
