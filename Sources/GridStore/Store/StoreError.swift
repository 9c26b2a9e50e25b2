import CSQLite
import GridCore

/// Why the store could not do what was asked.
///
/// It exists to keep storage failures precise for the log (the SQLite codes, message and SQL) while
/// giving clients a stable `GridError` through `gridError`: a full disk or an I/O error is
/// "unavailable, try again later", not a bug in the request.
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// SQLite refused: extended code, message and SQL inside.
    case sqlite(SQLiteError)
    /// The store was closed (`IncidentStore.close()`); nothing more is accepted.
    case closed
    /// The database was written by a newer gridd (its `user_version` is above what this code knows).
    case schemaTooNew(found: Int, supported: Int)
    /// `PRAGMA quick_check` failed, or the file is not an SQLite database. The file was not modified.
    case corrupt(path: String, detail: String)
    /// A stored row does not decode into the model (e.g. an invalid unit code written by hand).
    case invalidData(String)
    /// A write operation refused with a domain error (e.g. not found, permission denied).
    case refused(GridError)
    /// A write operation threw something else.
    case operationFailed(String)
    /// The database file gridd opened was deleted, moved away or replaced by another file while
    /// gridd ran (`detail` says which, and where): nothing more is written or acknowledged.
    case databaseLost(String)
    /// There is no database at `path`, but files beside it (`traces`: its write-ahead log, shared
    /// memory, identity file, clean-shutdown marker) say that there was one. gridd does not
    /// create an empty database in its place.
    case databaseMissing(path: String, traces: [String])
    /// The database file (or its identity file) could not be created, opened or checked.
    case databaseFile(String)

    /// Wraps whatever a write operation threw.
    public init(_ error: any Error) {
        switch error {
        case let error as StoreError: self = error
        case let error as SQLiteError: self = .sqlite(error)
        case let error as GridError: self = .refused(error)
        default: self = .operationFailed(String(describing: error))
        }
    }

    public var description: String {
        switch self {
        case .sqlite(let error): return error.description
        case .closed: return "the incident store is closed"
        case .schemaTooNew(let found, let supported):
            return "the database has schema version \(found), newer than the \(supported) this gridd supports: "
                + "run a newer gridd, or restore a backup made for this version (the database was not modified)"
        case .corrupt(let path, let detail):
            return "the database \(path) is corrupt or not an SQLite database (\(detail)); it was not modified: "
                + "restore a backup or move it aside"
        case .invalidData(let message): return "stored data does not decode: \(message)"
        case .refused(let error): return error.description
        case .operationFailed(let message): return "write operation failed: \(message)"
        case .databaseLost(let detail):
            return "\(detail); gridd stopped storing and acknowledging writes. Restore the database file (with its -wal "
                + "file) where it belongs and restart gridd"
        case .databaseMissing(let path, let traces):
            return "the database \(path) does not exist, but \(traces.joined(separator: ", ")) "
                + (traces.count == 1 ? "says" : "say") + " that one existed (it was deleted or moved, while gridd ran "
                + "or since). gridd does not create an empty database in its place. Restore the database (with its "
                + "-wal file, if one is left) from where it was moved or from a backup; to start with an empty database "
                + "on purpose, move \(traces.count == 1 ? "that file" : "those files") aside and start again"
        case .databaseFile(let message): return message
        }
    }

    /// Whether retrying later may succeed: the disk, the file system or a lock is the problem, not the request.
    public var isTransient: Bool {
        guard case .sqlite(let error) = self else { return false }
        switch error.code {
        case SQLITE_FULL, SQLITE_IOERR, SQLITE_READONLY, SQLITE_BUSY, SQLITE_LOCKED, SQLITE_CANTOPEN, SQLITE_NOMEM:
            return true
        default:
            return false
        }
    }

    /// What a client is told. SQL text and file paths stay in the log, not on the wire.
    public var gridError: GridError {
        switch self {
        case .sqlite(let error):
            if isTransient {
                return GridError(.unavailable, "the incident store is unavailable (\(error.codeName): \(error.message)); try again later")
            }
            return GridError(.internalError, "storage error (\(error.codeName))")
        case .closed:
            return GridError(.shuttingDown, "the incident store is closed")
        case .schemaTooNew, .corrupt:
            return GridError(.unavailable, "the incident store cannot be opened")
        case .invalidData:
            return GridError(.internalError, "stored data does not decode")
        case .refused(let error):
            return error
        case .operationFailed:
            return GridError(.internalError, "storage operation failed")
        case .databaseLost:
            return GridError(
                .unavailable,
                "the incident store is unavailable: its database file was deleted or replaced while gridd was running; "
                    + "nothing is stored until an operator restores it and restarts gridd")
        case .databaseMissing, .databaseFile:
            return GridError(.unavailable, "the incident store cannot be opened")
        }
    }
}
