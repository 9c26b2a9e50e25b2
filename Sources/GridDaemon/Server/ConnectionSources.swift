import Dispatch
import GridSystem

/// The Dispatch sources of one connection's socket — readable, and writable while output waits —
/// and their teardown: a suspended source is resumed before it is cancelled (libdispatch
/// requires it), and `cancelAll`'s completion runs once the cancel handler of every source has
/// run, after which the descriptor may be closed. Confined to the server's queue (its owner,
/// `ClientConnection`, checks that at its entry points); not Sendable.
final class ConnectionSources {
    private let fd: FileDescriptor
    private let queue: DispatchQueue
    private var read: (any DispatchSourceRead)?
    private var readSuspended = false
    private var write: (any DispatchSourceWrite)?
    /// Sources whose cancel handler has not run yet.
    private var open = 0
    /// Set by `cancelAll`: what runs once `open` is 0.
    private var whenAllCancelled: (() -> Void)?
    private var cancelling = false

    init(fd: FileDescriptor, queue: DispatchQueue) {
        self.fd = fd
        self.queue = queue
    }

    /// Starts watching for input: `handler` runs on the queue whenever the socket is readable.
    func startReading(_ handler: @escaping () -> Void) {
        let source = DispatchSource.makeReadSource(fileDescriptor: fd.rawValue, queue: queue)
        read = source
        activate(source, handler)
    }

    func suspendReading() {
        guard let read, !readSuspended else { return }
        read.suspend()
        readSuspended = true
    }

    func resumeReading() {
        guard let read, readSuspended else { return }
        readSuspended = false
        read.resume()
    }

    /// Stops watching for input for good.
    func stopReading() {
        guard let read else { return }
        resumeReading()
        read.cancel()
    }

    /// Watches for room to write (`handler` on the queue), unless already watching or closing.
    func armWriting(_ handler: @escaping () -> Void) {
        guard write == nil, !cancelling else { return }
        let source = DispatchSource.makeWriteSource(fileDescriptor: fd.rawValue, queue: queue)
        write = source
        activate(source, handler)
    }

    /// Stops watching for room to write (everything is written).
    func disarmWriting() {
        guard let write else { return }
        self.write = nil
        write.cancel()
    }

    /// Cancels every source; `completion` runs (on the queue, or now if none is left) once all
    /// their cancel handlers have run and the sources are released.
    func cancelAll(then completion: @escaping () -> Void) {
        cancelling = true
        whenAllCancelled = completion
        stopReading()
        disarmWriting()
        if open == 0 { finish() }
    }

    private func activate(_ source: any DispatchSourceProtocol, _ handler: @escaping () -> Void) {
        source.setEventHandler(handler: handler)
        source.setCancelHandler { [self] in cancelled() }
        open += 1
        source.activate()
    }

    private func cancelled() {
        open -= 1
        if cancelling, open == 0 { finish() }
    }

    private func finish() {
        read = nil
        guard let completion = whenAllCancelled else { return }
        whenAllCancelled = nil
        completion()
    }
}
