/// A reply of many lines that the connection pulls as the client reads (`tail`): the connection
/// asks for more only once what it had is written, so a client that stops reading holds at most
/// one chunk in the daemon and the rest is the stream's business (a bounded queue that counts
/// what it drops).
///
/// Used only on the connection's queue (`attach`, `next`, `end`, `cancel`); `wake` may be
/// called from any thread.
public protocol ResponseStream: AnyObject, Sendable {
    /// Called once when the connection takes the stream: call `wake` (from any thread) when
    /// lines are ready after `next` returned none.
    func attach(wake: @escaping @Sendable () -> Void)
    /// Whole response lines, about `maxBytes` at most (empty when nothing is ready), and whether
    /// the stream is over (the bytes then end with its last line).
    func next(maxBytes: Int) -> (bytes: [UInt8], finished: Bool)
    /// The client closed its side, or the daemon is stopping: finish with what is queued.
    func end(reason: StreamEndReason)
    /// The connection is gone: release everything now.
    func cancel()
}

/// Why a stream that follows ends before its client goes away.
public enum StreamEndReason: String, Sendable {
    /// The client closed its side of the connection (EOF).
    case clientClosed = "client_closed"
    /// The daemon is shutting down.
    case stopping
    /// A reload changed what `[Access]` grants the follower (its role removed, its units changed).
    case accessChanged = "access_changed"
}
