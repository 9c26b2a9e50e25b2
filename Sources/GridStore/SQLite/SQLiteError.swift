import CSQLite

/// An error reported by SQLite, with everything needed to understand it later: the primary and
/// extended result codes (e.g. `SQLITE_CONSTRAINT` / `SQLITE_CONSTRAINT_TRIGGER`), the message
/// from `sqlite3_errmsg`, and the SQL that failed.
///
/// It exists so that a failure deep in the store reaches the log with its cause intact, and so
/// that `StoreError` can classify it (disk full or I/O error → unavailable, anything else → internal).
public struct SQLiteError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The extended result code (`sqlite3_extended_errcode`); equal to the primary code when SQLite has none.
    public var extendedCode: Int32
    /// The message SQLite gave (`sqlite3_errmsg`), or a description of an injected or local failure.
    public var message: String
    /// The statement that failed, when there is one.
    public var sql: String?

    public init(extendedCode: Int32, message: String, sql: String? = nil) {
        self.extendedCode = extendedCode
        self.message = message
        self.sql = sql
    }

    /// The primary result code: the low byte of the extended code (`SQLITE_FULL`, `SQLITE_IOERR`, …).
    public var code: Int32 { extendedCode & 0xFF }

    /// Builds the error for result code `code` from the connection's current error state.
    init(code: Int32, connection db: OpaquePointer?, sql: String?) {
        var extended = code
        var message = String(cString: sqlite3_errstr(code))
        if let db {
            let current = sqlite3_extended_errcode(db)
            // sqlite3_errmsg describes the most recent failure on the connection; use it only when it
            // is about this one (same primary code), otherwise keep the generic text for `code`.
            if current & 0xFF == code & 0xFF {
                extended = current
                message = String(cString: sqlite3_errmsg(db))
            }
        }
        self.init(extendedCode: extended, message: message, sql: sql)
    }

    /// The symbolic name of the primary code, e.g. `SQLITE_FULL`.
    public var codeName: String { SQLiteError.name(of: code) }

    public var description: String {
        var text = "SQLite error \(codeName)"
        if extendedCode != code { text += " (extended code \(extendedCode))" }
        text += ": \(message)"
        if let sql { text += " — in `\(sql)`" }
        return text
    }

    static func name(of primary: Int32) -> String {
        switch primary {
        case SQLITE_OK: return "SQLITE_OK"
        case SQLITE_ERROR: return "SQLITE_ERROR"
        case SQLITE_INTERNAL: return "SQLITE_INTERNAL"
        case SQLITE_PERM: return "SQLITE_PERM"
        case SQLITE_ABORT: return "SQLITE_ABORT"
        case SQLITE_BUSY: return "SQLITE_BUSY"
        case SQLITE_LOCKED: return "SQLITE_LOCKED"
        case SQLITE_NOMEM: return "SQLITE_NOMEM"
        case SQLITE_READONLY: return "SQLITE_READONLY"
        case SQLITE_INTERRUPT: return "SQLITE_INTERRUPT"
        case SQLITE_IOERR: return "SQLITE_IOERR"
        case SQLITE_CORRUPT: return "SQLITE_CORRUPT"
        case SQLITE_NOTFOUND: return "SQLITE_NOTFOUND"
        case SQLITE_FULL: return "SQLITE_FULL"
        case SQLITE_CANTOPEN: return "SQLITE_CANTOPEN"
        case SQLITE_PROTOCOL: return "SQLITE_PROTOCOL"
        case SQLITE_SCHEMA: return "SQLITE_SCHEMA"
        case SQLITE_TOOBIG: return "SQLITE_TOOBIG"
        case SQLITE_CONSTRAINT: return "SQLITE_CONSTRAINT"
        case SQLITE_MISMATCH: return "SQLITE_MISMATCH"
        case SQLITE_MISUSE: return "SQLITE_MISUSE"
        case SQLITE_RANGE: return "SQLITE_RANGE"
        case SQLITE_NOTADB: return "SQLITE_NOTADB"
        default: return "result code \(primary)"
        }
    }
}

/// Extended result codes the store and its tests name. Swift does not import SQLite's function-like
/// `#define`s (`SQLITE_CONSTRAINT | (7<<8)`), so they are spelled out here.
public enum SQLiteExtendedCode {
    public static let ioerrRead: Int32 = SQLITE_IOERR | (1 << 8)
    public static let ioerrWrite: Int32 = SQLITE_IOERR | (3 << 8)
    public static let ioerrFsync: Int32 = SQLITE_IOERR | (4 << 8)
    public static let constraintCheck: Int32 = SQLITE_CONSTRAINT | (1 << 8)
    public static let constraintForeignKey: Int32 = SQLITE_CONSTRAINT | (3 << 8)
    public static let constraintNotNull: Int32 = SQLITE_CONSTRAINT | (5 << 8)
    public static let constraintTrigger: Int32 = SQLITE_CONSTRAINT | (7 << 8)
    public static let constraintUnique: Int32 = SQLITE_CONSTRAINT | (8 << 8)
}
