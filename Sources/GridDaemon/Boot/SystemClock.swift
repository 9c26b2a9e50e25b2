import GridCore
import GridSystem

/// The real wall clock (CLOCK_REALTIME), in milliseconds: the daemon's `WallClock` outside drills.
public struct SystemClock: WallClock {
    public init() {}

    public func now() -> Timestamp { Timestamp(milliseconds: SystemClocks.realtimeMilliseconds()) }
}
