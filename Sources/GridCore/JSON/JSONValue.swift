/// A JSON document as a value.
///
/// gridd decodes everything it is sent (socket lines, spool files, the GeoJSON grid map) through
/// this type rather than `Codable`, because the protocol must reject unknown fields, name the
/// field that is wrong, and tell invalid UTF-8 apart from bad syntax — and because the same parser
/// is the fuzzing target for all of them.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    /// A number written without fraction or exponent that fits in 64 bits.
    case int(Int64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)
}

/// A JSON object that keeps its keys in the order they were written or inserted,
/// so that responses and log output read the same way every time.
///
/// Stored as an array of pairs: protocol objects have a handful to a few dozen keys, where a
/// linear scan beats hashing (and encoding a response builds many small objects).
public struct JSONObject: Sendable, Equatable {
    public private(set) var pairs: [(key: String, value: JSONValue)] = []

    public init() {}

    /// An empty object with room for `capacity` pairs: encoders of objects with many keys
    /// (an incident has 35) build them without growing the storage on the way.
    public init(capacity: Int) { pairs.reserveCapacity(capacity) }

    public init(_ pairs: KeyValuePairs<String, JSONValue>) {
        for (key, value) in pairs { self[key] = value }
    }

    public var count: Int { pairs.count }
    public var isEmpty: Bool { pairs.isEmpty }
    public var keys: [String] { pairs.map(\.key) }

    public subscript(key: String) -> JSONValue? {
        get {
            for pair in pairs where pair.key == key { return pair.value }
            return nil
        }
        set {
            if let index = pairs.firstIndex(where: { $0.key == key }) {
                if let newValue { pairs[index].value = newValue } else { pairs.remove(at: index) }
            } else if let newValue {
                pairs.append((key, newValue))
            }
        }
    }

    /// Appends a pair without looking for an existing key: for building objects whose keys the
    /// caller knows to be distinct (encoders), where the setter's search would cost O(n²).
    public mutating func appendUnchecked(_ key: String, _ value: JSONValue) {
        assert(self[key] == nil, "duplicate key \(key)")
        pairs.append((key, value))
    }

    /// Equal when both have the same keys with equal values, in any order.
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.count == rhs.count else { return false }
        return lhs.pairs.allSatisfy { rhs[$0.key] == $0.value }
    }
}

extension JSONValue {
    public var objectValue: JSONObject? {
        if case .object(let object) = self { return object }
        return nil
    }

    public var arrayValue: [JSONValue]? {
        if case .array(let array) = self { return array }
        return nil
    }

    public var stringValue: String? {
        if case .string(let string) = self { return string }
        return nil
    }

    public var boolValue: Bool? {
        if case .bool(let bool) = self { return bool }
        return nil
    }

    /// The number as a Double, whether it was written as an integer or not.
    public var doubleValue: Double? {
        switch self {
        case .int(let int): return Double(int)
        case .double(let double): return double
        default: return nil
        }
    }

    /// The number as an integer, if it was written as one (or is a whole double within range).
    public var intValue: Int64? {
        switch self {
        case .int(let int): return int
        case .double(let double):
            guard double.rounded() == double, abs(double) < 9.0e15 else { return nil }
            return Int64(double)
        default: return nil
        }
    }

    public var isNull: Bool { self == .null }

    /// A short name of the value's JSON type, for error messages.
    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .int, .double: return "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByFloatLiteral, ExpressibleByNilLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(nilLiteral: ()) { self = .null }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        var object = JSONObject()
        for (key, value) in elements { object[key] = value }
        self = .object(object)
    }
}

extension JSONValue {
    /// Wraps an optional: nil becomes JSON null.
    public static func from(_ string: String?) -> JSONValue { string.map(JSONValue.string) ?? .null }
    public static func from(_ int: Int64?) -> JSONValue { int.map(JSONValue.int) ?? .null }
    public static func from(_ double: Double?) -> JSONValue { double.map(JSONValue.double) ?? .null }
}

extension JSONObject: ExpressibleByDictionaryLiteral {
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init()
        for (key, value) in elements { self[key] = value }
    }
}
