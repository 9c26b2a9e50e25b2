import CSQLite

/// `SQLITE_TRANSIENT` does not import into Swift: -1 tells SQLite to copy bound text and blobs.
private let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// A prepared statement (`sqlite3_stmt*`), finalized when released.
///
/// It exists so that binding, stepping and reading columns happen in one typed place, and so that
/// every failure carries its SQL. Like its `Connection`, it is confined to the connection's queue
/// and must not outlive the connection (it holds it `unowned`, as GRDB's statements do).
public final class Statement {
    public let handle: OpaquePointer
    public let sql: String
    /// Whether the statement leaves the database unchanged (`sqlite3_stmt_readonly`).
    public let isReadOnly: Bool
    unowned let connection: Connection
    /// True until the first step after preparation or `reset()`: the fault injector is asked then.
    private var atStart = true
    private lazy var namedIndexes: [String: Int32] = {
        var indexes: [String: Int32] = [:]
        let count = sqlite3_bind_parameter_count(handle)
        if count > 0 {
            for index in 1...count {
                if let name = sqlite3_bind_parameter_name(handle, index) { indexes[String(cString: name)] = index }
            }
        }
        return indexes
    }()

    init(handle: OpaquePointer, connection: Connection) {
        self.handle = handle
        self.connection = connection
        self.sql = sqlite3_sql(handle).map { String(cString: $0) } ?? ""
        self.isReadOnly = sqlite3_stmt_readonly(handle) != 0
    }

    deinit { sqlite3_finalize(handle) }

    private var database: OpaquePointer? { sqlite3_db_handle(handle) }

    func check(_ rc: Int32) throws(SQLiteError) {
        guard rc == SQLITE_OK else { throw SQLiteError(code: rc, connection: database, sql: sql) }
    }

    // MARK: Binding (indexes start at 1, as in SQLite)

