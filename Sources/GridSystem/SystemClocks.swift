import Glibc

/// The kernel's clocks, read in one place: wall-clock time (CLOCK_REALTIME, the clock of file
/// times and of the dispatch log) and monotonic time (CLOCK_MONOTONIC, for intervals and timeouts:
/// it never jumps when the wall clock is set).
///
/// It exists so that no other module calls `clock_gettime` itself (GridDaemon, GridClient and the
/// bench each wrapped it before).
public enum SystemClocks {
    /// CLOCK_REALTIME in milliseconds since the Unix epoch.
    public static func realtimeMilliseconds() -> Int64 { read(CLOCK_REALTIME) / 1_000_000 }

    /// CLOCK_REALTIME in nanoseconds since the Unix epoch.
    public static func realtimeNanoseconds() -> Int64 { read(CLOCK_REALTIME) }

    /// CLOCK_MONOTONIC in milliseconds (since an unspecified start, usually boot).
    public static func monotonicMilliseconds() -> Int64 { read(CLOCK_MONOTONIC) / 1_000_000 }

    /// CLOCK_MONOTONIC in microseconds: what systemd's `MONOTONIC_USEC=` carries.
    public static func monotonicMicroseconds() -> Int64 { read(CLOCK_MONOTONIC) / 1000 }

    /// CLOCK_MONOTONIC in nanoseconds.
    public static func monotonicNanoseconds() -> Int64 { read(CLOCK_MONOTONIC) }

    /// Blocks the calling thread for about `milliseconds` (nanosleep(2); an interrupted sleep
    /// ends early).
    public static func sleep(milliseconds: Int) {
        var request = timespec(tv_sec: milliseconds / 1000, tv_nsec: (milliseconds % 1000) * 1_000_000)
        _ = nanosleep(&request, nil)
    }

    /// clock_gettime(2) cannot fail for these two clocks on Linux (the vDSO answers).
    private static func read(_ clock: clockid_t) -> Int64 {
        var spec = timespec()
        clock_gettime(clock, &spec)
        return Int64(spec.tv_sec) * 1_000_000_000 + Int64(spec.tv_nsec)
    }
}
