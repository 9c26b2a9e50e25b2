import GridCore

/// `list`'s SQL: the filter's conditions, and for a unit one index branch per code it holds,
/// merged newest first.
///
/// It exists because a unit's condition spans four columns (its unit, community, street and
/// district, each a prefix range): asked as one condition, SQLite collects every incident the unit
/// ever had (MULTI-INDEX OR) and sorts them all to keep the newest — 6.6 s at 10,000,000
/// incidents (docs/BENCHMARKS.md, "How cost grows"). Read instead as one branch per code present
/// in the range (found by a seek per code), each walking its index newest first, merged by id
/// (a compound SELECT's MERGE, which stops at the limit), a list reads about `limit` rows plus one
/// per code, however long the history.
extension IncidentQueries {
    /// Where the codes inside a unit are found: the column, and the index that holds it in id
    /// order within a code.
    struct UnitSource: Sendable {
        var column: String
        var index: String

        static let all = [
            UnitSource(column: "unit", index: "incidents_unit"), UnitSource(column: "community", index: "incidents_community"),
        ]

        /// The lowest code in [?, ?) of this source: one seek in its index.
        var nextCode: String {
            "SELECT \(column) FROM incidents INDEXED BY \(index) WHERE \(column) >= ? AND \(column) < ? ORDER BY \(column) LIMIT 1"
        }
    }

    /// One branch of a unit's list: the incidents whose `source.column` is `code`; or, without a
    /// source, those placed without a community (a fallback to a street or a district) whose
    /// street or district starts with `code` (the unit's prefix; bound twice as a range).
    struct UnitBranch: Sendable {
        var source: UnitSource?
        var code: String

        /// The branch's index and condition.
        var select: String {
            guard let source else {
                // `community IS NULL` is an equality on incidents_community: newest first, no sort.
                // These placements are few; the walk reads them until the branch has enough.
                return """
                    SELECT id FROM incidents INDEXED BY incidents_community WHERE community IS NULL \
                    AND ((street >= ? AND street < ?) OR (district >= ? AND district < ?))
                    """
            }
            return "SELECT id FROM incidents INDEXED BY \(source.index) WHERE \(source.column) = ?"
        }

        var values: [SQLValue] {
            guard source == nil else { return [.text(code)] }
            return [.text(code), .text(code + ":"), .text(code), .text(code + ":")]
        }
    }

    /// At most this many branches in one compound SELECT (SQLite allows 500); a unit with more
    /// codes (a city) is read in several statements whose newest are merged here.
    static let unitBranchesPerStatement = 100

    /// Codes are digits, so "starts with P" is the range [P, P + ":") (':' sorts right after '9').
    /// A city's units start with its first 4 digits.
    static func codeRange(_ unit: UnitCode) -> (low: String, high: String) {
        let prefix = unit.tier == .city ? String(unit.rawValue.prefix(4)) : unit.rawValue
        return (prefix, prefix + ":")
    }

    /// The unit's condition as one term (the lists served by a small partial index use it).
    static func unitCondition(_ unit: UnitCode) -> (String, [SQLValue]) {
        let (low, high) = codeRange(unit)
        let range = { (column: String) in "(\(column) >= ? AND \(column) < ?)" }
        let condition =
            "(\(range("unit")) OR \(range("community")) OR (community IS NULL AND (\(range("street")) OR \(range("district")))))"
        return (condition, Array(repeating: [SQLValue.text(low), .text(high)], count: 4).flatMap { $0 })
    }

    static func incidents(matching filter: IncidentFilter, on connection: Connection) throws(StoreError) -> [Incident] {
        let (conditions, values) = terms(of: filter)
        let limit = filter.effectiveLimit
        do {
            // The lights, requests and visits are read from partial indexes that hold few cases:
            // they stay the plan, the unit a condition on them.
            let small = filter.overdueOnly || filter.nearDeadline || filter.withOpenRequest || filter.toVisit
            if let unit = filter.unit, !small {
                let branches = try unitBranches(unit, on: connection)
                return try incidents(in: branches, conditions, values, limit: limit, on: connection)
            }
            var all = conditions
            var bound = values
            if let unit = filter.unit {
                let (condition, unitValues) = unitCondition(unit)
                all.insert(condition, at: 0)
                bound = unitValues + bound
            }
            let sql = listSQL(all, lit: filter.overdueOnly || filter.nearDeadline)
            return try rows(connection.cachedStatement(sql), bound + [.integer(Int64(limit))])
        } catch {
            throw StoreError(error)
        }
    }

