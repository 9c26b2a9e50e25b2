import Glibc

/// An owned-by-convention file descriptor with the handful of operations gridd needs.
/// A plain value, like swift-system's: whoever opened it closes it.
public struct FileDescriptor: Sendable, Hashable, CustomStringConvertible {
    public let rawValue: Int32

    public init(rawValue: Int32) { self.rawValue = rawValue }

    public var description: String { "fd \(rawValue)" }

    public static let standardInput = FileDescriptor(rawValue: 0)
    public static let standardOutput = FileDescriptor(rawValue: 1)
    public static let standardError = FileDescriptor(rawValue: 2)

    /// open(2) with O_CLOEXEC added.
    public static func open(_ path: String, _ flags: Int32, mode: mode_t = 0o644) throws(Errno) -> FileDescriptor {
        let fd = try retryingInterrupts("open(\(path))") { Glibc.open(path, flags | O_CLOEXEC, mode) }
        return FileDescriptor(rawValue: fd)
    }

    /// Reads up to `count` bytes into `buffer`; 0 means end of file.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(Errno) -> Int {
        try retryingInterrupts("read") { Glibc.read(rawValue, buffer.baseAddress, buffer.count) }
    }

    /// Writes some of `buffer`; returns how much was written.
    public func write(_ buffer: UnsafeRawBufferPointer) throws(Errno) -> Int {
        try retryingInterrupts("write") { Glibc.write(rawValue, buffer.baseAddress, buffer.count) }
    }

    /// Reads from a non-blocking descriptor: `.processed(count)` (0 means end of file), or
    /// `.wouldBlock` when nothing is there yet.
    public func readNonBlocking(into buffer: UnsafeMutableRawBufferPointer, call: String = "read") throws(Errno) -> IOResult<Int> {
        try nonBlocking(call) { Glibc.read(rawValue, buffer.baseAddress, buffer.count) }
    }

    /// Writes some of `buffer` to a non-blocking descriptor: `.processed(count)`, or
    /// `.wouldBlock` when there is no room (the reader is behind).
    public func writeNonBlocking(_ buffer: UnsafeRawBufferPointer) throws(Errno) -> IOResult<Int> {
        try nonBlocking("write") { Glibc.write(rawValue, buffer.baseAddress, buffer.count) }
    }

    /// Writes all of `bytes`, looping over short writes (for blocking descriptors).
    public func writeAll(_ bytes: some Collection<UInt8>) throws(Errno) {
        let array = Array(bytes)
        var offset = 0
        while offset < array.count {
            let (written, failure) = array.withUnsafeBytes { buffer -> (Int, Errno?) in
                do throws(Errno) {
                    return (try write(UnsafeRawBufferPointer(rebasing: buffer[offset...])), nil)
                } catch {
                    return (0, error)
                }
            }
            if let failure { throw failure }
            offset += written
        }
    }

    /// Reads everything until end of file.
    public func readAll(limit: Int = Int.max) throws(Errno) -> [UInt8] {
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let (count, failure) = chunk.withUnsafeMutableBytes { buffer -> (Int, Errno?) in
                do throws(Errno) { return (try read(into: buffer), nil) } catch { return (0, error) }
            }
            if let failure { throw failure }
            if count == 0 { return result }
            result.append(contentsOf: chunk[0..<count])
            if result.count > limit { throw Errno(code: EFBIG, call: "read") }
        }
    }

    public func fsync() throws(Errno) {
        _ = try retryingInterrupts("fsync") { Glibc.fsync(rawValue) }
    }

    /// Closes the descriptor. EINTR is not retried: on Linux the descriptor is gone either way.
    public func close() {
        _ = Glibc.close(rawValue)
    }

    public func setNonBlocking() throws(Errno) {
        let flags = try retryingInterrupts("fcntl(F_GETFL)") { fcntl(rawValue, F_GETFL) }
        _ = try retryingInterrupts("fcntl(F_SETFL)") { fcntl(rawValue, F_SETFL, flags | O_NONBLOCK) }
    }
}

/// Writes a whole string to a descriptor, ignoring failures (for diagnostics on stderr, where
/// Swift 6's global `stderr` is not concurrency-safe and a failure has nowhere to be reported).
public func writeDiagnostic(_ text: String, to fd: FileDescriptor = .standardError) {
    try? fd.writeAll(Array(text.utf8))
}
