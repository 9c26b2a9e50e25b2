import Dispatch
import GridCore
import GridSystem

/// One client of the socket: reads request lines, hands them to the handler, and writes the
/// responses back in request order (clients may pipeline), without ever blocking the server
/// queue on a slow reader. It owns the descriptor and its Dispatch sources and moves the parts
/// that hold the logic, each a plain value:
///
/// - `RequestReader`: request lines out of the bytes read, and the clock of the line being read;
/// - `ResponseQueue`: one slot per request, handed out in request order as they are answered;
/// - `OutputBuffer`: what is still to be written, written as far as the socket takes it;
/// - `BackPressure`: when to stop taking requests (pausing the read source) and when to start
///   again — see there for the limits;
/// - `ConnectionPhase`: reading, held back, streaming, draining, closed.
///
/// Progress, not bytes, keeps a connection: `lastActivity` is the last complete request or the
/// last answer written (blank lines are no requests), and the reader's `lineStartedAt` is when
/// the request line being read began — the server closes a connection idle too long, or one
/// whose line is not complete in time (`SocketServer.Settings`). At end of stream, bytes after
/// the last newline are taken as a final request (a truncated JSON object is never a valid one:
/// it is refused).
///
/// A streaming reply (`tail`) is the connection's last request: once the handler hands one
/// over, later input is read only to notice EOF, and the stream is pulled a chunk at a time
/// when everything before it is written (see `ResponseStream`).
///
/// Confined to the server's queue: the server calls it there (each entry point checks it), its
/// sources fire there, and answers from other queues hop back with `queue.async` — which is
/// what makes the `@unchecked Sendable` safe.
final class ClientConnection: @unchecked Sendable {
    let number: Int
    let fd: FileDescriptor
    let peer: Actor
    private let queue: DispatchQueue
    private let handler: any RequestHandling
    private let onClose: (ClientConnection) -> Void
    /// The server's one read buffer, shared by every connection (all run on `queue`).
    private let readBuffer: SocketReadBuffer
    private let sources: ConnectionSources

    private var phase = ConnectionPhase.reading
    private var reader: RequestReader
    private var responses = ResponseQueue()
    private var output = OutputBuffer()
    private var backPressure: BackPressure
    /// The streaming reply and its slot (the last one), until it finishes.
    private var stream: (slot: Int, body: any ResponseStream)?
    /// How much of a stream is taken into `output` at a time.
    private static let streamChunkBytes = 65536
    /// A resume is queued (see `resumeReadingIfCaughtUp`).
    private var resumeQueued = false
    /// Answers handed to `reply` on other queues (intake's come after COMMIT, a chunk at a time)
    /// on their way to `queue`: one hop and one write(2) carry every answer that arrived before
    /// the hop ran, not one of each per answer.
    private let arrivals: CoalescedHop<Answer>
    private typealias Answer = (slot: Int, response: [UInt8])
    /// The last complete request, or the last answer written out.
    private(set) var lastActivity = DispatchTime.now()

    init(
        number: Int, fd: FileDescriptor, peer: Actor, queue: DispatchQueue, maxLineBytes: Int, maxInFlight: Int = 4096,
        maxUnsentBytes: Int = 1 << 20, readBuffer: SocketReadBuffer, handler: any RequestHandling,
        onClose: @escaping (ClientConnection) -> Void
    ) {
        self.number = number
        self.fd = fd
        self.peer = peer
        self.queue = queue
        arrivals = CoalescedHop(to: queue)
        self.handler = handler
        self.onClose = onClose
        self.readBuffer = readBuffer
        sources = ConnectionSources(fd: fd, queue: queue)
        reader = RequestReader(maxLineBytes: maxLineBytes)
        backPressure = BackPressure(maxInFlight: maxInFlight, maxUnsentBytes: maxUnsentBytes)
    }

    func start() {
        dispatchPrecondition(condition: .onQueue(queue))
        sources.startReading { [self] in readAvailable() }
    }

    /// Whether the client has completed no request since `deadline` and is owed nothing.
    func isIdle(since deadline: DispatchTime) -> Bool {
        dispatchPrecondition(condition: .onQueue(queue))
        return responses.isEmpty && output.isFullyWritten && lastActivity < deadline && phase != .closed
    }

    /// Whether a request line begun before `deadline` is still incomplete. Only while the
    /// connection is being read: a line that waits because reading is paused (back-pressure) or
    /// after a stream started is not the client's delay.
    func isStalledMidLine(since deadline: DispatchTime) -> Bool {
        dispatchPrecondition(condition: .onQueue(queue))
        guard phase == .reading, let started = reader.lineStartedAt else { return false }
        return started < deadline
    }

    /// Whether reading is paused because the client is not keeping up with its responses.
    var isHeldBack: Bool {
        dispatchPrecondition(condition: .onQueue(queue))
        return phase == .heldBack
    }

    private var hasRoom: Bool { backPressure.hasRoom(unanswered: responses.count, unsentBytes: output.unsentCount) }

    /// Whether to keep reading the socket: while there is room, and always once a stream is
    /// attached (input is then only watched for EOF and dropped, so it costs nothing).
    private var wantsInput: Bool { stream != nil || hasRoom }

    // MARK: Reading

