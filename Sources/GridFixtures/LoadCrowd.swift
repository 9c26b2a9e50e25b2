import Dispatch
import GridSystem
import Glibc
import Synchronization

/// Many badly behaved socket clients of gridd at once, for the load test and `grid-bench load`:
/// what a daemon must survive while it keeps serving everyone else.
///
/// - stalled: connected, sent half a request line, then nothing;
/// - never reading: pipelined a few requests and never read the answers;
/// - flooding: pipeline large-answer requests until the daemon stops reading them (`flood`), never read;
/// - slow readers: pipelined large-answer requests, then read a little at a time (`startBackground`);
/// - active: one small request at a time at a modest rate (`startBackground`).
public final class LoadCrowd: @unchecked Sendable {
    public struct Mix: Sendable {
        public var stalled: Int
        public var neverReading: Int
        public var flooding: Int
        public var slowReaders: Int
        public var active: Int

        public init(stalled: Int, neverReading: Int, flooding: Int, slowReaders: Int, active: Int) {
            self.stalled = stalled
            self.neverReading = neverReading
            self.flooding = flooding
            self.slowReaders = slowReaders
            self.active = active
        }

        public var total: Int { stalled + neverReading + flooding + slowReaders + active }
    }

    /// What the slow readers and active clients got back.
    public struct Tally: Sendable, Equatable {
        /// Response lines each slow reader has read so far.
        public var slowLines: [Int]
        /// Lines that were not `"ok":true` responses, over all slow readers and active clients.
        public var bad: Int
        /// Round trips the active clients completed.
        public var activeRoundTrips: Int
    }

    /// A pipelined request whose answer is large (a `list`), one line with its newline.
    public let largeRequest: [UInt8]
    /// A request whose answer is small (a `ping`).
    public let smallRequest: [UInt8]
    /// How many large requests each slow reader pipelines at the start.
    public let slowReaderRequests: Int

    private var stalled: [FileDescriptor] = []
    private var neverReading: [FileDescriptor] = []
    private var flooding: [FileDescriptor] = []
    private var slowReaders: [LineCounter] = []
    private var active: [LineCounter] = []
    private let stopping = Atomic<Bool>(false)
    private let background = DispatchGroup()
    private let tally: Mutex<Tally>

    /// Opens every connection and sends what each kind sends at the start.
    public init(
        socketPath: String, mix: Mix, largeRequest: String, smallRequest: String, slowReaderRequests: Int
    ) throws(Errno) {
        self.largeRequest = Array((largeRequest + "\n").utf8)
        self.smallRequest = Array((smallRequest + "\n").utf8)
        self.slowReaderRequests = slowReaderRequests
        tally = Mutex(Tally(slowLines: Array(repeating: 0, count: mix.slowReaders), bad: 0, activeRoundTrips: 0))
        let partial = Array(self.smallRequest.prefix(self.smallRequest.count / 2))
        do throws(Errno) {
            for _ in 0..<mix.stalled {
                let fd = try UnixSocket.connect(path: socketPath)
                stalled.append(fd)
                try fd.writeAll(partial)
            }
            for _ in 0..<mix.neverReading {
                let fd = try UnixSocket.connect(path: socketPath)
                neverReading.append(fd)
                try fd.writeAll(Array([[UInt8]](repeating: self.smallRequest, count: 4).joined()) + self.largeRequest)
            }
            for _ in 0..<mix.flooding {
                let fd = try UnixSocket.connect(path: socketPath)
                flooding.append(fd)
                try fd.setNonBlocking()
            }
            for _ in 0..<mix.slowReaders {
                let fd = try UnixSocket.connect(path: socketPath)
                slowReaders.append(LineCounter(fd))
                try fd.writeAll(Array([[UInt8]](repeating: self.largeRequest, count: slowReaderRequests).joined()))
                try fd.setNonBlocking()
            }
            for _ in 0..<mix.active { active.append(LineCounter(try UnixSocket.connect(path: socketPath))) }
        } catch {
            close()
            throw error
        }
    }

    deinit { close() }

    /// Writes large-answer requests to every flooding client, as fast as the daemon takes them,
    /// until none has taken anything for `quietMilliseconds` (the daemon stopped reading them) or
    /// a client has sent `limitBytes`. Returns the bytes each sent; one that reached the limit was
    /// never held back.
    public func flood(limitBytes: Int, quietMilliseconds: Int32) -> [Int] {
        let stream = Array([[UInt8]](repeating: largeRequest, count: max(1, 65536 / largeRequest.count)).joined())
        var sent = Array(repeating: 0, count: flooding.count)
        while true {
            var progressed = false
            for (index, fd) in flooding.enumerated() where sent[index] < limitBytes {
                while sent[index] < limitBytes {
                    let offset = sent[index] % stream.count
                    let written = stream.withUnsafeBytes { buffer in
                        (try? fd.write(UnsafeRawBufferPointer(rebasing: buffer[offset...]))) ?? 0
                    }
                    if written <= 0 { break }
                    sent[index] += written
                    progressed = true
                }
            }
            if progressed { continue }
            var waiting = flooding.indices.filter { sent[$0] < limitBytes }.map {
                pollfd(fd: flooding[$0].rawValue, events: Int16(POLLOUT), revents: 0)
            }
            if waiting.isEmpty { return sent }
            if poll(&waiting, nfds_t(waiting.count), quietMilliseconds) <= 0 { return sent }
        }
    }

