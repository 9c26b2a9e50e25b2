import GridStore
import Glibc

/// The floor under durable submits: the intake's rows inserted with SQLite directly — the same
/// two INSERTs, every column bound as gridd binds it (`SQLRow`), the database opened and
/// configured as the store opens its writer (WAL, synchronous=FULL, foreign keys, its cache and
/// checkpoint thresholds), the log copied back by the store's checkpointer beside it — in
/// transactions of the size group commit achieves: no socket, no JSON, no routing, no
/// savepoints, one inserting thread; the rows are built before the clock starts.
enum RawInsertBaseline {
    /// Rows per second, the inserting thread's CPU per row (µs, /proc task stats), and each
    /// transaction's latency (ms: with `batch` 1, a bare fsync'd one-row commit's).
    /// - Parameter checkpointing: false leaves the log to grow (no checkpoint in a run this size):
    ///   the reference row beside the baseline (`referenceRow`), not the baseline itself.
    static func measure(rows: Int, batch: Int, checkpointing: Bool = true) -> (rate: Double, cpuMicros: Double, commitMilliseconds: [Double]) {
        let directory = makeTemporaryDirectory()
        defer { removeTree(directory) }
        do {
            let writer = try RawRowWriter(path: directory + "/raw.sqlite", checkpointing: checkpointing)
            defer { writer.close() }
            // Built before the clock, as gridd builds its rows off the writer: the loop binds and steps.
            let incidents = writer.rows(count: rows)
            let cpuBefore = ThreadCPU.snapshot(pid: getpid())
            let start = monotonicSeconds()
            var written = 0
            var commitTimes: [Double] = []
            while written < rows {
                let began = monotonicSeconds()
                let count = min(batch, rows - written)
                try writer.commit(incidents[written..<written + count], numberedFrom: written + 1)
                written += count
                commitTimes.append((monotonicSeconds() - began) * 1000)
            }
            let elapsed = monotonicSeconds() - start
            let cpu = ThreadCPU.snapshot(pid: getpid()).busiest(since: cpuBefore).seconds
            return (Double(rows) / elapsed, cpu / Double(rows) * 1e6, commitTimes)
        } catch {
            fatalError("raw insert baseline: \(error)")
        }
    }

    /// The same inserts with no checkpoint at all, beside `rate` (reports per second): what the
    /// baseline was before it checkpointed as the store does, kept for comparison.
    static func referenceRow(rows: Int, against rate: Double, what: String) -> BenchReport.Row {
        let uncheckpointed = median((0..<3).map { _ in measure(rows: rows, batch: 450, checkpointing: false).rate })
        return .init(
            name: "raw inserts of the same rows without checkpoints (the log left to grow; reference)",
            value: formatRate(uncheckpointed), baseline: "—", ratio: "\(what) at \(format1(rate / uncheckpointed * 100))% of it",
            target: "—")
    }

    /// A new incident as intake stores one (dispatched to a community, its ack window open, its
    /// key and content digest): the values by column, in `BulkLoad.intakeIncidentColumns` order.
    static func incidentRow(number: Int, policy: String, digest: [UInt8]) -> [SQLValue] {
        let now = Int64(number)
        return row(BulkLoad.intakeIncidentColumns, [
            "key": .text("raw-\(number)"), "category": .text("0102"), "priority": .text("normal"),
            "state": .text("dispatched"), "tier": .integer(1), "unit": .text("320506002001"),
            "cell": .text("320506002001006"), "community": .text("320506002001"), "street": .text("320506002"),
            "district": .text("320506"), "route_method": .text("cell"), "title": .text("bench"), "created_at": .integer(now),
            "updated_at": .integer(now), "version": .integer(1), "source": .text("socket"), "created_uid": .integer(0),
            "created_name": .text("root"), "created_pid": .integer(1), "policy": .text(policy), "window": .text("ack"),
            "window_started_at": .integer(now), "due_at": .integer(now + 7_200_000), "warn_at": .integer(now + 5_760_000),
            "warned": .integer(0), "overdue": .integer(0), "reopen_count": .integer(0),
            "next_timer_at": .integer(now + 5_760_000), "next_timer_kind": .text("warning"),
            "case_due_at": .integer(now + 172_800_000), "case_warn_at": .integer(now + 138_240_000),
            "missed_windows": .integer(0), "channel": .text("other"), "registered_at": .integer(now),
            "supervised": .integer(0), "key_uid": .integer(0), "key_digest": .blob(digest),
        ])
    }

    /// `values` in the order of `columns`; NULL for a column it does not name.
    static func row(_ columns: [String], _ values: [String: SQLValue]) -> [SQLValue] {
        precondition(Set(values.keys).isSubset(of: columns), "a baseline value names no intake column")
        return columns.map { values[$0] ?? .null }
    }
}
