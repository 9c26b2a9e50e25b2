import Dispatch
import GridCore
import GridSystem
import Synchronization

/// The dispatch log: one logfmt line per event, on stderr and appended to `dispatch.log`.
///
/// Under systemd (`$JOURNAL_STREAM` set) stderr lines carry `<N>` syslog priority prefixes and no
/// timestamp, since journald adds its own; the file always has `ts=`. Lines are written with
/// write(2) from one serial queue, so callers on any thread never block on disk or on a pipe;
/// lines logged while a write is under way go out together in the next one. Every line is also
/// handed to `broadcaster` (for `tail`), in the same order as it goes to the file.
///
/// The file is opened by `openFile()` — in the daemon, when the log starts as its first component
/// (`DispatchLog+Component`), once the directories exist — and closed by `close()`; lines logged
/// while it is not open go to stderr (and `tail`) only.
public final class DispatchLog: Sendable {
    private let queue = DispatchQueue(label: "gridd.log")
    private let journal: Bool
    private let clock: any WallClock
    /// The UTC offset to print `ts=` at, for an instant (the working calendar's time zone).
    private let utcOffset: @Sendable (Timestamp) -> Int
    private let minimumLevel: LogLine.Level
    /// dispatch.log, or nil when it is not open or could not be opened. Used only on `queue`: the
    /// mutex is never contended, it makes that checked rather than promised.
    private let file = Mutex<FileDescriptor?>(nil)
    private let filePath: String?
    /// Whether to echo lines to stderr.
    private let echoToStderr: Bool
    /// Lines waiting for the log queue: (stderr text, file text), and whether a flush is queued.
    private let pending = Mutex<(stderr: [UInt8], file: [UInt8], flushQueued: Bool)>(([], [], false))
    /// The recent lines and the `tail` subscribers.
    public let broadcaster: LogBroadcaster

    public init(
        filePath: String?, clock: any WallClock, journal: Bool = Files.environment("JOURNAL_STREAM") != nil,
        utcOffset: @escaping @Sendable (Timestamp) -> Int = { _ in 8 * 3600 }, minimumLevel: LogLine.Level = .info,
        echoToStderr: Bool = true, tail: LogBroadcaster.Settings = LogBroadcaster.Settings()
    ) {
        broadcaster = LogBroadcaster(settings: tail)
        self.filePath = filePath
        self.clock = clock
        self.journal = journal
        self.utcOffset = utcOffset
        self.minimumLevel = minimumLevel
        self.echoToStderr = echoToStderr
    }

    /// An instant as the log prints it: RFC 3339 at the calendar's offset (for times in fields).
    public func time(_ instant: Timestamp) -> String { instant.rfc3339(utcOffsetSeconds: utcOffset(instant)) }

    public func log(_ line: LogLine) {
        guard line.level >= minimumLevel else { return }
        log(CollectionOfOne(line))
    }

    /// Logs `lines` together, in order (the events of one commit): one time stamp, the text
    /// built outside the lock, one append and at most one flush for all of them.
    public func log<Lines: Collection<LogLine>>(_ lines: Lines) {
        let now = clock.now()
        let timestamp = now.rfc3339(utcOffsetSeconds: utcOffset(now))
        var forFile: [UInt8] = []
        var forJournal: [UInt8] = []
        var forTail: [TailLine] = []
        forFile.reserveCapacity(lines.count * 256)
        let serializing = broadcaster.hasFollowers
        for line in lines where line.level >= minimumLevel {
            forFile.append(contentsOf: "ts=".utf8)
            forFile.append(contentsOf: timestamp.utf8)
            forFile.append(UInt8(ascii: " "))
            let bodyStart = forFile.count
            line.write(to: &forFile)
            forFile.append(UInt8(ascii: "\n"))
            if echoToStderr && journal {
                forJournal.append(contentsOf: "<\(line.level.syslogPriority)>".utf8)
                forJournal.append(contentsOf: forFile[bodyStart...])
            }
            forTail.append(TailLine(line, timestamp: timestamp, serializing: serializing))
        }
        guard !forTail.isEmpty else { return }
        let forStderr = echoToStderr ? (journal ? forJournal : forFile) : []
        let scheduleFlush = pending.withLock { buffers -> Bool in
            // Under the same lock as the file buffer: tail's sequence is the file's order.
            broadcaster.publish(forTail)
            buffers.stderr.append(contentsOf: forStderr)
            buffers.file.append(contentsOf: forFile)
            if buffers.flushQueued { return false }
            buffers.flushQueued = true
            return true
        }
        if scheduleFlush { queue.async { [self] in writePending() } }
    }

    /// On the log queue: writes everything logged so far in one write per destination.
    private func writePending() {
        dispatchPrecondition(condition: .onQueue(queue))
        let (toStderr, toFile) = pending.withLock { buffers -> ([UInt8], [UInt8]) in
            let taken = (buffers.stderr, buffers.file)
            buffers.stderr.removeAll(keepingCapacity: true)
            buffers.file.removeAll(keepingCapacity: true)
            buffers.flushQueued = false
            return taken
        }
        if !toStderr.isEmpty { try? FileDescriptor.standardError.writeAll(toStderr) }
        if !toFile.isEmpty { file.withLock { try? $0?.writeAll(toFile) } }
    }

    public func log(_ level: LogLine.Level, _ event: String, _ fields: [(String, String)] = []) {
        log(LogLine(level, event, fields))
    }

    /// Opens dispatch.log (lines logged from here on are appended to it); returns once it is.
    public func openFile() {
        dispatchPrecondition(condition: .notOnQueue(queue))
        queue.sync { openOnQueue() }
    }

    /// Reopens dispatch.log (after logrotate moved it).
    public func reopen() {
        queue.async { [self] in openOnQueue() }
    }

    private func openOnQueue() {
        dispatchPrecondition(condition: .onQueue(queue))
        guard let filePath else { return }
        file.withLock {
            $0?.close()
            $0 = Self.open(filePath)
        }
    }

    /// dispatch.log for appending, created 0640 whatever the umask (it names reporters and
    /// units); nil when it cannot be opened (lines still go to stderr).
    private static func open(_ path: String) -> FileDescriptor? {
        try? StateFile.openForAppend(path, mode: 0o640)
    }

    /// Waits until every line logged so far is written.
    public func flush() {
        dispatchPrecondition(condition: .notOnQueue(queue))
        queue.sync { writePending() }
    }

    public func close() {
        dispatchPrecondition(condition: .notOnQueue(queue))
        queue.sync {
            writePending()
            file.withLock {
                $0?.close()
                $0 = nil
            }
        }
    }
}
