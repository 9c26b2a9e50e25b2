import Dispatch
import GridCore
import GridSystem
import Glibc

/// One client of the socket: reads request lines, hands them to the handler, and writes the
/// responses back in request order (clients may pipeline), without ever blocking the server
/// queue on a slow reader.
///
/// Back-pressure: the connection stops taking requests (and reading its socket) while
/// `maxUnsentBytes` of responses wait to be written, or while as many requests are unanswered
/// as would make about `maxUnsentBytes` of responses (judged by the largest response lately,
/// at most `maxInFlight`) — so a client that pipelines and never reads costs the daemon about
/// twice `maxUnsentBytes`, not everything it sends — and starts again once the client has
/// caught up to half of both.
///
/// Progress, not bytes, keeps a connection: `lastActivity` is the last complete request or the
/// last answer written (blank lines are no requests), and `partialLineSince` is when the request
/// line being read began — the server closes a connection idle too long, or one whose line is
/// not complete in time (`SocketServer.Settings`). At end of stream, bytes after the last newline
/// are taken as a final request (a truncated JSON object is never a valid one: it is refused).
///
/// A streaming reply (`tail`) is the connection's last request: once the handler hands one
/// over, later input is read only to notice EOF, and the stream is pulled a chunk at a time
/// when everything before it is written (see `ResponseStream`).
///
/// Confined to the server's queue: every method runs there, which is what makes the
/// `@unchecked Sendable` safe (completions from other queues hop back with `queue.async`).
final class ClientConnection: @unchecked Sendable {
    let number: Int
    let fd: FileDescriptor
    let peer: Actor
    private let queue: DispatchQueue
    private let handler: any RequestHandling
    private let onClose: (ClientConnection) -> Void
    private let maxInFlight: Int
    private let maxUnsentBytes: Int
    /// The server's one read buffer, shared by every connection (all run on `queue`).
    private let readBuffer: SocketReadBuffer

    private var framer: LineFramer
    private var readSource: (any DispatchSourceRead)?
    private var writeSource: (any DispatchSourceWrite)?
    private var readSuspended = false
    /// A resume is queued (see `resumeReadingIfCaughtUp`).
    private var resumeScheduled = false
    private var openSources = 0

    /// Responses in request order; `nil` until the handler replies. `firstSlot` numbers slots[0].
    private var slots: [[UInt8]?] = []
    private var firstSlot = 0
    private var output: [UInt8] = []
    private var outputOffset = 0
    /// The streaming reply and its slot (the last one), until it finishes.
    private var stream: (slot: Int, body: any ResponseStream)?
    /// How much of a stream is taken into `output` at a time.
    private static let streamChunkBytes = 65536

    /// No more requests will be read (EOF, error, shutdown, or a framing error).
    private var readingDone = false
    private var closed = false
    /// The last complete request, or the last answer written out.
    private(set) var lastActivity = DispatchTime.now()
    /// When the request line now being read began (nil between lines): while reading.
    private var partialLineSince: DispatchTime?
    private(set) var requestCount = 0

    init(
        number: Int, fd: FileDescriptor, peer: Actor, queue: DispatchQueue, maxLineBytes: Int, maxInFlight: Int = 4096,
        maxUnsentBytes: Int = 1 << 20, readBuffer: SocketReadBuffer, handler: any RequestHandling,
        onClose: @escaping (ClientConnection) -> Void
    ) {
        self.number = number
        self.fd = fd
        self.peer = peer
        self.queue = queue
        self.handler = handler
        self.onClose = onClose
        self.maxInFlight = maxInFlight
        self.maxUnsentBytes = maxUnsentBytes
        self.readBuffer = readBuffer
        framer = LineFramer(limit: maxLineBytes)
    }

    /// Whether the client has completed no request since `deadline` and is owed nothing.
    func isIdle(since deadline: DispatchTime) -> Bool {
        slots.isEmpty && output.count == outputOffset && lastActivity < deadline && !closed
    }

    /// Whether a request line begun before `deadline` is still incomplete. Only while the
    /// connection is being read: a line that waits because reading is paused (back-pressure) or
    /// after a stream started is not the client's delay.
    func isStalledMidLine(since deadline: DispatchTime) -> Bool {
        guard let partialLineSince, !readSuspended, !readingDone, stream == nil, !closed else { return false }
        return partialLineSince < deadline
    }

    var isClosed: Bool { closed }

    /// Whether reading is paused because the client is not keeping up with its responses.
    var isHeldBack: Bool { readSuspended && !readingDone }

    private var unsentBytes: Int { output.count - outputOffset }

    /// The largest response lately: it jumps to a larger one and shrinks by an eighth with each
    /// smaller one (never below 256 bytes). It starts at 16 KiB, so that a first burst of
    /// requests of unknown cost (64 of them) cannot pile up much more than `maxUnsentBytes`.
    private var responseSizeEstimate = 16384