    public func bind(_ value: SQLValue, at index: Int32) throws(SQLiteError) {
        switch value {
        case .null: try check(sqlite3_bind_null(handle, index))
        case .integer(let int): try check(sqlite3_bind_int64(handle, index, int))
        case .real(let double): try check(sqlite3_bind_double(handle, index, double))
        case .text(let string):
            var text = string
            let rc = text.withUTF8 { bytes -> Int32 in
                // An empty buffer may have no address, and a NULL pointer would bind SQL NULL.
                guard let base = bytes.baseAddress, bytes.count > 0 else {
                    return sqlite3_bind_text(handle, index, "", 0, transient)
                }
                return base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                    sqlite3_bind_text(handle, index, $0, Int32(bytes.count), transient)
                }
            }
            try check(rc)
        case .blob(let bytes):
            let rc = bytes.withUnsafeBytes { raw -> Int32 in
                guard let base = raw.baseAddress, raw.count > 0 else { return sqlite3_bind_zeroblob(handle, index, 0) }
                return sqlite3_bind_blob(handle, index, base, Int32(raw.count), transient)
            }
            try check(rc)
        }
    }

    public func bind(_ value: Int64?, at index: Int32) throws(SQLiteError) { try bind(.from(value), at: index) }
    public func bind(_ value: Double?, at index: Int32) throws(SQLiteError) { try bind(.from(value), at: index) }
    public func bind(_ value: String?, at index: Int32) throws(SQLiteError) { try bind(.from(value), at: index) }
    public func bind(_ value: [UInt8]?, at index: Int32) throws(SQLiteError) { try bind(value.map(SQLValue.blob) ?? .null, at: index) }
    public func bindNull(at index: Int32) throws(SQLiteError) { try bind(.null, at: index) }

    /// Binds by parameter name, including its prefix (`:key`, `@key` or `$key`).
    public func bind(_ value: SQLValue, named name: String) throws(SQLiteError) {
        guard let index = namedIndexes[name] else {
            throw SQLiteError(extendedCode: SQLITE_RANGE, message: "no parameter named \(name)", sql: sql)
        }
        try bind(value, at: index)
    }

    public func bind(_ value: Int64?, named name: String) throws(SQLiteError) { try bind(.from(value), named: name) }
    public func bind(_ value: Double?, named name: String) throws(SQLiteError) { try bind(.from(value), named: name) }
    public func bind(_ value: String?, named name: String) throws(SQLiteError) { try bind(.from(value), named: name) }
    public func bind(_ value: [UInt8]?, named name: String) throws(SQLiteError) {
        try bind(value.map(SQLValue.blob) ?? .null, named: name)
    }

    /// Binds `values` to parameters 1, 2, … in order.
    public func bind(_ values: [SQLValue]) throws(SQLiteError) {
        for (offset, value) in values.enumerated() { try bind(value, at: Int32(offset + 1)) }
    }

    public func clearBindings() { sqlite3_clear_bindings(handle) }

    // MARK: Running

    /// Advances to the next row: true when a row is available, false when the statement is done.
    /// On failure the statement is reset, so it can be run again.
    @discardableResult
    public func step() throws(SQLiteError) -> Bool {
        if atStart {
            atStart = false
            if let injector = connection.faultInjector, consultsFaultInjector, let code = injector(sql), code != SQLITE_OK {
                let text = String(cString: sqlite3_errstr(code))
                throw SQLiteError(extendedCode: code, message: "\(text) (injected fault)", sql: sql)
            }
        }
        let rc = sqlite3_step(handle)
        switch rc {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default:
            let error = SQLiteError(code: rc, connection: database, sql: sql)
            reset()
            throw error
        }
    }

    /// Writes, `BEGIN` and `COMMIT`; not reads, `SAVEPOINT`, `RELEASE` or `ROLLBACK` (see `Connection.faultInjector`).
    private var consultsFaultInjector: Bool {
        let head = sql.prefix(8).uppercased()
        if head.hasPrefix("BEGIN") || head.hasPrefix("COMMIT") || head.hasPrefix("END") { return true }
        return !isReadOnly
    }

    /// Makes the statement ready to run again (bindings are kept).
    public func reset() {
        sqlite3_reset(handle)
        atStart = true
    }

    // MARK: Columns (indexes start at 0, as in SQLite)

    public var columnCount: Int32 { sqlite3_column_count(handle) }

    public func columnName(at index: Int32) -> String {
        sqlite3_column_name(handle, index).map { String(cString: $0) } ?? ""
    }

    public func isNull(at index: Int32) -> Bool { sqlite3_column_type(handle, index) == SQLITE_NULL }

    public func int64(at index: Int32) -> Int64 { sqlite3_column_int64(handle, index) }
    public func optionalInt64(at index: Int32) -> Int64? { isNull(at: index) ? nil : int64(at: index) }

    public func double(at index: Int32) -> Double { sqlite3_column_double(handle, index) }
    public func optionalDouble(at index: Int32) -> Double? { isNull(at: index) ? nil : double(at: index) }

    /// The column as UTF-8 text; nil for NULL.
    public func string(at index: Int32) -> String? {
        guard let text = sqlite3_column_text(handle, index) else { return nil }
        let count = Int(sqlite3_column_bytes(handle, index))
        return String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self)
    }

    /// The column as bytes; nil for NULL, empty for an empty blob.
    public func blob(at index: Int32) -> [UInt8]? {
        if isNull(at: index) { return nil }
        let count = Int(sqlite3_column_bytes(handle, index))
        guard count > 0, let bytes = sqlite3_column_blob(handle, index) else { return [] }
        return Array(UnsafeRawBufferPointer(start: bytes, count: count))
    }

    public func value(at index: Int32) -> SQLValue {
        switch sqlite3_column_type(handle, index) {
        case SQLITE_INTEGER: return .integer(int64(at: index))
        case SQLITE_FLOAT: return .real(double(at: index))
        case SQLITE_TEXT: return .text(string(at: index) ?? "")
        case SQLITE_BLOB: return .blob(blob(at: index) ?? [])
        default: return .null
        }
    }
}

@available(*, unavailable, message: "a Statement is confined to its connection's queue")
extension Statement: Sendable {}
