import CSQLite
import GridCore

/// A row of values to bind, stored flat: the bytes of its text and blob values in one buffer,
/// each value a plain slot (a number, or where its bytes lie in the buffer).
///
/// It exists for the intake's wide INSERTs, bound on the writer — the one thread every write
/// waits for. Bound from `[SQLValue]`, each text was copied by SQLite into memory it allocated
/// (`SQLITE_TRANSIENT`) and freed again at the next report's clearing: some twenty allocations
/// per report on the writer. A row binds pointers into its own buffer instead
/// (`SQLITE_STATIC`, see `Statement.withBindings`), and building, copying or freeing it touches
/// one reference count, its buffer's, not one per value. Built off the writer.
public struct SQLRow: Sendable {
    /// One value: a number, or where its bytes lie in `bytes`.
    enum Slot: Sendable {
        case null
        case integer(Int64)
        case real(Double)
        case text(offset: Int32, count: Int32)
        case blob(offset: Int32, count: Int32)
    }

    private(set) var slots: [Slot]
    /// The text and blob bytes, one after another. Never empty (one byte of padding first), so
    /// that an empty text still binds a pointer into it rather than NULL.
    private(set) var bytes: [UInt8]

    /// An empty row with room for `count` values and `bytes` bytes of text.
    public init(capacity count: Int, bytes byteCount: Int = 1024) {
        slots = []
        slots.reserveCapacity(count)
        bytes = [0]
        bytes.reserveCapacity(byteCount)
    }

    public init(_ values: [SQLValue]) {
        self.init(capacity: values.count)
        for value in values { append(value) }
    }

    public var count: Int { slots.count }

    public mutating func append(_ value: SQLValue) {
        switch value {
        case .null: slots.append(.null)
        case .integer(let int): slots.append(.integer(int))
        case .real(let double): slots.append(.real(double))
        case .text(var string):
            let offset = bytes.count
            string.withUTF8 { bytes.append(contentsOf: $0) }  // a small string too, in one copy
            slots.append(.text(offset: Int32(offset), count: Int32(bytes.count - offset)))
        case .blob(let blob):
            let offset = bytes.count
            bytes.append(contentsOf: blob)
            slots.append(.blob(offset: Int32(offset), count: Int32(blob.count)))
        }
    }

    /// The value at `index` (0-based), as `SQLValue` (for tests and diagnostics).
    public func value(at index: Int) -> SQLValue {
        switch slots[index] {
        case .null: return .null
        case .integer(let int): return .integer(int)
        case .real(let double): return .real(double)
        case .text(let offset, let count): return .text(String(decoding: bytes[Int(offset)..<Int(offset + count)], as: UTF8.self))
        case .blob(let offset, let count): return .blob(Array(bytes[Int(offset)..<Int(offset + count)]))
        }
    }
}

/// Where a row's values go, in column order: an array (an update compares it column by column)
/// or a flat `SQLRow` (an insert binds it).
public protocol SQLValueSink {
    mutating func append(_ value: SQLValue)
    /// A JSON column's value: `value` as compact JSON text.
    mutating func appendJSON(_ value: JSONValue)
}

extension Array: SQLValueSink where Element == SQLValue {
    public mutating func appendJSON(_ value: JSONValue) { append(.text(value.serialized())) }
}

extension SQLRow: SQLValueSink {
    /// Written straight into the row's buffer: no string in between.
    public mutating func appendJSON(_ value: JSONValue) {
        let offset = bytes.count
        value.write(to: &bytes)
        slots.append(.text(offset: Int32(offset), count: Int32(bytes.count - offset)))
    }
}

extension Statement {
    /// Binds `row` (or its values in `range`) to parameters 1, 2, … in order — its NULLs by
    /// clearing every binding first — with pointers into the row's own buffer, runs `body` (the
    /// step) while they are valid, and clears the bindings again before returning, so that SQLite
    /// keeps no pointer into the row.
    public func withBindings<T>(
        _ row: SQLRow, _ range: Range<Int>? = nil, _ body: (Statement) throws(SQLiteError) -> T
    ) throws(SQLiteError) -> T {
        let range = range ?? 0..<row.count
        var outcome: Result<T, SQLiteError>?
        row.bytes.withUnsafeBufferPointer { buffer in
            clearBindings()
            defer { clearBindings() }
            let base = buffer.baseAddress!
            do throws(SQLiteError) {
                for position in range {
                    let index = Int32(position - range.lowerBound + 1)
                    switch row.slots[position] {
                    case .null: continue
                    case .integer(let int): try check(sqlite3_bind_int64(handle, index, int))
                    case .real(let double): try check(sqlite3_bind_double(handle, index, double))
                    case .text(let start, let count):
                        try base.advanced(by: Int(start)).withMemoryRebound(to: CChar.self, capacity: max(Int(count), 1)) {
                            (text) throws(SQLiteError) in try check(sqlite3_bind_text(handle, index, text, count, nil))
                        }
                    case .blob(let start, let count):
                        if count == 0 {
                            try check(sqlite3_bind_zeroblob(handle, index, 0))
                        } else {
                            try check(sqlite3_bind_blob(handle, index, base.advanced(by: Int(start)), count, nil))
                        }
                    }
                }
                outcome = .success(try body(self))
            } catch {
                outcome = .failure(error)
            }
        }
        return try outcome!.get()
    }
}
