import Glibc

/// A failed system call's errno, thrown as a typed error (after swift-system's `Errno`),
/// with the name of the call so that a log line says what failed.
public struct Errno: Error, Sendable, Equatable, CustomStringConvertible {
    public var code: Int32
    /// The call that failed, e.g. `bind(/run/gridd/gridd.sock)`.
    public var call: String

    public init(code: Int32, call: String) {
        self.code = code
        self.call = call
    }

    public var message: String { String(cString: strerror(code)) }
    public var description: String { "\(call): \(message) (errno \(code))" }

    public static func == (lhs: Errno, rhs: Errno) -> Bool { lhs.code == rhs.code }

    /// Matches errno values in `catch let error where error.is(EAGAIN)`.
    public func `is`(_ value: Int32) -> Bool { code == value }
}

/// Runs a system call, retrying while it fails with EINTR; throws `Errno` on any other failure.
/// Every syscall in gridd goes through here, so EINTR is handled in exactly one place.
@inline(__always)
public func retryingInterrupts<T: FixedWidthInteger>(_ call: @autoclosure () -> String, _ body: () -> T) throws(Errno) -> T {
    while true {
        let result = body()
        if result != -1 { return result }
        let code = errno
        if code == EINTR { continue }
        throw Errno(code: code, call: call())
    }
}
