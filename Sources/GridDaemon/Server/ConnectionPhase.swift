/// Where a client connection is in its life, one value instead of flags whose combinations
/// were implicit. The moves it allows:
///
///     reading ⇄ heldBack          (back-pressure: the client is behind on its responses)
///     reading, heldBack → streaming  (a `tail` reply took over: input is read only for EOF)
///     reading, heldBack, streaming → draining  (EOF, error, shutdown, framing error, stream end)
///     any → closed
///
/// Each move returns whether it happened, so a caller acts (suspends a source, cancels one) only
/// on a real change.
enum ConnectionPhase: Equatable, Sendable {
    /// Reading the socket and taking requests.
    case reading
    /// Reading paused: the client is behind on its responses; taken up again once it catches up.
    case heldBack
    /// A streaming reply is the last request: the socket is read only to notice EOF.
    case streaming
    /// No more requests are read; what was read is answered (a stream finished), then it closes.
    case draining
    /// Closed: nothing more is read or written.
    case closed

    /// Whether the socket is read now (for requests, or for EOF under a stream).
    var readsInput: Bool { self == .reading || self == .streaming }

    /// Whether request lines already read may be taken (while held back, they wait in the framer
    /// until the client catches up).
    var takesRequests: Bool { self == .reading || self == .heldBack }

    /// reading → heldBack.
    mutating func pause() -> Bool { move(from: [.reading], to: .heldBack) }

    /// heldBack → reading.
    mutating func resume() -> Bool { move(from: [.heldBack], to: .reading) }

    /// reading or heldBack → streaming.
    mutating func startStreaming() -> Bool { move(from: [.reading, .heldBack], to: .streaming) }

    /// reading, heldBack or streaming → draining.
    mutating func stopReading() -> Bool { move(from: [.reading, .heldBack, .streaming], to: .draining) }

    /// Anything but closed → closed.
    mutating func close() -> Bool { move(from: [.reading, .heldBack, .streaming, .draining], to: .closed) }

    private mutating func move(from allowed: [ConnectionPhase], to next: ConnectionPhase) -> Bool {
        guard allowed.contains(self) else { return false }
        self = next
        return true
    }
}
