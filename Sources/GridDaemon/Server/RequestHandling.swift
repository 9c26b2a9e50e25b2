import GridCore

/// The seam between the socket server and what requests do. The server owns framing, ordering
/// and connections; a handler turns one request line from one peer into one response line,
/// now or later, on any queue.
public protocol RequestHandling: Sendable {
    func handle(line: ArraySlice<UInt8>, from peer: Actor, reply: @escaping @Sendable ([UInt8]) -> Void)
}
