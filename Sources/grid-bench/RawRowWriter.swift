import GridStore
import Synchronization

/// The raw baselines' one writing connection: the intake's two INSERTs on a database opened as
/// the store opens its writer, the store's checkpointer beside it (unless told not to), and one
/// transaction per `commit` — shared by the raw insert baseline and the group-commit floor, so
/// that both write exactly the same rows the same way.
final class RawRowWriter {
    private let connection: Connection
    private let insertIncident: Statement
    private let insertEvent: Statement
    private let event: SQLRow
    private let commits = CommitCount()
    private let checkpointer: BulkLoad.Checkpointer?

    init(path: String, checkpointing: Bool) throws {
        connection = try BulkLoad.openWriter(path: path)
        let commits = self.commits
        checkpointer = checkpointing ? try BulkLoad.Checkpointer(path: path) { commits.value.load(ordering: .relaxed) } : nil
        insertIncident = try connection.prepare(BulkLoad.intakeIncidentSQL)
        insertEvent = try connection.prepare(BulkLoad.intakeEventSQL)
        event = SQLRow(RawInsertBaseline.row(BulkLoad.intakeEventColumns, [
            "kind": .text("dispatched"), "tier": .integer(1), "unit": .text("320506002001"), "actor_uid": .integer(0),
            "actor_name": .text("root"), "actor_pid": .integer(1), "detail": .text(#"{"method":"cell","source":"socket"}"#),
        ]))
    }

    /// `count` incident rows, numbered from 1, built as intake builds them (off the clock).
    func rows(count: Int) -> [SQLRow] {
        let policy = DeadlineBench.policy.json.serialized()
        let digest = [UInt8](repeating: 0x5A, count: 32)
        return (1...max(1, count)).map { SQLRow(RawInsertBaseline.incidentRow(number: $0, policy: policy, digest: digest)) }
    }

    /// One fsync'd transaction inserting `incidents` and an event for each (event numbers from `first`).
    func commit(_ incidents: ArraySlice<SQLRow>, numberedFrom first: Int) throws {
        try connection.execute("BEGIN IMMEDIATE")
        for (offset, incident) in incidents.enumerated() {
            insertIncident.reset()
            try insertIncident.withBindings(incident) { (statement) throws(SQLiteError) in _ = try statement.step() }
            let id = connection.lastInsertRowID
            insertEvent.reset()
            try insertEvent.withBindings(event) { (statement) throws(SQLiteError) in
                try statement.bind(.integer(id), at: 2)
                try statement.bind(.integer(Int64(first + offset)), at: 4)
                _ = try statement.step()
            }
        }
        try connection.execute("COMMIT")
        commits.value.add(1, ordering: .relaxed)
    }

    func close() {
        checkpointer?.close()
        connection.close()
    }
}

/// The commits so far, shared with the checkpointer (which checkpoints after enough of them).
private final class CommitCount: Sendable {
    let value = Atomic<Int>(0)
}
