#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// When `JobStore.open` reads every page of the file to find damage.
public enum IntegrityCheck: Sendable, Equatable {
    /// At every open.
    case always
    /// Only when the last stop was not clean: no `CleanStopMarker` was left (a crash, a kill,
    /// a power cut, or the first open of a file). Damage done while nothing had the file open
    /// is then found only when SQLite reads the damaged page.
    case afterUncleanStop
    /// Never (benchmarks' baselines).
    case never
}

/// How `JobStore.open` treats the database file.
public struct JobStoreOptions: Sendable {
    /// How long a statement waits for another process's lock before failing (milliseconds).
    public var busyTimeoutMilliseconds: Int32
    /// When `PRAGMA quick_check` runs at open (a damaged file is then refused). It reads every
    /// page, so on a large database it costs most of the start (see the benchmark figures).
    public var integrityCheck: IntegrityCheck
    /// Create the file when it does not exist (the directory must exist).
    public var createsFile: Bool
    /// The clock used for `firstSeenAt`/`updatedAt` (Unix seconds). Tests pin it.
    public var now: @Sendable () -> Int64
    /// The most each connection keeps in SQLite's page cache (`PRAGMA cache_size`), in KiB.
    /// SQLite's default is 2,000 KiB a connection, which a poll cycle reading every tracked job
    /// fills and keeps for good: with two connections, about 4 MiB of the daemon's memory at
    /// 10,000 jobs. Pages not cached are read again from the kernel's page cache (a `pread` of
    /// 4 KiB), which a cycle or a `Jobs.Get` barely notices next to its own work.
    public var pageCacheKiB: Int

    public init(
        busyTimeoutMilliseconds: Int32 = 5000, integrityCheck: IntegrityCheck = .always,
        createsFile: Bool = true, now: @escaping @Sendable () -> Int64 = JobStoreOptions.systemNow,
        pageCacheKiB: Int = 256
    ) {
        self.busyTimeoutMilliseconds = busyTimeoutMilliseconds
        self.integrityCheck = integrityCheck
        self.createsFile = createsFile
        self.now = now
        self.pageCacheKiB = pageCacheKiB
    }

    /// The wall clock in whole Unix seconds.
    public static let systemNow: @Sendable () -> Int64 = {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec)
    }
}
