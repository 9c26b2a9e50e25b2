import GridCore

/// The seam between the socket server and what requests do. The server owns framing, ordering
/// and connections; a handler turns one request line from one peer into one response line,
/// now or later, on any queue — or, for a request that streams (`tail`), into a `ResponseStream`.
///
/// The server hands requests over in bursts: the complete lines of one read, one `handle` each,
/// then `endOfBurst`. A handler may hold requests of a burst back until its end and serve them
/// together (`DaemonRequestHandler` stores a pipelining client's consecutive submits as one
/// store operation); each is still answered on its own.
public protocol RequestHandling: Sendable {
    /// Answers `line` by calling `reply` once (from any queue), or by calling `stream` once,
    /// synchronously before returning: the connection then reads no further requests.
    func handle(
        line: ArraySlice<UInt8>, from peer: Actor, reply: @escaping @Sendable ([UInt8]) -> Void,
        stream: @escaping @Sendable (any ResponseStream) -> Void)

    /// Called after the last line of a burst was handed to `handle`, before the connection reads
    /// again or closes: whatever was held back goes on its way now.
    func endOfBurst()
}
