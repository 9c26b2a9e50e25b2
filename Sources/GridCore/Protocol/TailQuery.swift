/// What `tail` asks for: which dispatch-log lines (filters, all optional), how many recent ones
/// to start with, and whether to stay and follow new ones.
///
/// Its own type (and decoder) so the daemon's stream, gridctl and the tests agree on the
/// fields and their defaults; see docs/PROTOCOL.md, "Tailing the dispatch log".
public struct TailQuery: Sendable, Equatable {
    /// Lines whose `unit` is this unit or lies inside it (a street takes its communities' lines).
    public var unit: UnitCode?
    /// Lines whose `tier` is this tier.
    public var tier: Tier?
    /// Lines whose `category` is this code.
    public var category: String?
    /// Lines at this level or above.
    public var level: LogLevel?
    /// How many of the most recent matching lines to send first (at most the daemon's ring holds).
    public var backlog: Int
    /// Stay open and send new matching lines as they are logged.
    public var follow: Bool

    public static let defaultBacklog = 10
    public static let maxBacklog = 1_000_000

    public init(
        unit: UnitCode? = nil, tier: Tier? = nil, category: String? = nil, level: LogLevel? = nil,
        backlog: Int = TailQuery.defaultBacklog, follow: Bool = false
    ) {
        self.unit = unit
        self.tier = tier
        self.category = category
        self.level = level
        self.backlog = backlog
        self.follow = follow
    }

    /// The request fields of `tail` (besides `id` and `op`).
    public static let fieldNames: Set<String> = ["unit", "tier", "category", "level", "backlog", "follow"]

    /// Decodes the fields of a `tail` request strictly: unknown fields and bad values are refused.
    public static func decode(_ fields: FieldReader) throws(GridError) -> TailQuery {
        try fields.rejectUnknown(allowed: fieldNames.union(["id", "op"]))
        var query = TailQuery()
        query.unit = try fields.optionalUnit()
        query.tier = try fields.optionalTier()
        query.category = try fields.optionalCategoryCode()
        if let text = try fields.optionalString("level") {
            guard let level = LogLevel(rawValue: text) else {
                throw GridError(.invalidField, "level \(text.debugDescription) is not one of \(LogLevel.namesList)")
            }
            query.level = level
        }
        if let backlog = try fields.optionalInt("backlog") {
            guard backlog >= 0, backlog <= Int64(maxBacklog) else {
                throw GridError(.invalidField, "backlog must be between 0 and \(maxBacklog)")
            }
            query.backlog = Int(backlog)
        }
        if let value = fields.object["follow"], !value.isNull {
            guard let follow = value.boolValue else { throw GridError(.invalidField, "follow must be true or false") }
            query.follow = follow
        }
        return query
    }

    /// The request fields for this query (what gridctl sends).
    public var requestFields: JSONObject {
        var fields = JSONObject()
        if let unit { fields["unit"] = .string(unit.rawValue) }
        if let tier { fields["tier"] = .string(tier.name) }
        if let category { fields["category"] = .string(category) }
        if let level { fields["level"] = .string(level.rawValue) }
        fields["backlog"] = .int(Int64(backlog))
        fields["follow"] = .bool(follow)
        return fields
    }
}