    /// The SELECT of a list (not a unit's, see `unitListSQL`) with `conditions`; its last value the limit.
    static func listSQL(_ conditions: [String], lit: Bool = false) -> String {
        let sql = "SELECT \(IncidentRecords.incidentColumns) FROM incidents"
        let condition = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        guard lit else { return sql + condition + " ORDER BY id DESC LIMIT ?" }
        // The ids first, from the light index alone (the cases that are not green, not the
        // table), newest first; then only those rows are read.
        return sql + " WHERE id IN (SELECT id FROM incidents INDEXED BY incidents_light\(condition) ORDER BY id DESC LIMIT ?)"
            + " ORDER BY id DESC"
    }

    /// Every incident `select` returns with `values` bound.
    private static func rows(_ select: Statement, _ values: [SQLValue]) throws -> [Incident] {
        defer { select.reset() }
        try select.bind(values)
        var incidents: [Incident] = []
        while try select.step() { incidents.append(try IncidentRecords.incident(from: select)) }
        return incidents
    }

    /// The branches of `unit`'s list: every code inside it in each source, one index seek per code
    /// (a loose index scan: the codes present, however many incidents each holds).
    static func unitBranches(_ unit: UnitCode, on connection: Connection) throws -> [UnitBranch] {
        let (low, high) = codeRange(unit)
        var branches: [UnitBranch] = []
        // A community's code is longer than any street's or district's: no fallback is inside it.
        if unit.tier != .community { branches.append(UnitBranch(source: nil, code: low)) }
        for source in UnitSource.all {
            let next = try connection.cachedStatement(source.nextCode)
            defer { next.reset() }
            var from = low
            while true {
                next.reset()
                try next.bind([.text(from), .text(high)])
                guard try next.step(), let code = next.string(at: 0) else { break }
                branches.append(UnitBranch(source: source, code: code))
                // The next code up: every code above this one is at or above it + "0" (digits only).
                from = code + "0"
            }
        }
        return branches
    }

    /// The SELECT of one statement's branches, each with `conditions`: binds each branch's code
    /// and `conditions`' values in turn, then the limit.
    static func unitListSQL(_ branches: ArraySlice<UnitBranch>, _ conditions: [String]) -> String {
        let rest = conditions.map { " AND " + $0 }.joined()
        let arms = branches.map { $0.select + rest }
        return """
            SELECT \(IncidentRecords.incidentColumns) FROM incidents WHERE id IN \
            (\(arms.joined(separator: " UNION ")) ORDER BY 1 DESC LIMIT ?) ORDER BY id DESC
            """
    }

    /// The newest `limit` incidents of `branches` meeting `conditions`.
    static func incidents(
        in branches: [UnitBranch], _ conditions: [String], _ values: [SQLValue], limit: Int,
        perStatement: Int = unitBranchesPerStatement, on connection: Connection
    ) throws -> [Incident] {
        var found: [Incident] = []
        var start = 0
        while start < branches.count {
            let part = branches[start..<min(start + perStatement, branches.count)]
            let bound = part.flatMap { $0.values + values } + [.integer(Int64(limit))]
            // Not cached: the text varies with the number of codes.
            found += try rows(connection.prepare(unitListSQL(part, conditions)), bound)
            start += perStatement
        }
        guard branches.count > perStatement else { return found }
        var seen = Set<Int64>()
        return Array(found.sorted { $0.id > $1.id }.filter { seen.insert($0.id).inserted }.prefix(limit))
    }

    /// The filter's conditions other than the unit's, with their values in order.
    static func terms(of filter: IncidentFilter) -> (conditions: [String], values: [SQLValue]) {
        var conditions: [String] = []
        var values: [SQLValue] = []
        func add(_ condition: String, _ bound: SQLValue...) {
            conditions.append(condition)
            values += bound
        }
        if let state = filter.state { add("state = ?", .text(state.rawValue)) }
        if filter.openOnly { add(openCondition) }
        if let tier = filter.tier { add("tier = ?", .integer(Int64(tier.rawValue))) }
        if let category = filter.category { add("category = ?", .text(category)) }
        // The lights depend on now: they are found through `incidents_light`, which holds only the
        // cases that can have one, keyed by when they stop being green.
        let now = SQLValue.integer(filter.now.milliseconds)
        if filter.overdueOnly { add("(\(redCondition))", now, now) }
        if filter.nearDeadline { add("(\(yellowCondition))", now, now, now) }
        if filter.withOpenRequest { add("request IS NOT NULL") }
        if filter.toVisit { add(SchemaV5Loop.toVisitCondition) }
        if let window = filter.window { add("window = ?", .text(window.rawValue)) }
        if let since = filter.createdSince { add("created_at >= ?", .integer(since.milliseconds)) }
        if let before = filter.createdBefore { add("created_at < ?", .integer(before.milliseconds)) }
        if let beforeID = filter.beforeID { add("id < ?", .integer(beforeID)) }
        return (conditions, values)
    }
}
