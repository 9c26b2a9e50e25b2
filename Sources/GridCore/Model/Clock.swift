/// Where the domain gets "now" from. Everything that touches time takes one, so tests drive
/// a day of escalations in milliseconds with a manual clock (`ManualClock`, in GridTesting), and
/// the daemon can run a drill clock.
public protocol WallClock: Sendable {
    func now() -> Timestamp
}
