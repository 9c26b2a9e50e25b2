import CSQLite

/// Opens the writer connection the safe way round: check first, change later.
///
/// It exists because opening must never damage what it finds. A file that is not a database, a
/// database that fails `PRAGMA quick_check`, or a schema newer than this code is refused before
/// anything is written to it (switching to WAL rewrites the header, so that comes after the checks).
/// Then: WAL, `synchronous=FULL`, `foreign_keys=ON`, the migrations, and the operator views in
/// the configured zone (`OperatorViews`).
///
/// Why `synchronous=FULL`: in WAL mode `NORMAL` skips the fsync at each commit, so the last
/// transactions can vanish on power loss. gridd acknowledges a report only after its commit, and an
/// acknowledged report must survive; group commit pays for the fsync.
enum DatabaseOpener {
    static func openWriter(path: String, options: StoreOptions) throws(StoreError) -> Connection {
        let connection: Connection
        do throws(SQLiteError) {
            connection = try Connection(
                path: path, flags: Connection.readWriteCreate, busyTimeoutMilliseconds: options.busyTimeoutMilliseconds)
        } catch {
            throw .sqlite(error)
        }
        do throws(StoreError) {
            try refuseReadOnly(connection)
            if options.quickCheckAtOpen { try quickCheck(connection) }
            do throws(SQLiteError) {
                _ = try Migrator.version(of: connection)
            } catch {
                throw refusal(error, path: path)
            }
            try Migrator.checkNotTooNew(connection)
            try configure(connection)
            try Migrator.migrate(connection)
            if let times = options.viewTimes {
                do throws(StoreError) {
                    try OperatorViews.install(connection, times)
                } catch {
                    options.onViewsNotWritten?(error.description)
                }
            }
            return connection
        } catch {
            connection.close()
            throw error
        }
    }

    /// Refuses a database SQLite could open only for reading (the file's permissions, a read-only
    /// file system): gridd must write, and finding out at the first report would be too late.
    static func refuseReadOnly(_ connection: Connection) throws(StoreError) {
        guard let handle = connection.handle, sqlite3_db_readonly(handle, "main") == 1 else { return }
        throw .sqlite(SQLiteError(
            extendedCode: SQLITE_READONLY,
            message: "the database \(connection.path) can only be opened read-only (the file is not writable, "
                + "or its file system is mounted read-only); gridd needs to write it. It was not modified"))
    }

    /// Refuses a database that is damaged or is not a database at all.
    static func quickCheck(_ connection: Connection) throws(StoreError) {
        let rows: [String]
        do throws(SQLiteError) {
            rows = try connection.strings("PRAGMA quick_check")
        } catch {
            throw refusal(error, path: connection.path)
        }
        guard rows == ["ok"] else {
            throw .corrupt(path: connection.path, detail: "quick_check: " + rows.prefix(5).joined(separator: "; "))
        }
    }

    private static func refusal(_ error: SQLiteError, path: String) -> StoreError {
        switch error.code {
        case SQLITE_NOTADB, SQLITE_CORRUPT: return .corrupt(path: path, detail: error.message)
        default: return .sqlite(error)
        }
    }

    private static func configure(_ connection: Connection) throws(StoreError) {
        do throws(SQLiteError) {
            let mode = try connection.strings("PRAGMA journal_mode = WAL")
            guard mode.first?.lowercased() == "wal" else {
                throw SQLiteError(
                    extendedCode: SQLITE_ERROR,
                    message: "the database refused WAL mode (journal_mode is \(mode.first ?? "unknown"))",
                    sql: "PRAGMA journal_mode = WAL")
            }
            try connection.execute("PRAGMA synchronous = FULL")
            try connection.execute("PRAGMA foreign_keys = ON")
            // A larger page cache and memory-mapped reads: escalations touch incidents all over the
            // table, and the default 2 MB cache turns each into pread(2) calls.
            try connection.execute("PRAGMA cache_size = -65536")
            try connection.execute("PRAGMA mmap_size = 268435456")
            // Checkpoints run beside the writer (WALCheckpointer); the writer's own is a safety net.
            try connection.execute("PRAGMA wal_autocheckpoint = \(WALCheckpointer.writerAutocheckpointPages)")
            try connection.execute("PRAGMA journal_size_limit = \(WALCheckpointer.journalSizeLimitBytes)")
        } catch {
            throw .sqlite(error)
        }
    }
}
