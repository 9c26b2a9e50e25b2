/// Splits a byte stream into newline-terminated lines, refusing any line longer than a limit
/// before it is buffered whole (so a client cannot make the daemon hold an unbounded line).
struct LineFramer {
    enum Next {
        case line(ArraySlice<UInt8>)
        case needMore
        case tooLong
    }

    let limit: Int
    private var buffer: [UInt8] = []
    private var start = 0
    /// Where to resume the newline search (bytes before it have none).
    private var scanned = 0

    init(limit: Int) { self.limit = limit }

    /// Bytes buffered but not yet returned as lines.
    var pendingCount: Int { buffer.count - start }

    mutating func append(_ bytes: UnsafeRawBufferPointer) {
        if start > 0, start == buffer.count {
            // An idle connection keeps at most 64 KiB (a pipelining client's burst goes back).
            buffer.removeAll(keepingCapacity: buffer.capacity <= 65536)
            start = 0
            scanned = 0
        } else if start > 65536, start * 2 > buffer.count {
            buffer.removeSubrange(0..<start)
            scanned -= start
            start = 0
        }
        buffer.append(contentsOf: bytes.bindMemory(to: UInt8.self))
    }

    /// At end of stream: the bytes after the last newline (a final line the client sent without
    /// one), or nil when there are none. Call only once `next` returned `needMore`.
    mutating func takeRest() -> ArraySlice<UInt8>? {
        guard pendingCount > 0 else { return nil }
        let rest = buffer[start...]
        start = buffer.count
        scanned = start
        return rest
    }

    /// The next complete line without its newline (a trailing CR is kept: JSON treats it as space).
    mutating func next() -> Next {
        if let newline = buffer[scanned...].firstIndex(of: 0x0A) {
            let line = buffer[start..<newline]
            start = newline + 1
            scanned = start
            if line.count > limit { return .tooLong }
            return .line(line)
        }
        scanned = buffer.count
        return pendingCount > limit ? .tooLong : .needMore
    }
}
