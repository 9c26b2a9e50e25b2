import GridCore
import XCTest

@testable import GridStore

final class FilterTests: StoreTestCase {
    private var ids: [String: Int64] = [:]

    override func setUpWithError() throws {
        try super.setUpWithError()
        // name, unit (current), placement community, state, category, minutes after t0
        let rows: [(String, UnitCode, UnitCode?, IncidentState, String, Int64)] = [
            ("a", Fixtures.community, Fixtures.community, .dispatched, "0102", 0),
            ("b", Fixtures.otherCommunity, Fixtures.otherCommunity, .acknowledged, "0102", 1),
            ("c", Fixtures.street, Fixtures.community, .dispatched, "0301", 2),  // escalated to the street
            ("d", Fixtures.district, Fixtures.otherCommunity, .closed, "0102", 3),  // escalated to the district
            ("e", UnitCode("110108002003")!, UnitCode("110108002003")!, .cancelled, "0301", 4),
            ("f", Fixtures.otherDistrict, nil, .deferred, "0102", 5),  // fallback unit, no placement
        ]
        for (name, unit, community, state, category, minutes) in rows {
            var incident = Fixtures.bareIncident(
                unit: unit, category: category, at: Fixtures.t0.adding(milliseconds: minutes * 60_000))
            incident.key = name
            incident.state = state
            incident.placement = community.map { Placement.atUnit($0, method: .community) } ?? Placement.atUnit(unit, method: .fallback)
            ids[name] = try submitAndWait(store, incident).get().incident.id
        }
    }

    func testNoFilterListsNewestFirst() throws {
        XCTAssertEqual(try store.keys(IncidentFilter()), ["f", "e", "d", "c", "b", "a"])
    }

    func testStateTierCategoryAndOpen() throws {
        XCTAssertEqual(try store.keys(IncidentFilter(state: .dispatched)), ["c", "a"])
        XCTAssertEqual(try store.keys(IncidentFilter(tier: .street)), ["c"])
        XCTAssertEqual(try store.keys(IncidentFilter(tier: .district)), ["f", "d"])
        XCTAssertEqual(try store.keys(IncidentFilter(category: "0301")), ["e", "c"])
        XCTAssertEqual(try store.keys(IncidentFilter(openOnly: true)), ["f", "c", "b", "a"])
        XCTAssertEqual(try store.keys(IncidentFilter(state: .dispatched, category: "0102")), ["a"])
        XCTAssertEqual(try store.keys(IncidentFilter(state: .resolved)), [])
    }

    func testUnitMatchesEveryLevelAndThePlacement() throws {
        // A community: its own incident, and the one escalated from it to the street.
        XCTAssertEqual(try store.keys(IncidentFilter(unit: Fixtures.community)), ["c", "a"])
        // The other community: its incident, and the one escalated from it to the district.
        XCTAssertEqual(try store.keys(IncidentFilter(unit: Fixtures.otherCommunity)), ["d", "b"])
        // The street 110105001 holds community …001002 only (…003004 is in street 110105003).
        XCTAssertEqual(try store.keys(IncidentFilter(unit: Fixtures.street)), ["c", "a"])
        XCTAssertEqual(try store.keys(IncidentFilter(unit: UnitCode("110105003")!)), ["d", "b"])
        XCTAssertEqual(try store.keys(IncidentFilter(unit: Fixtures.district)), ["d", "c", "b", "a"])
        XCTAssertEqual(try store.keys(IncidentFilter(unit: Fixtures.otherDistrict)), ["f", "e"])
        // The city 110100 contains both districts.
        XCTAssertEqual(try store.keys(IncidentFilter(unit: UnitCode("110100")!)), ["f", "e", "d", "c", "b", "a"])
        XCTAssertEqual(try store.keys(IncidentFilter(unit: UnitCode("310101")!)), [])
    }

    func testTimeRangeLimitAndPaging() throws {
        let since = Fixtures.t0.adding(milliseconds: 2 * 60_000)
        let before = Fixtures.t0.adding(milliseconds: 4 * 60_000)
        XCTAssertEqual(try store.keys(IncidentFilter(createdSince: since, createdBefore: before)), ["d", "c"])
        let firstPage = try store.incidents(matching: IncidentFilter(limit: 4))
        XCTAssertEqual(firstPage.map(\.key), ["f", "e", "d", "c"])
        let secondPage = try store.keys(IncidentFilter(beforeID: firstPage.last!.id, limit: 4))
        XCTAssertEqual(secondPage, ["b", "a"])
        XCTAssertEqual(IncidentFilter(limit: 0).effectiveLimit, 1)
        XCTAssertEqual(IncidentFilter(limit: 1_000_000).effectiveLimit, IncidentFilter.maximumLimit)
        XCTAssertEqual(IncidentFilter().effectiveLimit, 100)
    }

    func testStatisticsCountStatesAndOpenTiers() throws {
        let statistics = try store.statistics(now: Fixtures.t0)
        XCTAssertEqual(statistics.totalIncidents, 6)
        XCTAssertEqual(statistics.incidentsByState[.dispatched], 2)
        XCTAssertEqual(statistics.incidentsByState[.closed], 1)
        XCTAssertEqual(statistics.incidentsByState[.resolved], 0)
        XCTAssertEqual(statistics.openIncidentsByTier, [.community: 2, .street: 1, .district: 1, .city: 0])
        XCTAssertEqual(statistics.openIncidents, 4)
        XCTAssertEqual(statistics.totalEvents, 6)
        XCTAssertEqual(statistics.lastIncidentID, ids["f"])
        XCTAssertGreaterThan(statistics.databaseBytes, 0)
        XCTAssertEqual(statistics.schemaVersion, Migration.supportedVersion)
    }
}
