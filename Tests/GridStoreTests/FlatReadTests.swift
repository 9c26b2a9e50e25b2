import GridCore
import GridTesting
import XCTest

@testable import GridStore

/// The flat reads return what the scanning ones did: a unit's list read branch by branch is the
/// list of its condition as one term (`IncidentQueries.unitCondition`, the old query), with every
/// other filter, at every level; the counts `status` reads from the state index and the last id
/// and seq are the tables' `count(*)`, after intake, moves, a rollback and a failed intake.
final class FlatReadTests: StoreTestCase {
    private static let districts = ["110105", "110108"]
    private static let streets = districts.flatMap { [$0 + "001", $0 + "002"] }
    private static let communities = streets.flatMap { [$0 + "001", $0 + "002"] }

    /// A small deterministic generator (the rows must be the same on every run).
    private struct Dice {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        mutating func roll(_ count: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(count))
        }
    }

    /// 240 incidents: placed in a community, or at a street, a district or the city (a fallback
    /// without a community); now at their placement, escalated up, or moved to another unit.
    private func seed() throws {
        var dice = Dice()
        let codes = Self.communities + Self.streets + Self.districts + ["110100"]
        let states: [IncidentState] = [.dispatched, .acknowledged, .resolved, .closed, .cancelled, .deferred]
        let done = Collector<Result<IntakeOutcome, StoreError>>()
        for number in 0..<240 {
            let placedAt = UnitCode(codes[dice.roll(codes.count)])!
            var unit = placedAt
            switch dice.roll(4) {
            case 0: unit = placedAt.parent ?? placedAt
            case 1: unit = UnitCode(codes[dice.roll(codes.count)])!
            default: break
            }
            var incident = Fixtures.bareIncident(
                unit: unit, category: ["0102", "0301", "0405"][dice.roll(3)], at: Fixtures.t0.adding(milliseconds: Int64(number) * 60_000))
            incident.key = "r\(number)"
            incident.state = states[dice.roll(states.count)]
            incident.placement = Placement.atUnit(placedAt, method: placedAt.tier == .community ? .community : .fallback)
            done.expect()
            store.submit(incident, event: Fixtures.event(for: incident), keyDigest: nil) { done.add($0) }
        }
        done.wait()
        XCTAssertEqual(done.all.filter { (try? $0.get()) == nil }.count, 0)
    }

    /// The ids the condition as one term selects (the query before the branches).
    private func oldIDs(_ filter: IncidentFilter, on connection: Connection) throws -> [Int64] {
        var (conditions, values) = IncidentQueries.terms(of: filter)
        if let unit = filter.unit {
            let (condition, unitValues) = IncidentQueries.unitCondition(unit)
            conditions.insert(condition, at: 0)
            values = unitValues + values
        }
        let where_ = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        let select = try connection.prepare("SELECT id FROM incidents\(where_) ORDER BY id DESC LIMIT ?")
        try select.bind(values + [.integer(Int64(filter.effectiveLimit))])
        var ids: [Int64] = []
        while try select.step() { ids.append(select.int64(at: 0)) }
        return ids
    }

    func testUnitListsAreTheOneTermConditionsAtEveryLevelWithEveryFilter() throws {
        try seed()
        let connection = try freshConnection(directory)
        defer { connection.close() }
        let units = (Self.communities + Self.streets + Self.districts + ["110100", "310101", "110105009001"]).map { UnitCode($0)! }
        let filters: [IncidentFilter] = [
            IncidentFilter(), IncidentFilter(limit: 3), IncidentFilter(state: .dispatched), IncidentFilter(openOnly: true),
            IncidentFilter(tier: .street), IncidentFilter(category: "0301"), IncidentFilter(beforeID: 120),
            IncidentFilter(createdBefore: Fixtures.t0.adding(milliseconds: 100 * 60_000), limit: 5),
            IncidentFilter(state: .closed, category: "0102", beforeID: 200, limit: 4),
        ]
        var nonEmpty = 0
        for unit in units {
            for var filter in filters {
                filter.unit = unit
                let expected = try oldIDs(filter, on: connection)
                XCTAssertEqual(try store.incidents(matching: filter).map(\.id), expected, "\(unit) \(filter)")
                if !expected.isEmpty { nonEmpty += 1 }
            }
        }
        XCTAssertGreaterThan(nonEmpty, 100, "the seed gives most lists something to find")
    }

    /// More codes than one statement takes (a city's): several statements, their newest merged.
    func testBranchesInSeveralStatementsMergeToTheSameList() throws {
        try seed()
        let connection = try freshConnection(directory)
        defer { connection.close() }
        for code in ["110100", "110105", "110108001"] {
            let filter = IncidentFilter(unit: UnitCode(code)!, limit: 17)
            let branches = try IncidentQueries.unitBranches(filter.unit!, on: connection)
            XCTAssertGreaterThan(branches.count, 2, code)
            let (conditions, values) = IncidentQueries.terms(of: filter)
            let found = try IncidentQueries.incidents(
                in: branches, conditions, values, limit: filter.effectiveLimit, perStatement: 2, on: connection)
            XCTAssertEqual(found.map(\.id), try oldIDs(filter, on: connection), code)
        }
    }

    /// `status` against counting every row, after moves between states and tiers, a rolled-back
    /// insert and update, and an intake refused by a constraint (its transaction rolled back).
    func testStatusCountsAreTheTablesCounts() throws {
        try seed()
        let connection = try freshConnection(directory)
        defer { connection.close() }
        try connection.execute("UPDATE incidents SET state = 'closed' WHERE id % 7 = 0 AND state <> 'closed'")
        try connection.execute("UPDATE incidents SET tier = 3, unit = district WHERE id % 5 = 0 AND district IS NOT NULL")
        try connection.execute("UPDATE incidents SET state = 'suspended' WHERE id % 11 = 0 AND state = 'deferred'")
        try connection.execute("""
            BEGIN;
            CREATE TEMP TABLE copy AS SELECT * FROM incidents WHERE id = 1;
            UPDATE copy SET id = NULL, key = NULL, key_uid = NULL, key_digest = NULL;
            INSERT INTO incidents SELECT * FROM copy;
            UPDATE incidents SET state = 'cancelled' WHERE id = 2;
            ROLLBACK;
            """)
        var bad = Fixtures.bareIncident()
        bad.category = ""  // CHECK (length(category) > 0): the batch rolls back
        XCTAssertThrowsError(try submitAndWait(store, bad).get())
        XCTAssertNoThrow(try submitAndWait(store, Fixtures.bareIncident()).get())

        let statistics = try store.statistics(now: Fixtures.t0)
        XCTAssertEqual(Int64(statistics.totalIncidents), try connection.scalarInt("SELECT count(*) FROM incidents"))
        for state in IncidentState.allCases {
            XCTAssertEqual(
                Int64(statistics.incidentsByState[state] ?? -1),
                try connection.scalarInt("SELECT count(*) FROM incidents WHERE state = '\(state.rawValue)'"), "\(state)")
        }
        for tier in Tier.allCases {
            XCTAssertEqual(
                Int64(statistics.openIncidentsByTier[tier] ?? -1),
                try connection.scalarInt("SELECT count(*) FROM incidents WHERE tier = \(tier.rawValue) AND \(IncidentQueries.openCondition)"))
            for state in IncidentState.allCases where state.isOpen {
                XCTAssertEqual(
                    Int64(statistics.openIncidentsByTierAndState[tier]?[state] ?? 0),
                    try connection.scalarInt("SELECT count(*) FROM incidents WHERE tier = \(tier.rawValue) AND state = '\(state.rawValue)'"))
            }
        }
        XCTAssertEqual(Int64(statistics.totalEvents), try connection.scalarInt("SELECT count(*) FROM events"))
        XCTAssertEqual(statistics.lastEventSeq, try connection.scalarInt("SELECT max(seq) FROM events"))
    }
}
