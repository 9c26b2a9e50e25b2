/// What the `report` op asks for: which incidents (a unit at any level, a category), over which
/// time range, grouped by which level, and how much of the 超期 (督办) list to show.
///
/// It exists so that the socket request, its strict decoding and the rules for turning dates into
/// instants live in one place; the definitions of the metrics themselves are in `ReportRules`
/// and docs/REPORTS.md.
public struct ReportQuery: Sendable, Equatable {
    /// One end of the range: a local date in the working calendar's time zone, or an exact instant.
    public enum Bound: Sendable, Equatable {
        /// `from`: the start of that day; `to`: the end of that day (the start of the next), so
        /// `from 2026-05-01 to 2026-05-31` is all of May.
        case date(CivilDate)
        /// An RFC 3339 instant: `from` inclusive, `to` exclusive.
        case instant(Timestamp)
    }

    /// Only incidents that happened in this unit (their placement: community, street, district).
    public var unit: UnitCode?
    public var category: String?
    public var from: Bound?
    public var to: Bound?
    /// The level of the rows: community, street or district; nil for the default (`effectiveGroupBy`).
    public var groupBy: Tier?
    /// How many entries of the 超期 (督办) list (open red cases) to show (longest red first); the count is always complete.
    public var registerLimit: Int

    public static let defaultRegisterLimit = 50
    public static let maxRegisterLimit = 10_000
    /// The levels a report can be grouped by.
    public static let groupLevels: [Tier] = [.community, .street, .district]

    public init(
        unit: UnitCode? = nil, category: String? = nil, from: Bound? = nil, to: Bound? = nil, groupBy: Tier? = nil,
        registerLimit: Int = ReportQuery.defaultRegisterLimit
    ) {
        self.unit = unit
        self.category = category
        self.from = from
        self.to = to
        self.groupBy = groupBy
        self.registerLimit = registerLimit
    }

    /// The level of the rows: as asked, else one level below the unit (a community's own level
    /// for a community), else districts.
    public var effectiveGroupBy: Tier {
        if let groupBy { return groupBy }
        switch unit?.tier {
        case .community?, .street?: return .community
        case .district?: return .street
        case .city?, nil: return .district
        }
    }

    /// The range as instants against `calendar`'s time zone. Without `to` the range ends `now`;
    /// without `from` it starts at the beginning of the local month in which it ends.
    public func range(calendar: WorkingCalendar, now: Timestamp) throws(GridError) -> ReportRange {
        let end: Timestamp
        switch to {
        case .date(let date)?: end = calendar.instant(on: CivilDate(daysSinceEpoch: date.daysSinceEpoch + 1), secondsSinceMidnight: 0)
        case .instant(let instant)?: end = instant
        case nil: end = now
        }
        let start: Timestamp
        switch from {
        case .date(let date)?: start = calendar.instant(on: date, secondsSinceMidnight: 0)
        case .instant(let instant)?: start = instant
        case nil:
            let last = calendar.localDate(at: end.adding(milliseconds: -1))
            start = calendar.instant(on: CivilDate(year: last.year, month: last.month, day: 1), secondsSinceMidnight: 0)
        }
        guard start < end else {
            throw GridError(.invalidField, "the report range is empty: from \(start) is not before to \(end)")
        }
        return ReportRange(from: start, to: end)
    }

    /// The range and the period before it (环比, `ReportPeriods`).
    public func periods(calendar: WorkingCalendar, now: Timestamp) throws(GridError) -> ReportPeriods {
        ReportPeriods(current: try range(calendar: calendar, now: now), calendar: calendar)
    }

    /// The fields of a `report` request (besides `id` and `op`).
    public static let fieldNames: Set<String> = ["unit", "category", "from", "to", "by", "register_limit"]

    /// Decodes the fields of a `report` request; unknown fields are refused by the caller.
    public init(decoding fields: FieldReader) throws(GridError) {
        self.init()
        unit = try fields.optionalUnit()
        category = try fields.optionalCategoryCode()
        from = try Self.bound(fields, "from")
        to = try Self.bound(fields, "to")
        if let text = try fields.optionalString("by") {
            guard let tier = Tier(name: text), Self.groupLevels.contains(tier) else {
                throw GridError(.invalidField, "by \(text.debugDescription) is not one of community, street, district")
            }
            groupBy = tier
        }
        if let limit = try fields.optionalInt("register_limit") {
            guard limit >= 0, limit <= Int64(Self.maxRegisterLimit) else {
                throw GridError(.invalidField, "register_limit must be between 0 and \(Self.maxRegisterLimit)")
            }
            registerLimit = Int(limit)
        }
    }

    /// A date (`2026-05-01`) or an RFC 3339 instant.
    public static func parseBound(_ text: String) -> Bound? {
        if let date = CivilDate(iso: text) { return .date(date) }
        if let instant = Timestamp(rfc3339: text) { return .instant(instant) }
        return nil
    }

    private static func bound(_ fields: FieldReader, _ name: String) throws(GridError) -> Bound? {
        guard let text = try fields.optionalString(name) else { return nil }
        guard let bound = parseBound(text) else {
            throw GridError(.invalidField, "\(name) \(text.debugDescription) is neither a date (2026-05-01) nor an RFC 3339 time")
        }
        return bound
    }

    /// The request fields for this query (what `gridctl report` sends).
    public var json: JSONObject {
        var object = JSONObject()
        if let unit { object["unit"] = .string(unit.rawValue) }
        if let category { object["category"] = .string(category) }
        for (name, bound) in [("from", from), ("to", to)] {
            switch bound {
            case .date(let date)?: object[name] = .string(date.description)
            case .instant(let instant)?: object[name] = .string(instant.description)
            case nil: break
            }
        }
        if let groupBy { object["by"] = .string(groupBy.name) }
        if registerLimit != Self.defaultRegisterLimit { object["register_limit"] = .int(Int64(registerLimit)) }
        return object
    }
}

/// A half-open time range [from, to): what "in the range" means for every metric.
public struct ReportRange: Sendable, Equatable {
    public var from: Timestamp
    public var to: Timestamp

    public init(from: Timestamp, to: Timestamp) {
        self.from = from
        self.to = to
    }

    public func contains(_ instant: Timestamp) -> Bool { from <= instant && instant < to }
}

/// Which incidents a report reads: those that happened in `unit` (by placement) and are of
/// `category`, and that can count in either period of `periods` (see `ReportRules.mayCount`).
/// What the store selects by.
public struct ReportScope: Sendable, Equatable {
    public var unit: UnitCode?
    public var category: String?
    public var periods: ReportPeriods

    public init(unit: UnitCode?, category: String?, periods: ReportPeriods) {
        self.unit = unit
        self.category = category
        self.periods = periods
    }

    /// A report of `range` with nothing to compare with.
    public init(unit: UnitCode?, category: String?, range: ReportRange) {
        self.init(unit: unit, category: category, periods: ReportPeriods(only: range))
    }

    /// Both periods: the incidents selected can count in this range.
    public var range: ReportRange { periods.span }
}
