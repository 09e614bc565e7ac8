/// Which kept copies to evict: a pure decision over the store's entries.
///
/// Rules, in order:
/// 1. A copy a pending (unfinished) submission refers to is never evicted, nor one used in the
///    last ``grace`` seconds (its submission may not have recorded it yet).
/// 2. A copy unused for longer than `retention` is evicted (`nil`: kept however old).
/// 3. While the rest is over `maximumSize` bytes, the least recently used copy goes next
///    (`nil`: no cap). Pending copies count toward the size but are not evicted, so the store
///    may stay over the cap while they are pending.
public struct ContentRetention: Sendable, Equatable {
    public struct Entry: Sendable, Hashable {
        public var sha256: String
        public var size: Int64
        /// Unix seconds.
        public var lastUsed: Double
    }

    public var retention: Duration?
    public var maximumSize: Int64?
    /// Copies used this recently are kept whatever the policy.
    public var grace: Double = 600

    public init(retention: Duration?, maximumSize: Int64?) {
        self.retention = retention
        self.maximumSize = maximumSize
    }

    /// The digests to remove, oldest first.
    public func evictions(of entries: [Entry], pending: Set<String>, now: Double) -> [String] {
        let protected = pending.union(entries.filter { $0.lastUsed > now - grace }.map(\.sha256))
        var kept = entries.sorted { ($0.lastUsed, $0.sha256) < ($1.lastUsed, $1.sha256) }
        var evicted: [String] = []
        if let retention {
            let limit = now - Double(retention.components.seconds)
            kept.removeAll { entry in
                let old = entry.lastUsed < limit && !protected.contains(entry.sha256)
                if old { evicted.append(entry.sha256) }
                return old
            }
        }
        if let maximumSize {
            var total = kept.reduce(Int64(0)) { $0 + $1.size }
            for entry in kept where total > maximumSize && !protected.contains(entry.sha256) {
                evicted.append(entry.sha256)
                total -= entry.size
            }
        }
        return evicted
    }
}
