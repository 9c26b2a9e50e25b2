import Dispatch
import GridCore
import GridSystem
import Glibc

/// The dispatch log: one logfmt line per event, on stderr and appended to `dispatch.log`.
///
/// Under systemd (`$JOURNAL_STREAM` set) stderr lines carry `<N>` syslog priority prefixes and no
/// timestamp, since journald adds its own; the file always has `ts=`. Lines are written with
/// write(2) from one serial queue, so callers on any thread never block on disk or on a pipe.
public final class DispatchLog: Sendable {
    private let queue = DispatchQueue(label: "gridd.log")
    private let journal: Bool
    private let clock: any WallClock
    private let utcOffsetSeconds: Int
    private let minimumLevel: LogLine.Level
    /// The file descriptor of dispatch.log, or -1. Touched only on `queue`.
    nonisolated(unsafe) private var fileFD: Int32 = -1
    private let filePath: String?
    /// Whether to echo lines to stderr.
    private let echoToStderr: Bool

    public init(
        filePath: String?, clock: any WallClock, journal: Bool = Files.environment("JOURNAL_STREAM") != nil,
        utcOffsetSeconds: Int = 8 * 3600, minimumLevel: LogLine.Level = .info, echoToStderr: Bool = true
    ) {
        self.filePath = filePath
        self.clock = clock
        self.journal = journal
        self.utcOffsetSeconds = utcOffsetSeconds
        self.minimumLevel = minimumLevel
        self.echoToStderr = echoToStderr
        if let filePath {
            fileFD = Glibc.open(filePath, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o640)
        }
    }

    public func log(_ line: LogLine) {
        guard line.level >= minimumLevel else { return }
        let timestamp = clock.now().rfc3339(utcOffsetSeconds: utcOffsetSeconds)
        let body = line.body()
        queue.async { [self] in
            let stamped = "ts=\(timestamp) \(body)\n"
            if echoToStderr {
                writeDiagnostic(journal ? "<\(line.level.syslogPriority)>\(body)\n" : stamped)
            }
            if fileFD >= 0 { try? FileDescriptor(rawValue: fileFD).writeAll(Array(stamped.utf8)) }
        }
    }

    public func log(_ level: LogLine.Level, _ event: String, _ fields: [(String, String)] = []) {
        log(LogLine(level, event, fields))
    }

    /// Reopens dispatch.log (after logrotate moved it).
    public func reopen() {
        queue.async { [self] in
            guard let filePath else { return }
            if fileFD >= 0 { Glibc.close(fileFD) }
            fileFD = Glibc.open(filePath, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o640)
        }
    }

    /// Waits until every line logged so far is written.
    public func flush() {
        queue.sync {}
    }

    public func close() {
        queue.sync {
            if fileFD >= 0 { Glibc.close(fileFD) }
            fileFD = -1
        }
    }
}
