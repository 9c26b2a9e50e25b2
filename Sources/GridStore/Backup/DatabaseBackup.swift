import CSQLite
import GridSystem

/// What a copy of the database holds, read from the copy itself after it was checked.
public struct DatabaseCopy: Sendable, Equatable {
    /// Where the copy is.
    public var path: String
    public var bytes: Int64
    /// The copy's permission bits (the source database's unless asked otherwise).
    public var mode: UInt32
    /// `PRAGMA user_version`: the schema version the copy was written with.
    public var schemaVersion: Int
    public var incidents: Int64
    public var events: Int64
}

/// A consistent copy of a database that gridd may be writing, made with SQLite's online backup
/// API: `gridctl backup FILE`, and the first step of `gridd --restore FILE` (`DatabaseRestore`).
///
/// It exists because copying the files (`cp gridd.sqlite*`) while gridd runs is not a backup:
/// the database file and its write-ahead log are read at different moments and the pair may not
/// open. Here a read-only connection copies every page in one `sqlite3_backup_step(-1)`, inside
/// one read transaction, so the copy is the database as of one commit. In WAL mode a reader never
/// blocks the writer and the checkpointer (`WALCheckpointer`) is PASSIVE, so intake goes on while
/// the copy is made; commits after the read began are simply not in it.
///
/// The copy is written to `<destination>.partial`, created exclusively with the source's mode
/// (0640: it holds reporters' names and phone numbers), switched to rollback-journal mode so that
/// it is one self-contained file, checked with `PRAGMA integrity_check`, fsynced, and only then
/// renamed to `destination`: a failed or interrupted backup never leaves a file by that name.
public enum DatabaseBackup {
    /// How often a busy source is retried (50 ms apart) before the backup gives up.
    static let busyRetries = 200

    /// Copies the database at `source` to `destination` (replacing a file there) and returns what
    /// the checked copy holds. `mode` defaults to the source's permission bits; with `owner`, the
    /// copy is given to that uid and gid before it gets its name (root only).
    public static func copy(
        from source: String, to destination: String, mode: UInt32? = nil, owner: (uid: UInt32, gid: UInt32)? = nil
    ) throws(StoreError) -> DatabaseCopy {
        let sourceMode: UInt32
        do throws(Errno) {
            sourceMode = try FileIdentity.of(path: source).permissions & 0o666
        } catch {
            throw .databaseFile("cannot read the database \(source): \(error)")
        }
        let partial = destination + ".partial"
        // A .partial left by an interrupted backup is not worth keeping (unlink never follows a link).
        try? Directory.unlink(partial)
        let fd: FileDescriptor
        do throws(Errno) {
            fd = try StateFile.create(partial, mode: mode ?? sourceMode)
            if let owner { try fd.changeOwner(uid: owner.uid, gid: owner.gid) }
        } catch {
            throw .databaseFile("cannot create \(partial): \(error)")
        }
        defer { fd.close() }
        do throws(StoreError) {
            try copyPages(from: source, to: partial)
            var copy = try describe(partial)
            copy.path = destination
            do throws(Errno) {
                try fd.fsync()
                try Directory.rename(partial, to: destination)
                try Directory.sync(parentDirectory(of: destination))
            } catch {
                throw StoreError.databaseFile("cannot put the backup in place at \(destination): \(error)")
            }
            return copy
        } catch {
            try? Directory.unlink(partial)
            throw error
        }
    }

    /// Every page of `source` into the empty file `destination`, in one read transaction; then the
    /// copy is switched to rollback-journal mode (the source's WAL flag came with page 1).
    private static func copyPages(from source: String, to destination: String) throws(StoreError) {
        do throws(SQLiteError) {
            let reader = try Connection(path: source, flags: SQLITE_OPEN_READONLY)
            defer { reader.close() }
            let writer = try Connection(path: destination, flags: SQLITE_OPEN_READWRITE)
            defer { writer.close() }
            let sourceHandle = try reader.openHandle(for: nil)
            let destinationHandle = try writer.openHandle(for: nil)
            guard let backup = sqlite3_backup_init(destinationHandle, "main", sourceHandle, "main") else {
                throw SQLiteError(code: sqlite3_errcode(destinationHandle), connection: destinationHandle, sql: nil)
            }
            var step = sqlite3_backup_step(backup, -1)
            var retries = 0
            while step == SQLITE_BUSY || step == SQLITE_LOCKED, retries < busyRetries {
                retries += 1
                sqlite3_sleep(50)
                step = sqlite3_backup_step(backup, -1)
            }
            let finished = sqlite3_backup_finish(backup)
            guard step == SQLITE_DONE, finished == SQLITE_OK else {
                let code = step == SQLITE_DONE ? finished : step
                let reason = sqlite3_errmsg(destinationHandle).map { String(cString: $0) } ?? "error \(code)"
                throw SQLiteError(extendedCode: code, message: "the backup of \(source) failed: \(reason)")
            }
            let journal = try writer.strings("PRAGMA journal_mode = DELETE")
            guard journal.first?.lowercased() == "delete" else {
                throw SQLiteError(extendedCode: SQLITE_ERROR, message: "the copy kept journal_mode \(journal.first ?? "?")")
            }
        } catch {
            throw refusal(error, path: source)
        }
    }

    /// Checks a copy (`PRAGMA integrity_check`) and reads what it holds.
    static func describe(_ path: String) throws(StoreError) -> DatabaseCopy {
        let check: [String]
        var copy = DatabaseCopy(path: path, bytes: 0, mode: 0, schemaVersion: 0, incidents: 0, events: 0)
        do throws(SQLiteError) {
            let connection = try Connection(path: path, flags: SQLITE_OPEN_READONLY)
            defer { connection.close() }
            check = try connection.strings("PRAGMA integrity_check")
            copy.schemaVersion = try Migrator.version(of: connection)
            func count(_ table: String) throws(SQLiteError) -> Int64 {
                let present = try connection.scalarInt("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '\(table)'")
                return present == 1 ? try connection.scalarInt("SELECT count(*) FROM \(table)") ?? 0 : 0
            }
            if check == ["ok"] {
                copy.incidents = try count("incidents")
                copy.events = try count("events")
            }
        } catch {
            throw refusal(error, path: path)
        }
        guard check == ["ok"] else {
            throw .corrupt(path: path, detail: "integrity_check: " + check.prefix(5).joined(separator: "; "))
        }
        if let identity = try? FileIdentity.of(path: path) {
            copy.bytes = identity.size
            copy.mode = identity.permissions
        }
        return copy
    }

    private static func refusal(_ error: SQLiteError, path: String) -> StoreError {
        switch error.code {
        case SQLITE_NOTADB, SQLITE_CORRUPT: return .corrupt(path: path, detail: error.message)
        default: return .sqlite(error)
        }
    }

    static func parentDirectory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}
