import GridCore

/// The seam through which tools outside the daemon fill a database fast: the seeders of the
/// tests and the bench (`GridTesting`), which generate a million rows inside SQLite.
///
/// It exists so that those tools need none of the store's internals: they get the database
/// opened as the store opens it (created 0640 and migrated, without quick_check: a seeded
/// database is fresh), one `BEGIN IMMEDIATE` … `COMMIT` rolled back on any error, and the ids
/// they added. The daemon never calls it. Open no `IncidentStore` on `path` meanwhile: this
/// takes the write lock (and waits for it up to the busy timeout).
public enum BulkLoad {
    /// Runs `body` with the writer connection inside one transaction; returns the ids of the
    /// incidents it added (nil when none). The body also gets the highest incident id before it.
    public static func run(
        path: String, _ body: (Connection, _ lastIncidentIDBefore: Int64) throws(SQLiteError) -> Void
    ) throws(StoreError) -> ClosedRange<Int64>? {
        var options = StoreOptions()
        options.quickCheckAtOpen = false
        // Created as the store creates it (0640, recorded beside it); closed after the connection.
        let file = try DatabaseFile(path: path)
        defer { file.close() }
        let connection = try DatabaseOpener.openWriter(path: path, options: options)
        defer { connection.close() }
        try file.confirmOpened()
        do throws(SQLiteError) {
            try connection.execute("BEGIN IMMEDIATE")
            do throws(SQLiteError) {
                let before = try connection.scalarInt(IncidentQueries.lastIncidentID) ?? 0
                try body(connection, before)
                let last = try connection.scalarInt(IncidentQueries.lastIncidentID) ?? before
                try connection.execute("COMMIT")
                return last > before ? (before + 1)...last : nil
            } catch {
                try? connection.execute("ROLLBACK")
                throw error
            }
        } catch {
            throw .sqlite(error)
        }
    }

    /// A write connection opened, configured and migrated as the store opens its writer (WAL,
    /// synchronous=FULL, foreign keys, its cache, memory map and checkpoint thresholds), for the
    /// bench's raw-insert baseline: the floor under intake is SQLite on the store's own settings.
    /// The caller owns it (and closes it); the same warning as `run` holds.
    public static func openWriter(path: String) throws(StoreError) -> Connection {
        var options = StoreOptions()
        options.quickCheckAtOpen = false
        return try DatabaseOpener.openWriter(path: path, options: options)
    }

    /// The store's checkpointer (`WALCheckpointer`: a PASSIVE checkpoint from its own connection
    /// every 200 ms while `commitCount` moves), beside a connection from `openWriter`: a
    /// baseline that writes as the store writes also copies its log back as the store does.
    public final class Checkpointer: Sendable {
        private let checkpointer: WALCheckpointer

        public init(path: String, commitCount: @escaping @Sendable () -> Int) throws(StoreError) {
            do throws(SQLiteError) {
                checkpointer = try WALCheckpointer(
                    path: path, busyTimeoutMilliseconds: StoreOptions().busyTimeoutMilliseconds, commitCount: commitCount)
            } catch {
                throw .sqlite(error)
            }
        }

        public func close() { checkpointer.close() }
    }

    /// The intake's two INSERTs and the columns they bind, in parameter order: a baseline that
    /// binds the same rows through the same SQL.
    public static let intakeIncidentSQL = IncidentQueries.insertIncident
    public static let intakeIncidentColumns = IncidentRecords.incidentColumnNames + ["key_uid", "key_digest"]
    public static let intakeEventSQL = IncidentQueries.insertEvent
    public static let intakeEventColumns = IncidentRecords.eventColumns.split(separator: ",").map { String($0.drop { $0 == " " }) }

    /// The stored form of a paused window (the `paused` column), for rows written by hand.
    public static func pausedColumn(_ paused: IncidentTimers.Paused) -> String {
        JSONValue.object(IncidentRecords.pausedJSON(paused)).serialized()
    }
}
