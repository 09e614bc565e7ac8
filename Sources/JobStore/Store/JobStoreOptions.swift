#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// How `JobStore.open` treats the database file.
public struct JobStoreOptions: Sendable {
    /// How long a statement waits for another process's lock before failing (milliseconds).
    public var busyTimeoutMilliseconds: Int32
    /// Run `PRAGMA quick_check` at open and refuse a damaged file. It reads every page, so on a
    /// very large database it costs time at start (see the benchmark figures); on by default.
    public var verifiesIntegrity: Bool
    /// Create the file when it does not exist (the directory must exist).
    public var createsFile: Bool
    /// The clock used for `firstSeenAt`/`updatedAt` (Unix seconds). Tests pin it.
    public var now: @Sendable () -> Int64

    public init(
        busyTimeoutMilliseconds: Int32 = 5000, verifiesIntegrity: Bool = true,
        createsFile: Bool = true, now: @escaping @Sendable () -> Int64 = JobStoreOptions.systemNow
    ) {
        self.busyTimeoutMilliseconds = busyTimeoutMilliseconds
        self.verifiesIntegrity = verifiesIntegrity
        self.createsFile = createsFile
        self.now = now
    }

    /// The wall clock in whole Unix seconds.
    public static let systemNow: @Sendable () -> Int64 = {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec)
    }
}
