import GridCore

/// The seam between the socket server and what requests do. The server owns framing, ordering
/// and connections; a handler turns one request line from one peer into one response line,
/// now or later, on any queue — or, for a request that streams (`tail`), into a `ResponseStream`.
public protocol RequestHandling: Sendable {
    /// Answers `line` by calling `reply` once (from any queue), or by calling `stream` once,
    /// synchronously before returning: the connection then reads no further requests.
    func handle(
        line: ArraySlice<UInt8>, from peer: Actor, reply: @escaping @Sendable ([UInt8]) -> Void,
        stream: @escaping @Sendable (any ResponseStream) -> Void)
}
