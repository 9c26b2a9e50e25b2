import Glibc

extension FileDescriptor {
    /// What `waitForInput` saw.
    public enum InputWait: Sendable, Equatable {
        /// Input is there (or end of file, or an error a read will report).
        case readable
        /// Nothing within the timeout.
        case timedOut
        /// The watched descriptor reported an error or a hang-up (its reader went away).
        case watchedHungUp
    }

    /// poll(2): waits at most `timeoutMilliseconds` for input on this descriptor, and meanwhile
    /// for an error or hang-up of `watched` (polled for no events: only POLLERR, POLLHUP, POLLNVAL
    /// are reported for it) — a blocking client's wait that ends when its own reader is gone.
    public func waitForInput(timeoutMilliseconds: Int32, orHangUpOf watched: FileDescriptor? = nil) throws(Errno) -> InputWait {
        var fds = [pollfd(fd: rawValue, events: Int16(POLLIN), revents: 0)]
        if let watched { fds.append(pollfd(fd: watched.rawValue, events: 0, revents: 0)) }
        let ready = try retryingInterrupts("poll") { poll(&fds, nfds_t(fds.count), timeoutMilliseconds) }
        if ready == 0 { return .timedOut }
        if fds.count > 1, fds[1].revents & Int16(POLLERR | POLLHUP | POLLNVAL) != 0 { return .watchedHungUp }
        return .readable
    }
}
