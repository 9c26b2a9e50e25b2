import Glibc

/// The two clocks the spool reads: file times are wall-clock (CLOCK_REALTIME, as in stat), and
/// cache lifetimes are monotonic. Never the drill clock: a drill speeds up deadlines, not files.
enum SpoolClock {
    static func realtimeMilliseconds() -> Int64 { milliseconds(CLOCK_REALTIME) }
    static func monotonicMilliseconds() -> Int64 { milliseconds(CLOCK_MONOTONIC) }

    private static func milliseconds(_ clock: clockid_t) -> Int64 {
        var spec = timespec()
        clock_gettime(clock, &spec)
        return Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000
    }
}
