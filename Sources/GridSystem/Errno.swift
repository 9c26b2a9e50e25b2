import Glibc

/// A failed system call's errno, thrown as a typed error (after swift-system's `Errno`),
/// with the name of the call so that a log line says what failed.
///
/// Callers decide on what failed through the named properties below (`isNotFound`,
/// `isWouldBlock`, …), so that no module above GridSystem needs Glibc's constants.
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

    /// Matches errno values in `catch let error where error.is(EAGAIN)` (inside GridSystem;
    /// above it, use the named properties).
    public func `is`(_ value: Int32) -> Bool { code == value }

    /// EEXIST for `call`: a name is taken (what `O_EXCL` and `RENAME_NOREPLACE` say).
    public static func alreadyExists(_ call: String) -> Errno { Errno(code: EEXIST, call: call) }

    // MARK: What failed, by name

    /// A non-blocking call found nothing to do (EAGAIN, EWOULDBLOCK): the one place both are
    /// tested. The non-blocking wrappers return this as `IOResult.wouldBlock` instead of throwing.
    public var isWouldBlock: Bool { code == EAGAIN || code == EWOULDBLOCK }
    /// ENOENT: no such file (or it went away).
    public var isNotFound: Bool { code == ENOENT }
    /// EEXIST: the name is taken.
    public var isAlreadyExisting: Bool { code == EEXIST }
    /// ELOOP: `O_NOFOLLOW` met a symbolic link (or a loop of them).
    public var isSymbolicLinkLoop: Bool { code == ELOOP }
    /// EACCES or EPERM: the caller may not do it.
    public var isPermissionDenied: Bool { code == EACCES || code == EPERM }
    /// ENXIO, ENODEV or EOPNOTSUPP from open(2): a socket, a device without a driver, or
    /// another kind of file that cannot be opened as a file.
    public var isNotOpenableAsFile: Bool { code == ENXIO || code == ENODEV || code == EOPNOTSUPP }
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
