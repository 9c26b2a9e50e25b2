import Dispatch
import GridCore

/// The daemon's clock: the wall clock, or for drills and training (`--time-scale N`,
/// `--start-at TIME`) a clock that starts at a chosen moment and runs N times faster. The
/// scheduler asks it how long to wait in real time for a moment on this clock.
public struct DrillClock: WallClock {
    private let origin: Timestamp
    private let realOrigin: Timestamp
    private let scale: Double
    private let real: SystemClock

    /// - Parameters:
    ///   - start: where this clock starts (default: now).
    ///   - scale: how many of its milliseconds pass per real millisecond (default 1).
    public init(start: Timestamp? = nil, scale: Double = 1) {
        real = SystemClock()
        realOrigin = real.now()
        origin = start ?? realOrigin
        self.scale = scale
    }

    public var isRealTime: Bool { scale == 1 && origin == realOrigin }

    public func now() -> Timestamp {
        let elapsed = Double(real.now().milliseconds - realOrigin.milliseconds) * scale
        return origin.adding(milliseconds: Int64(elapsed.rounded(.down)))
    }

    /// The real time to wait until this clock shows `time`, in microseconds (0 if it already
    /// has), capped at `limit`.
    public func realDelayMicroseconds(until time: Timestamp, limit: Int = 60_000_000) -> Int {
        let ahead = Double(time.milliseconds - now().milliseconds) / scale * 1000
        guard ahead > 0 else { return 0 }
        return Int(min(ahead.rounded(.up), Double(limit)))
    }
}
