import Dispatch

/// The read side of a connection: splits what the client sends into request lines (`LineFramer`),
/// skips blank lines (no requests), and keeps the clock of the line being read, for
/// `RequestTimeout=` — progress, not bytes: a line dribbled in slowly is still late.
struct RequestReader {
    enum Next: Equatable {
        /// A complete, non-blank request line (without its newline).
        case request(ArraySlice<UInt8>)
        /// No complete line yet.
        case needMore
        /// A line longer than the limit: the connection is closed after an error line.
        case tooLong
    }

    private var framer: LineFramer
    /// When the request line now being read began (nil between lines, and while its clock is stopped).
    private(set) var lineStartedAt: DispatchTime?

    init(maxLineBytes: Int) { framer = LineFramer(limit: maxLineBytes) }

    var maxLineBytes: Int { framer.limit }

    mutating func append(_ bytes: UnsafeRawBufferPointer) { framer.append(bytes) }

    /// The next request line; every complete line, blank or not, ends the clock of the line before.
    mutating func next() -> Next {
        while true {
            switch framer.next() {
            case .needMore: return .needMore
            case .tooLong: return .tooLong
            case .line(let line):
                lineStartedAt = nil
                if !Self.isBlank(line) { return .request(line) }
            }
        }
    }

    /// After the lines were taken: bytes left over begin the next line, whose clock starts at `now`.
    mutating func noteUnfinishedLine(now: @autoclosure () -> DispatchTime) {
        if framer.pendingCount > 0, lineStartedAt == nil { lineStartedAt = now() }
    }

    /// Stops the clock of the line being read (a line held up by back-pressure is not the client's delay).
    mutating func forgetLineStart() { lineStartedAt = nil }

    /// At end of stream: the bytes after the last newline as a final request (a client's last line
    /// may lack its newline), or nil when they are none or blank.
    mutating func finalRequest() -> ArraySlice<UInt8>? {
        guard let rest = framer.takeRest(), !Self.isBlank(rest) else { return nil }
        return rest
    }

    static func isBlank(_ line: ArraySlice<UInt8>) -> Bool {
        line.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
    }
}

/// The one 64 KiB buffer every connection reads into (they all run on the server's queue, one
/// at a time, and copy what they read into their framer): a thousand idle connections then cost
/// no read buffers of their own. Allocated once, since zeroing 64 KiB per read is measurable.
/// Not Sendable: only the server and its connections (confined to its queue) hold it.
final class SocketReadBuffer {
    var bytes = [UInt8](repeating: 0, count: 65536)
}