    /// How many requests may be unanswered: about `maxUnsentBytes` of responses, 1 to `maxInFlight`.
    private var inFlightLimit: Int { min(maxInFlight, max(1, maxUnsentBytes / responseSizeEstimate)) }

    /// Whether another request may be taken now (see the type's note on back-pressure).
    private var hasRoom: Bool { slots.count < inFlightLimit && unsentBytes < maxUnsentBytes }

    /// Whether to keep reading the socket: while there is room, and always once a stream is
    /// attached (input is then only watched for EOF and dropped, so it costs nothing).
    private var wantsInput: Bool { stream != nil || hasRoom }

    func start() {
        let source = DispatchSource.makeReadSource(fileDescriptor: fd.rawValue, queue: queue)
        source.setEventHandler { [self] in readAvailable() }
        source.setCancelHandler { [self] in sourceCancelled() }
        openSources += 1
        readSource = source
        source.activate()
    }

    // MARK: Reading

    private func readAvailable() {
        while !readingDone, !readSuspended {
            let result: Result<Int, Errno> = readBuffer.bytes.withUnsafeMutableBytes { buffer in
                do throws(Errno) { return .success(try fd.read(into: buffer)) } catch { return .failure(error) }
            }
            let count: Int
            switch result {
            case .success(let read): count = read
            case .failure(let error) where error.is(EAGAIN) || error.is(EWOULDBLOCK): return closeIfFinished()
            case .failure:
                abort()
                return
            }
            if count == 0 {
                // The client's last request may lack its newline: the bytes before EOF are that line.
                if stream == nil, let last = framer.takeRest() { take(last) }
                stopReading()
                endStream(.clientClosed)
                break
            }
            if stream == nil {  // after a streaming request, input is read only to see EOF
                readBuffer.bytes.withUnsafeBytes { framer.append(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
                processLines()
            }
            if !wantsInput { pauseReading() }
            if count < readBuffer.bytes.count { break }
        }
        closeIfFinished()
    }

    private func processLines() {
        lines: while !readingDone, stream == nil, hasRoom {
            switch framer.next() {
            case .needMore:
                break lines
            case .tooLong:
                let error = GridError(.lineTooLong, "request line longer than \(framer.limit) bytes; closing the connection")
                enqueue(Response.failure(id: .null, error: error))
                stopReading()
                return
            case .line(let line):
                partialLineSince = nil
                take(line)
            }
        }
        // Bytes left after the last line begin the next one: its clock starts now.
        if framer.pendingCount > 0, partialLineSince == nil { partialLineSince = .now() }
    }

    /// Hands one request line to the handler, its answer to come in `slot` order.
    private func take(_ line: ArraySlice<UInt8>) {
        if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { return }  // blank: no request
        requestCount += 1
        lastActivity = .now()
        let slot = firstSlot + slots.count
        slots.append(nil)
        handler.handle(
            line: line, from: peer,
            reply: { [self] response in
                queue.async { self.fill(slot: slot, with: response) }
            },
            stream: { [self] body in
                dispatchPrecondition(condition: .onQueue(queue))
                attach(body, slot: slot)
            })
    }

    private func pauseReading() {
        guard let readSource, !readSuspended, !readingDone else { return }
        readSource.suspend()
        readSuspended = true
    }

    private func resumeReadingIfPaused() {
        guard let readSource, readSuspended else { return }
        readSuspended = false
        readSource.resume()
    }

    /// Called whenever responses were written or answered: once the client has caught up to half
    /// of both limits, takes the requests already buffered, then reads again if there is room.
    /// Queued rather than run here, so that request handling never nests inside writing.
    private func resumeReadingIfCaughtUp() {
        guard readSuspended, !readingDone, !resumeScheduled,
            slots.count <= inFlightLimit / 2, unsentBytes <= maxUnsentBytes / 2
        else { return }
        resumeScheduled = true
        queue.async { [self] in
            resumeScheduled = false
            guard readSuspended, !readingDone, !closed else { return }
            partialLineSince = nil  // a line held up by the pause is not the client's delay
            processLines()
            if wantsInput { resumeReadingIfPaused() }
        }
    }

    /// Stops reading requests; what was read is still answered, then the connection closes.
    func stopReading() {
        guard !readingDone else { return }
        readingDone = true
        if let readSource {
            resumeReadingIfPaused()
            readSource.cancel()
        }
    }

    /// Sends an error line with no request id (idle timeout, shutdown) and closes after it.
    func refuse(_ error: GridError) {
        enqueue(Response.failure(id: .null, error: error))
        stopReading()
        closeIfFinished()
    }

    /// Shutdown: read nothing more, answer what was read, end a stream, then close.
    func finish() {
        stopReading()
        endStream(.stopping)
        closeIfFinished()
    }

    // MARK: Streaming

    private func attach(_ body: any ResponseStream, slot: Int) {
        stream = (slot, body)
        body.attach(wake: { [weak self] in
            guard let connection = self else { return }
            connection.queue.async { connection.pumpStream() }
        })
        queue.async { [self] in pumpStream() }
    }

    private func endStream(_ reason: StreamEndReason) {
        guard let stream else { return }
        stream.body.end(reason: reason)
        pumpStream()
    }

    /// Moves stream lines into `output` while everything before them is written and the socket
    /// takes more; stops when the stream has nothing ready (it wakes us) or the socket is full
    /// (the write source calls back).
    private func pumpStream() {
        while let stream, !closed, stream.slot == firstSlot, outputOffset == output.count {
            let (bytes, finished) = stream.body.next(maxBytes: Self.streamChunkBytes)
            if finished {
                self.stream = nil
                slots[0] = bytes
                stopReading()
                flushSlots()
                closeIfFinished()
                return
            }
            if bytes.isEmpty { return }
            output.append(contentsOf: bytes)
            writeOutput()
        }
    }

    // MARK: Writing

    private func enqueue(_ response: [UInt8]) {
        slots.append(response)
        flushSlots()
    }

    private func fill(slot: Int, with response: [UInt8]) {
        guard !closed else { return }
        responseSizeEstimate = max(256, response.count, responseSizeEstimate - responseSizeEstimate / 8)
        let index = slot - firstSlot
        guard index >= 0, index < slots.count else { return }
        slots[index] = response
        flushSlots()
        closeIfFinished()
    }

    private func flushSlots() {
        var ready = 0
        while ready < slots.count, let response = slots[ready] {
            output.append(contentsOf: response)
            ready += 1
        }
        if ready > 0 {
            slots.removeFirst(ready)
            firstSlot += ready
        }
        writeOutput()
        pumpStream()
    }

    private func writeOutput() {
        while outputOffset < output.count {
            let result: Result<Int, Errno> = output.withUnsafeBytes { buffer in
                do throws(Errno) {
                    return .success(try fd.write(UnsafeRawBufferPointer(rebasing: buffer[outputOffset...])))
                } catch {
                    return .failure(error)
                }
            }
            switch result {
            case .success(let written):
                outputOffset += written
            case .failure(let error) where error.is(EAGAIN) || error.is(EWOULDBLOCK):
                // A slow reader: drop what was written so the buffer does not keep growing at the front.
                if outputOffset >= 65536, outputOffset * 2 >= output.count {
                    output.removeSubrange(0..<outputOffset)
                    outputOffset = 0
                }
                armWriteSource()
                resumeReadingIfCaughtUp()
                return
            case .failure:
                abort()
                return
            }
        }
        if !output.isEmpty { lastActivity = .now() }  // an answer went out
        // Keeps a small buffer for the next responses; a large one (a burst) goes back.
        output.removeAll(keepingCapacity: output.capacity <= 65536)
        outputOffset = 0
        if let writeSource {
            self.writeSource = nil
            writeSource.cancel()
        }
        resumeReadingIfCaughtUp()
    }

    private func armWriteSource() {
        guard writeSource == nil, !closed else { return }
        let source = DispatchSource.makeWriteSource(fileDescriptor: fd.rawValue, queue: queue)
        source.setEventHandler { [self] in
            writeOutput()
            pumpStream()
            closeIfFinished()
        }
        source.setCancelHandler { [self] in sourceCancelled() }
        openSources += 1
        writeSource = source
        source.activate()
    }

    // MARK: Closing

    private func closeIfFinished() {
        if readingDone, slots.isEmpty, outputOffset == output.count { close() }
    }

    /// Drops the connection now, answered or not (peer gone, write error, forced shutdown).
    func abort() {
        slots.removeAll()
        output.removeAll()
        outputOffset = 0
        readingDone = true
        close()
    }

    private func close() {
        guard !closed else { return }
        closed = true
        if let stream {
            self.stream = nil
            stream.body.cancel()
        }
        if let readSource {
            resumeReadingIfPaused()
            readSource.cancel()
        }
        writeSource?.cancel()
        writeSource = nil
        if openSources == 0 { finishClose() }
    }

    private func sourceCancelled() {
        openSources -= 1
        if closed, openSources == 0 { finishClose() }
    }

    private func finishClose() {
        readSource = nil
        fd.close()
        onClose(self)
    }
}

/// The one 64 KiB buffer every connection reads into (they all run on the server's queue, one
/// at a time, and copy what they read into their framer): a thousand idle connections then cost
/// no read buffers of their own. Allocated once, since zeroing 64 KiB per read is measurable.
final class SocketReadBuffer: @unchecked Sendable {
    var bytes = [UInt8](repeating: 0, count: 65536)
}
