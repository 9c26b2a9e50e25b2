import CLinux
import Glibc

/// The waiting half of a `ProgramRun`: one poll(2) loop over the child's exit (pidfd), its
/// output, its stdin (while input is left) and the cancel pipe, with the timeout and the kill
/// grace as the only timers. Ends when the child is reaped.
struct ChildWaiter {
    let run: ProgramRun
    let pid: pid_t
    var stdin: FileDescriptor?
    var output: FileDescriptor?
    var cancel: FileDescriptor?
    let started: Int64
    /// nil when pidfd_open is unavailable: then waitpid(WNOHANG) every 50 ms.
    let pidfd: FileDescriptor?
    var written = 0
    var tail: [UInt8] = []
    /// Set when we signalled the child: that is how the run ended, whatever its status says.
    var stoppedAs: ProgramRun.Ending?
    /// When SIGKILL follows the SIGTERM (monotonic milliseconds).
    var killAt: Int64?

    init(run: ProgramRun, pid: pid_t, stdin: FileDescriptor, output: FileDescriptor, cancel: FileDescriptor, started: Int64) {
        self.run = run
        self.pid = pid
        self.stdin = stdin
        self.output = output
        self.cancel = cancel
        self.started = started
        let fd = clinux_pidfd_open(pid)
        pidfd = fd >= 0 ? FileDescriptor(rawValue: fd) : nil
    }

    mutating func waitForExit() -> (ProgramRun.Ending, [UInt8]) {
        defer {
            stdin?.close()
            output?.close()
            pidfd?.close()
        }
        if run.options.input.isEmpty { closeStdin() }
        let deadline = started + run.options.timeoutMilliseconds
        while true {
            if let status = reap() {
                drainOutput()
                return (stoppedAs ?? ProgramRun.ending(waitStatus: status), tail)
            }
            let now = ProgramRun.nowMilliseconds()
            if stoppedAs == nil, now >= deadline { stop(as: .timedOut, now: now) }
            if let at = killAt, now >= at {
                kill(-pid, SIGKILL)
                kill(pid, SIGKILL)
                killAt = nil
            }
            let wakeAt = killAt ?? (stoppedAs == nil ? deadline : now + 1000)
            var timeout = Int32(clamping: max(0, wakeAt - now))
            if pidfd == nil { timeout = min(timeout, 50) }
            pollOnce(timeout: timeout)
        }
    }

    /// SIGTERM to the child's process group (and the child, should it have left the group).
    mutating func stop(as ending: ProgramRun.Ending, now: Int64) {
        stoppedAs = ending
        kill(-pid, SIGTERM)
        kill(pid, SIGTERM)
        killAt = now + run.options.killGraceMilliseconds
        closeStdin()
    }

    private mutating func pollOnce(timeout: Int32) {
        var fds: [pollfd] = []
        var roles: [Int] = []  // 0 exit, 1 output, 2 stdin, 3 cancel
        if let pidfd { fds.append(pollfd(fd: pidfd.rawValue, events: Int16(POLLIN), revents: 0)); roles.append(0) }
        if let output { fds.append(pollfd(fd: output.rawValue, events: Int16(POLLIN), revents: 0)); roles.append(1) }
        if let stdin { fds.append(pollfd(fd: stdin.rawValue, events: Int16(POLLOUT), revents: 0)); roles.append(2) }
        if let cancel { fds.append(pollfd(fd: cancel.rawValue, events: Int16(POLLIN), revents: 0)); roles.append(3) }
        let ready = poll(&fds, nfds_t(fds.count), timeout)
        guard ready > 0 else { return }  // timeout, or EINTR: the loop looks again
        for (index, role) in roles.enumerated() where fds[index].revents != 0 {
            switch role {
            case 1: readOutput()
            case 2: writeInput()
            case 3:
                cancel = nil  // the pipe is the run's; it stays open
                if stoppedAs == nil { stop(as: .cancelled, now: ProgramRun.nowMilliseconds()) }
            default: break  // the exit: reaped at the top of the loop
            }
        }
    }

    /// The wait status once the child has exited (and is reaped), else nil.
    private func reap() -> Int32? {
        var status: Int32 = 0
        while true {
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid { return status }
            if result == -1 && errno == EINTR { continue }
            // 0: still running. -1 (ECHILD): someone else reaped it and its status is lost; it
            // counts as a failure (exit status 255), never as a success.
            return result == 0 ? nil : 255 << 8
        }
    }

    private mutating func readOutput() {
        guard let output else { return }
        var chunk = [UInt8](repeating: 0, count: 16384)
        while true {
            let result = chunk.withUnsafeMutableBytes { try? output.readNonBlocking(into: $0) }
            if case .processed(let count)? = result, count > 0 {
                keep(chunk[0..<count])
                continue
            }
            if result != .wouldBlock {  // end of output, or an error: stop reading
                output.close()
                self.output = nil
            }
            return
        }
    }

    /// What the child wrote before it exited; a grandchild may hold the pipe open, so no wait for EOF.
    private mutating func drainOutput() { readOutput() }

    private mutating func keep(_ bytes: ArraySlice<UInt8>) {
        tail.append(contentsOf: bytes)
        let limit = run.options.outputTailBytes
        if tail.count > 2 * limit { tail.removeFirst(tail.count - limit) }
    }

    private mutating func writeInput() {
        guard let stdin else { return }
        let input = run.options.input
        while written < input.count {
            let offset = written
            let result = input.withUnsafeBytes { buffer in
                try? stdin.writeNonBlocking(UnsafeRawBufferPointer(rebasing: buffer[offset...]))
            }
            if case .processed(let count)? = result, count > 0 {
                written += count
                continue
            }
            if result == .wouldBlock { return }
            break  // EPIPE: the child does not read its input; nothing to do about it
        }
        closeStdin()
    }

    private mutating func closeStdin() {
        stdin?.close()
        stdin = nil
    }
}

extension ProgramRun {
    /// The ending a wait(2) status describes.
    static func ending(waitStatus status: Int32) -> Ending {
        let signal = status & 0x7f
        return signal == 0 ? .exited((status >> 8) & 0xff) : .signalled(signal)
    }

    /// The kept output as text for a message: valid UTF-8 only, control characters as spaces, the last line(s).
    public static func outputText(_ tail: [UInt8], limit: Int = 300) -> String {
        let text = String(decoding: tail, as: UTF8.self)
        let cleaned = String(text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7f ? " " : Character($0) })
        let trimmed = cleaned.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        return trimmed.count > limit ? "…" + String(trimmed.suffix(limit)) : trimmed
    }
}
