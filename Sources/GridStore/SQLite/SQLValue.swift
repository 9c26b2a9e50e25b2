/// A value as SQLite stores it: one of its five storage classes.
///
/// It exists so that a row can be bound or read as a list of values (the incident row has 28
/// columns) without one `bind` call per type at every call site.
public enum SQLValue: Sendable, Equatable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])

    public static func from(_ value: String?) -> SQLValue { value.map(SQLValue.text) ?? .null }
    public static func from(_ value: Int64?) -> SQLValue { value.map(SQLValue.integer) ?? .null }
    public static func from(_ value: Double?) -> SQLValue { value.map(SQLValue.real) ?? .null }
}