    private func readAvailable() {
        dispatchPrecondition(condition: .onQueue(queue))
        while phase.readsInput {
            let count: Int
            switch readSocket() {
            case .processed(let read)?: count = read
            case .wouldBlock?: return closeIfFinished()
            case nil: return abort()
            }
            if count == 0 {
                // The client's last request may lack its newline: the bytes before EOF are that line.
                if phase == .reading, let last = reader.finalRequest() {
                    take(last)
                    handler.endOfBurst()
                }
                stopReading()
                endStream(.clientClosed)
                break
            }
            if phase == .reading {  // after a streaming request, input is read only to see EOF
                readBuffer.bytes.withUnsafeBytes { reader.append(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
                processLines()
            }
            if !wantsInput, phase.pause() { sources.suspendReading() }
            if count < readBuffer.bytes.count { break }
        }
        closeIfFinished()
    }

    /// One read into the shared buffer; nil when it failed (the peer is gone).
    private func readSocket() -> IOResult<Int>? {
        readBuffer.bytes.withUnsafeMutableBytes { buffer in try? fd.readNonBlocking(into: buffer) }
    }

    /// Takes the complete lines read so far while there is room: one burst for the handler.
    private func processLines() {
        defer { handler.endOfBurst() }
        lines: while phase.takesRequests, hasRoom {
            switch reader.next() {
            case .needMore:
                break lines
            case .tooLong:
                let error = GridError(.lineTooLong, "request line longer than \(reader.maxLineBytes) bytes; closing the connection")
                enqueue(Response.failure(id: .null, error: error))
                stopReading()
                return
            case .request(let line):
                take(line)
            }
        }
        reader.noteUnfinishedLine(now: .now())
    }

    /// Hands one request line to the handler, its answer to come in slot order.
    private func take(_ line: ArraySlice<UInt8>) {
        lastActivity = .now()
        let slot = responses.reserve()
        handler.handle(
            line: line, from: peer,
            reply: { [self] response in arrive(slot: slot, response: response) },
            stream: { [self] body in
                dispatchPrecondition(condition: .onQueue(queue))
                attach(body, slot: slot)
            })
    }

    /// Called whenever responses were written or answered: once the client has caught up to half
    /// of both limits, takes the requests already buffered, then reads again if there is room.
    /// Queued rather than run here, so that request handling never nests inside writing.
    private func resumeReadingIfCaughtUp() {
        guard phase == .heldBack, !resumeQueued,
            backPressure.hasCaughtUp(unanswered: responses.count, unsentBytes: output.unsentCount)
        else { return }
        resumeQueued = true
        queue.async { [self] in
            resumeQueued = false
            guard phase == .heldBack else { return }
            reader.forgetLineStart()  // a line held up by the pause is not the client's delay
            processLines()
            guard wantsInput else { return }
            _ = phase.resume()
            sources.resumeReading()
        }
    }

    /// Stops reading requests; what was read is still answered, then the connection closes.
    func stopReading() {
        dispatchPrecondition(condition: .onQueue(queue))
        guard phase.stopReading() else { return }
        sources.stopReading()
    }

    /// Sends an error line with no request id (idle timeout, shutdown) and closes after it.
    func refuse(_ error: GridError) {
        dispatchPrecondition(condition: .onQueue(queue))
        enqueue(Response.failure(id: .null, error: error))
        stopReading()
        closeIfFinished()
    }

    /// Shutdown: read nothing more, answer what was read, end a stream, then close.
    func finish() {
        dispatchPrecondition(condition: .onQueue(queue))
        stopReading()
        endStream(.stopping)
        closeIfFinished()
    }

    // MARK: Streaming

    private func attach(_ body: any ResponseStream, slot: Int) {
        _ = phase.startStreaming()
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
        while let stream, phase != .closed, stream.slot == responses.firstSlot, output.isFullyWritten {
            let (bytes, finished) = stream.body.next(maxBytes: Self.streamChunkBytes)
            if finished {
                self.stream = nil
                _ = responses.fill(stream.slot, with: bytes)
                stopReading()
                flushResponses()
                closeIfFinished()
                return
            }
            if bytes.isEmpty { return }
            output.append(bytes)
            writeOutput()
        }
    }

    // MARK: Writing

    private func enqueue(_ response: [UInt8]) {
        responses.appendAnswered(response)
        flushResponses()
    }

    /// Any queue: the answer for `slot`, filled on `queue` with the others that arrived by then.
    private func arrive(slot: Int, response: [UInt8]) {
        arrivals.send(CollectionOfOne((slot, response))) { [self] answers in fill(answers) }
    }

    /// Fills the slots of `answers`, then writes what is in order in one go.
    private func fill(_ answers: [Answer]) {
        guard phase != .closed else { return }
        var filled = false
        for answer in answers {
            backPressure.noteResponse(bytes: answer.response.count)
            if responses.fill(answer.slot, with: answer.response) { filled = true }
        }
        guard filled else { return }
        flushResponses()
        closeIfFinished()
    }

    private func flushResponses() {
        responses.moveAnswered(into: &output)
        writeOutput()
        pumpStream()
    }

    private func writeOutput() {
        switch output.flush(to: { (buffer) throws(Errno) in try fd.writeNonBlocking(buffer) }) {
        case .wouldBlock:
            sources.armWriting { [self] in
                writeOutput()
                pumpStream()
                closeIfFinished()
            }
        case .failed:
            return abort()
        case .allWritten:
            lastActivity = .now()  // an answer went out
            sources.disarmWriting()
        case .nothingToWrite:
            sources.disarmWriting()
        }
        resumeReadingIfCaughtUp()
    }

    // MARK: Closing

    private func closeIfFinished() {
        if phase == .draining, responses.isEmpty, output.isFullyWritten { close() }
    }

    /// Drops the connection now, answered or not (peer gone, write error, forced shutdown).
    func abort() {
        dispatchPrecondition(condition: .onQueue(queue))
        responses.removeAll()
        output.removeAll()
        close()
    }

    private func close() {
        guard phase.close() else { return }
        if let stream {
            self.stream = nil
            stream.body.cancel()
        }
        sources.cancelAll { [self] in
            fd.close()
            onClose(self)
        }
    }
}
