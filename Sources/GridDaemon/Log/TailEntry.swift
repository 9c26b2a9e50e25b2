import GridCore

/// One dispatch-log line as `tail` subscribers see it, before it has a sequence number: the
/// `ts=` it was written with, its fields, and the three fields filters look at, read out once.
/// Built outside the log's lock (parsing the unit code is the costly part), numbered inside it.
/// While anyone follows, it is also serialized there, once for every follower, rather than per
/// follower on the socket queue.
public struct TailLine: Sendable {
    public let timestamp: String
    public let level: LogLevel
    public let event: String
    public let fields: [(String, String)]
    /// The line's `unit=`, when it is a unit code.
    public let unit: UnitCode?
    /// The line's `tier=` and `category=` as written.
    public let tier: String?
    public let category: String?
    /// The line's JSON object, serialized (when built with `serializing`).
    public private(set) var serialized: [UInt8]?

    public init(_ line: LogLine, timestamp: String, serializing: Bool = false) {
        self.timestamp = timestamp
        level = line.level
        event = line.event
        fields = line.fields
        var unit: UnitCode?
        var tier: String?
        var category: String?
        for (key, value) in line.fields {
            switch key {
            case "unit" where unit == nil: unit = UnitCode(value)
            case "tier" where tier == nil: tier = value
            case "category" where category == nil: category = value
            default: continue
            }
        }
        self.unit = unit
        self.tier = tier
        self.category = category
        if serializing { serialized = JSONValue.object(json).serializedBytes() }
    }

    /// The line as a JSON object: `ts`, `level`, `event`, then its fields in log order, every
    /// value a string exactly as the log writes it (phones already masked).
    public var json: JSONObject {
        var object = JSONObject()
        object.appendUnchecked("ts", .string(timestamp))
        object.appendUnchecked("level", .string(level.rawValue))
        object.appendUnchecked("event", .string(event))
        for (key, value) in fields { object[key] = .string(value) }
        return object
    }
}

/// A numbered line. Immutable and shared: the backlog ring and every subscriber queue hold the
/// same instance, so fanning a line out costs a reference, not a copy.
public final class TailEntry: Sendable {
    /// 1 for the first line the daemon logged, then +1 per line: gaps a subscriber sees are
    /// lines it did not get (filtered out, or missed while it lagged).
    public let seq: UInt64
    public let line: TailLine

    init(seq: UInt64, line: TailLine) {
        self.seq = seq
        self.line = line
    }

    convenience init(seq: UInt64, timestamp: String, line: LogLine) {
        self.init(seq: seq, line: TailLine(line, timestamp: timestamp))
    }

    public var timestamp: String { line.timestamp }
    public var level: LogLevel { line.level }
    public var fields: [(String, String)] { line.fields }
    public var unit: UnitCode? { line.unit }
    public var tier: String? { line.tier }
    public var category: String? { line.category }

    public var json: JSONObject { line.json }

    /// `json`, serialized: done when the line was logged if anyone followed, else now.
    public var serializedJSON: [UInt8] { line.serialized ?? JSONValue.object(line.json).serializedBytes() }
}

/// Which lines a subscriber takes: the request's filters, and for a worker the units it is
/// bound to (`scope`; nil = every line).
public struct TailFilter: Sendable {
    public var unit: UnitCode?
    public var tier: String?
    public var category: String?
    public var level: LogLevel?
    /// Lines must lie inside one of these units (workers); nil for admins and operators.
    public var scope: [UnitCode]?

    public init(_ query: TailQuery, scope: [UnitCode]? = nil) {
        unit = query.unit
        tier = query.tier?.name
        category = query.category
        level = query.level
        self.scope = scope
    }

    public func matches(_ entry: TailEntry) -> Bool {
        if let level, entry.level < level { return false }
        if let tier, entry.tier != tier { return false }
        if let category, entry.category != category { return false }
        if let unit {
            guard let lineUnit = entry.unit, unit.contains(lineUnit) else { return false }
        }
        if let scope {
            guard let lineUnit = entry.unit, scope.contains(where: { $0.contains(lineUnit) }) else { return false }
        }
        return true
    }
}
