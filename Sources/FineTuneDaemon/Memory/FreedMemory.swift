import Synchronization

#if os(Linux)
    import CMalloc
#endif

/// Gives the memory the C allocator holds free back to the kernel.
///
/// glibc keeps what a thread frees in that thread's arena (up to 8 arenas per core) and gives
/// it back only when the top of the main heap is free. So after work that allocates much and
/// frees it all on a thread of its own (the copy and validation of a big upload, `OffPool`) the
/// daemon's RSS would stay near its peak. `malloc_trim(0)` walks every arena and returns each
/// free page to the kernel; it frees nothing in use. Figures with and without it:
/// `Benchmarks submit-descriptor [--no-trim]` (README, Benchmarks). After a poll cycle it was
/// measured not to help (`Benchmarks daemon-memory`, 10,000 jobs: +11.2 MiB with, +11.5
/// without), so cycles do not call it.
///
/// Contract: callable from any thread at any time; costs about a millisecond per call.
public enum FreedMemory {
    /// Called after each piece of work on its own thread (`OffPool`).
    static func returnToSystem() {
        guard isEnabled.load(ordering: .relaxed) else { return }
        #if os(Linux)
            _ = malloc_trim(0)
        #endif
    }

    /// On unless a benchmark turns it off to measure what it gives (`submit-descriptor --no-trim`).
    @_spi(Benchmarks) public static let isEnabled = Atomic<Bool>(true)
}