    /// Starts the slow readers (each pass reads at most `slowBytesPerPass` from each, then
    /// pauses `passMicroseconds`) and the active clients (each sends one small request and
    /// reads its answer every `activeIntervalMicroseconds`), each kind on its own thread.
    public func startBackground(slowBytesPerPass: Int, passMicroseconds: UInt32, activeIntervalMicroseconds: UInt32) {
        let queue = DispatchQueue(label: "load-crowd.slow")
        queue.async(group: background) { [self] in
            var buffer = [UInt8](repeating: 0, count: slowBytesPerPass)
            while !stopping.load(ordering: .relaxed) {
                for (index, reader) in slowReaders.enumerated() {
                    let (lines, bad) = reader.readOnce(into: &buffer)
                    if lines > 0 || bad > 0 {
                        tally.withLock {
                            $0.slowLines[index] += lines
                            $0.bad += bad
                        }
                    }
                }
                usleep(passMicroseconds)
            }
        }
        DispatchQueue(label: "load-crowd.active").async(group: background) { [self] in
            while !stopping.load(ordering: .relaxed) {
                for client in active {
                    let ok = client.roundTrip(smallRequest, seconds: 30)
                    tally.withLock {
                        if ok { $0.activeRoundTrips += 1 } else { $0.bad += 1 }
                    }
                }
                usleep(activeIntervalMicroseconds)
            }
        }
    }

    /// Stops the background threads and waits for them.
    public func stopBackground() {
        stopping.store(true, ordering: .relaxed)
        background.wait()
    }

    /// After `stopBackground`: reads every slow reader until it has all its answers (or nothing
    /// comes for `seconds`), and returns the tally.
    public func finish(seconds: Int32) -> Tally {
        var buffer = [UInt8](repeating: 0, count: 65536)
        for (index, reader) in slowReaders.enumerated() {
            while tally.withLock({ $0.slowLines[index] }) < slowReaderRequests {
                var ready = pollfd(fd: reader.fd.rawValue, events: Int16(POLLIN), revents: 0)
                guard poll(&ready, 1, seconds * 1000) > 0 else { break }
                let (lines, bad) = reader.readOnce(into: &buffer)
                tally.withLock {
                    $0.slowLines[index] += lines
                    $0.bad += bad
                }
                if lines == 0, bad == 0, reader.atEOF { break }
            }
        }
        return tally.withLock { $0 }
    }

    public var currentTally: Tally { tally.withLock { $0 } }

    /// Closes every connection (idempotent).
    public func close() {
        for fd in stalled + neverReading + flooding { fd.close() }
        for client in slowReaders + active { client.fd.close() }
        stalled = []
        neverReading = []
        flooding = []
        slowReaders = []
        active = []
    }
}

/// One connection's response lines, counted as they arrive: a line is good when it is an
/// `"ok":true` response (judged from its first bytes, without parsing large answers).
final class LineCounter: @unchecked Sendable {
    let fd: FileDescriptor
    private var head: [UInt8] = []
    private(set) var atEOF = false
    private static let okMarker = Array(#""ok":true"#.utf8)

    init(_ fd: FileDescriptor) { self.fd = fd }

    /// One read (non-blocking descriptors return at once): complete lines and bad lines in it.
    func readOnce(into buffer: inout [UInt8]) -> (lines: Int, bad: Int) {
        let count = buffer.withUnsafeMutableBytes { (try? fd.read(into: $0)) ?? -1 }
        if count == 0 { atEOF = true }
        guard count > 0 else { return (0, 0) }
        return consume(buffer[0..<count])
    }

    /// Sends `request` (blocking) and reads until its one response line has come.
    func roundTrip(_ request: [UInt8], seconds: Int32) -> Bool {
        guard (try? fd.writeAll(request)) != nil else { return false }
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            var ready = pollfd(fd: fd.rawValue, events: Int16(POLLIN), revents: 0)
            guard poll(&ready, 1, seconds * 1000) > 0 else { return false }
            let (lines, bad) = readOnce(into: &buffer)
            if lines > 0 { return bad == 0 }
            if atEOF { return false }
        }
    }

    private func consume(_ bytes: ArraySlice<UInt8>) -> (lines: Int, bad: Int) {
        var lines = 0
        var bad = 0
        for byte in bytes {
            if byte == 0x0A {
                lines += 1
                if !LineCounter.isOK(head) { bad += 1 }
                head.removeAll(keepingCapacity: true)
            } else if head.count < 64 {
                head.append(byte)
            }
        }
        return (lines, bad)
    }

    private static func isOK(_ head: [UInt8]) -> Bool {
        guard head.count >= okMarker.count else { return false }
        return (0...(head.count - okMarker.count)).contains { head[$0..<$0 + okMarker.count].elementsEqual(okMarker) }
    }
}
