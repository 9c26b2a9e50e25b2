import CSQLite

/// One SQLite connection (`sqlite3*`), opened in `SQLITE_OPEN_NOMUTEX` mode.
///
/// It exists to give the store one place that owns the handle's lifetime and turns result codes
/// into `SQLiteError`s. A connection is not thread-safe and is deliberately not `Sendable`: each
/// one is confined to a single serial queue (the writer's, or one reader's), as GRDB does with its
/// `Database`. Statements it prepares must not outlive it.
public final class Connection {
    /// Open flags for a connection that may create the file.
    public static let readWriteCreate: Int32 = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX

    /// The raw handle; nil after `close()`.
    public private(set) var handle: OpaquePointer?
    public let path: String

    /// Consulted before the first step of each statement that writes (and of `BEGIN` and `COMMIT`),
    /// with the statement's SQL; a non-nil result code makes the statement fail as if SQLite had
    /// returned it. Never consulted for reads, `SAVEPOINT`, `RELEASE` or `ROLLBACK`, so that cleanup
    /// always runs. A test hook for fault injection (`StoreOptions.faultInjector`); nil in production.
    public var faultInjector: (@Sendable (String) -> Int32?)?

    private var statementCache: [String: Statement] = [:]

    /// SQLite's process-wide settings (`gridd_sqlite_configure`: memory statistics off), made
    /// once, before the first open; SQLITE_MISUSE (SQLite was already initialized) changes nothing.
    private static let configuration: Int32 = gridd_sqlite_configure()
    private static func configured() { _ = configuration }

    /// Opens `path` with `flags` (`SQLITE_OPEN_NOMUTEX` is always added) and extended result codes on.
    public init(path: String, flags: Int32 = Connection.readWriteCreate, busyTimeoutMilliseconds: Int32 = 5000)
        throws(SQLiteError)
    {
        self.path = path
        Connection.configured()
        var db: OpaquePointer?
        let rc = sqlite3_open_v2(path, &db, flags | SQLITE_OPEN_NOMUTEX, nil)
        guard rc == SQLITE_OK, let db else {
            let error = SQLiteError(code: rc, connection: db, sql: nil)
            sqlite3_close_v2(db)
            throw SQLiteError(extendedCode: error.extendedCode, message: "cannot open \(path): \(error.message)")
        }
        sqlite3_extended_result_codes(db, 1)
        sqlite3_busy_timeout(db, busyTimeoutMilliseconds)
        handle = db
    }

    deinit { close() }

    /// Closes the connection. Cached statements are finalized; statements still held elsewhere
    /// keep the handle alive as a zombie until they are finalized (`sqlite3_close_v2`). Idempotent.
    public func close() {
        statementCache.removeAll()
        if let handle {
            sqlite3_close_v2(handle)
            self.handle = nil
        }
    }

    public var isClosed: Bool { handle == nil }

    /// The open handle, or a `SQLITE_MISUSE` error naming the closed connection.
    func openHandle(for sql: String?) throws(SQLiteError) -> OpaquePointer {
        guard let handle else {
            throw SQLiteError(extendedCode: SQLITE_MISUSE, message: "the connection to \(path) is closed", sql: sql)
        }
        return handle
    }

    /// Runs one or more `;`-separated statements, discarding any rows.
    public func execute(_ sql: String) throws(SQLiteError) {
        let db = try openHandle(for: sql)
        var failure: SQLiteError?
        let utf8 = Array(sql.utf8CString)
        utf8.withUnsafeBufferPointer { buffer in
            guard let start = buffer.baseAddress else { return }
            var cursor: UnsafePointer<CChar>? = start
            while let current = cursor, current.pointee != 0 {
                var raw: OpaquePointer?
                var next: UnsafePointer<CChar>?
                let rc = sqlite3_prepare_v2(db, current, -1, &raw, &next)
                guard rc == SQLITE_OK else {
                    failure = SQLiteError(code: rc, connection: db, sql: sql)
                    return
                }
                cursor = next
                guard let raw else { continue }  // whitespace or a comment
                let statement = Statement(handle: raw, connection: self)
                do throws(SQLiteError) {
                    while try statement.step() {}
                } catch {
                    failure = error
                    return
                }
            }
        }
        if let failure { throw failure }
    }

    /// Prepares one statement. The caller owns it; it is finalized when released.
    public func prepare(_ sql: String) throws(SQLiteError) -> Statement {
        let db = try openHandle(for: sql)
        var raw: OpaquePointer?
        let rc = sqlite3_prepare_v3(db, sql, -1, 0, &raw, nil)
        guard rc == SQLITE_OK else { throw SQLiteError(code: rc, connection: db, sql: sql) }
        guard let raw else {
            throw SQLiteError(extendedCode: SQLITE_MISUSE, message: "no statement in the SQL text", sql: sql)
        }
        return Statement(handle: raw, connection: self)
    }

    /// A prepared statement kept for reuse, reset and with its bindings cleared.
    /// For the store's fixed queries, which run thousands of times.
    /// Not re-entrant: asking for the same SQL again while iterating resets the statement.
    public func cachedStatement(_ sql: String) throws(SQLiteError) -> Statement {
        if let statement = statementCache[sql] {
            statement.reset()
            statement.clearBindings()
            return statement
        }
        let db = try openHandle(for: sql)
        var raw: OpaquePointer?
        let rc = sqlite3_prepare_v3(db, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &raw, nil)
        guard rc == SQLITE_OK else { throw SQLiteError(code: rc, connection: db, sql: sql) }
        guard let raw else {
            throw SQLiteError(extendedCode: SQLITE_MISUSE, message: "no statement in the SQL text", sql: sql)
        }
        let statement = Statement(handle: raw, connection: self)
        statementCache[sql] = statement
        return statement
    }

    /// Runs one statement through the statement cache, discarding rows: for the fixed statements
    /// run at every transaction (`BEGIN IMMEDIATE`, `SAVEPOINT`, `COMMIT`, …).
    public func executeCached(_ sql: String) throws(SQLiteError) {
        let statement = try cachedStatement(sql)
        defer { statement.reset() }
        while try statement.step() {}
    }

    /// The rowid of the most recent successful INSERT on this connection.
    public var lastInsertRowID: Int64 { handle.map { sqlite3_last_insert_rowid($0) } ?? 0 }

    /// Rows changed by the most recent INSERT, UPDATE or DELETE on this connection.
    public var changes: Int { handle.map { Int(sqlite3_changes64($0)) } ?? 0 }

    /// Whether a transaction is open (SQLite may roll one back by itself after a disk-full or I/O error).
    public var isInTransaction: Bool { handle.map { sqlite3_get_autocommit($0) == 0 } ?? false }

    /// The first column of the first row of `sql` as an integer (for PRAGMAs and counts).
    public func scalarInt(_ sql: String) throws(SQLiteError) -> Int64? {
        let statement = try prepare(sql)
        guard try statement.step(), !statement.isNull(at: 0) else { return nil }
        return statement.int64(at: 0)
    }

    /// The first column of every row of `sql` as text (for PRAGMAs such as `quick_check`).
    public func strings(_ sql: String) throws(SQLiteError) -> [String] {
        let statement = try prepare(sql)
        var rows: [String] = []
        while try statement.step() { rows.append(statement.string(at: 0) ?? "") }
        return rows
    }
}

@available(*, unavailable, message: "a Connection is confined to one queue")
extension Connection: Sendable {}
