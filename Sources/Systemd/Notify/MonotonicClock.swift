import Glibc

/// `CLOCK_MONOTONIC`, the clock systemd uses for `MONOTONIC_USEC` and watchdog deadlines.
public enum MonotonicClock {
    public static func nowMicroseconds() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000 + UInt64(ts.tv_nsec) / 1000
    }
}
