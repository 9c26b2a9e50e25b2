import GridCore
import Synchronization

/// A clock that only moves when told to: the test double for time.
public final class ManualClock: WallClock {
    private let current: Mutex<Timestamp>

    public init(_ start: Timestamp) { current = Mutex(start) }

    public func now() -> Timestamp { current.withLock { $0 } }

    public func set(_ time: Timestamp) { current.withLock { $0 = time } }

    public func advance(milliseconds: Int64) {
        current.withLock { $0 = $0.adding(milliseconds: milliseconds) }
    }
}
