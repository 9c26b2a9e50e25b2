/// What a call on a non-blocking descriptor did: it was `processed` (with what it returned), or
/// it `wouldBlock` (nothing to read, no room to write, nobody to accept) — an expected answer,
/// not an error, so it is a value (after swift-nio's `IOResult`). Other failures still throw
/// `Errno`.
public enum IOResult<T: Sendable>: Sendable {
    case processed(T)
    case wouldBlock
}

extension IOResult: Equatable where T: Equatable {}

extension IOResult {
    /// What was processed, or nil when it would block.
    public var value: T? {
        if case .processed(let value) = self { return value }
        return nil
    }
}

/// `retryingInterrupts` for a non-blocking call: EINTR retried, EAGAIN/EWOULDBLOCK returned as
/// `.wouldBlock` (tested only in `Errno.isWouldBlock`), any other failure thrown.
@inline(__always)
public func nonBlocking<T: FixedWidthInteger & Sendable>(
    _ call: @autoclosure () -> String, _ body: () -> T
) throws(Errno) -> IOResult<T> {
    do throws(Errno) {
        return .processed(try retryingInterrupts(call(), body))
    } catch where error.isWouldBlock {
        return .wouldBlock
    }
}
