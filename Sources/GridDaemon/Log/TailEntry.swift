import GridCore

/// One dispatch-log line as `tail` subscribers see it, before it has a sequence number: the
/// `ts=` it was written with, its fields, and the three fields filters look at, read out once.
/// Built outside the log's lock (parsing the unit code is the costly part), numbered inside it.
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

    public init(_ line: LogLine, timestamp: String) {
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

    /// The line as a JSON object: `ts`, `level`, `event`, then its fields in log order, every
    /// value a string exactly as the log writes it (phones already masked).
    public var json: JSONObject {
        var object = JSONObject()
        object.appendUnchecked("ts", .string(line.timestamp))
        object.appendUnchecked("level", .string(line.level.rawValue))
        object.appendUnchecked("event", .string(line.event))
        for (key, value) in line.fields { object[key] = .string(value) }
        return object
    }
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
