#if os(Linux)
    import CMalloc
#endif

/// The C allocator's settings for the daemon's process, applied once at start (`finetuned run`,
/// and the benchmarks' daemon child) before the daemon allocates much.
///
/// glibc's defaults suit short programs, not a long-running daemon whose work comes in bursts
/// (a poll cycle builds and frees a few MB every interval; a submit frees hundreds):
/// - **Fixed mmap threshold, 128 KiB.** By default, freeing a large mmapped block raises the
///   threshold to its size (up to 32 MiB) and the trim threshold to twice that, so after the
///   first big cycle or upload every later buffer of that size comes from the heap and up to
///   64 MiB of freed heap is kept. Setting it fixes both: blocks of 128 KiB and more are mapped
///   and unmapped (given back on `free`), and free heap beyond 128 KiB at the top is returned.
/// - **At most 2 arenas** (default 8 per core): memory freed in one arena cannot serve another,
///   so fewer arenas hold less free memory between bursts; the daemon has a few busy threads.
///
/// Figures (`Benchmarks daemon-memory --jobs 10000 --cycles 4`, same run, before this type
/// existed, through the `MALLOC_*` environment): +16.1 MiB over idle with the defaults, +10.3 with
/// 2 arenas, +9.7 with the fixed thresholds, +8.6 with both and one arena. The README has the
/// figures with the daemon as it is now.
///
/// A setting given in the environment (`MALLOC_ARENA_MAX`, `MALLOC_MMAP_THRESHOLD_`,
/// `MALLOC_TRIM_THRESHOLD_`, or any `GLIBC_TUNABLES`) wins: that knob is left alone.
public enum AllocatorSettings {
    public static let arenaMax: Int32 = 2
    public static let mmapThreshold: Int32 = 128 * 1024
    public static let trimThreshold: Int32 = 128 * 1024

    /// Applies the settings not overridden in `environment`. Returns the ones applied (for a log
    /// line), e.g. `["M_ARENA_MAX=2"]`.
    @discardableResult
    public static func apply(environment: [String: String]) -> [String] {
        #if os(Linux)
            if environment["GLIBC_TUNABLES"] != nil { return [] }
            var applied: [String] = []
            let knobs: [(variable: String, name: String, option: Int32, value: Int32)] = [
                ("MALLOC_ARENA_MAX", "M_ARENA_MAX", M_ARENA_MAX, arenaMax),
                ("MALLOC_MMAP_THRESHOLD_", "M_MMAP_THRESHOLD", M_MMAP_THRESHOLD, mmapThreshold),
                ("MALLOC_TRIM_THRESHOLD_", "M_TRIM_THRESHOLD", M_TRIM_THRESHOLD, trimThreshold),
            ]
            for knob in knobs where environment[knob.variable] == nil {
                if mallopt(knob.option, knob.value) == 1 { applied.append("\(knob.name)=\(knob.value)") }
            }
            return applied
        #else
            return []
        #endif
    }
}
