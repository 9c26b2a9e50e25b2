import CSQLite
import Dispatch
import Synchronization

/// Copies the write-ahead log back into the database file from its own connection and queue.
///
/// It exists because SQLite's automatic checkpoint runs inside the committing connection: the one
/// writer would stop taking reports and escalations while it copies pages and fsyncs the database
/// file (a fifth of the writer's time in a burst of escalations). In WAL mode a checkpoint by
/// another connection runs beside the writer, so this one does it, on the other core: a PASSIVE
/// checkpoint every `interval` while the writer has committed since the last one. The writer keeps
/// a far higher automatic threshold (`writerAutocheckpointPages`) as a safety net should this one
/// fall behind, and `journal_size_limit` trims the log file once it has been checkpointed and reset.
final class WALCheckpointer: @unchecked Sendable {
    // @unchecked: `connection`, `timer` and `lastCommitCount` are only touched on `queue`
    // (checked); the counters are a Mutex.

    /// The writer's own automatic checkpoint, in pages: only if this checkpointer falls far behind.
    static let writerAutocheckpointPages = 50_000
    /// The log file is truncated back to this many bytes after it has been reset.
    static let journalSizeLimitBytes = 64 << 20

    private let queue = DispatchQueue(label: "gridd.store.checkpointer")
    private var connection: Connection?
    private var timer: (any DispatchSourceTimer)?
    private var lastCommitCount = -1
    private let commitCount: @Sendable () -> Int
    private let counters = Mutex((checkpoints: 0, failures: 0, lastError: String?.none))

    /// Opens its connection to `path` (already in WAL mode) and starts checking every `interval`
    /// whether the writer committed (`commitCount` changed) since the last checkpoint.
    init(
        path: String, busyTimeoutMilliseconds: Int32, interval: DispatchTimeInterval = .milliseconds(200),
        commitCount: @escaping @Sendable () -> Int
    ) throws(SQLiteError) {
        let connection = try Connection(
            path: path, flags: SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, busyTimeoutMilliseconds: busyTimeoutMilliseconds)
        self.connection = connection
        self.commitCount = commitCount
        let timer = DispatchSource.makeTimerSource(queue: queue)
        timer.schedule(deadline: .now() + interval, repeating: interval, leeway: .milliseconds(50))
        timer.setEventHandler { [weak self] in self?.checkpointIfWritten() }
        self.timer = timer
        timer.activate()
    }

    /// Checkpoints done, failures, and the last failure's message.
    var statistics: (checkpoints: Int, failures: Int, lastError: String?) { counters.withLock { $0 } }

    /// Stops checking and closes the connection (the writer's close does the final checkpoint).
    func close() {
        dispatchPrecondition(condition: .notOnQueue(queue))
        queue.sync {
            timer?.cancel()
            timer = nil
            connection?.close()
            connection = nil
        }
    }

    private func checkpointIfWritten() {
        dispatchPrecondition(condition: .onQueue(queue))
        guard let connection else { return }
        let count = commitCount()
        guard count != lastCommitCount else { return }
        lastCommitCount = count
        do throws(SQLiteError) {
            // Rows: busy, frames in the log, frames checkpointed. PASSIVE never waits for readers
            // or the writer; what it cannot copy now it copies next time.
            _ = try connection.strings("PRAGMA wal_checkpoint(PASSIVE)")
            counters.withLock { $0.checkpoints += 1 }
        } catch {
            counters.withLock {
                $0.failures += 1
                $0.lastError = error.description
            }
        }
    }
}
