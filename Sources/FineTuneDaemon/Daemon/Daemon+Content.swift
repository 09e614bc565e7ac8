import FoundationEssentials

/// The content store's upkeep: what a crash left half-copied, and what retention and the size
/// cap (`ContentRetention=`, `ContentMaxSize=`) evict.
extension Daemon {
    /// Evicts what the retention policy says, never what a pending submission needs. (Leftover
    /// temporary copies are removed once at start, before the socket is served.)
    func tidyContentStore() {
        guard let policy = configuration?.contentRetention else { return }
        let pending: Set<String>
        do {
            pending = try store.pendingContentDigests()
        } catch {
            logger.warning(
                "content store: cannot read which copies pending submissions need; evicting nothing: \(error)")
            return
        }
        let evictions = policy.evictions(
            of: contentStore.entries(), pending: pending, now: Date().timeIntervalSince1970)
        for sha256 in evictions {
            contentStore.remove(sha256: sha256)
            logger.info("content store: removed the copy sha256 \(sha256) (retention or size cap)")
        }
    }
}
