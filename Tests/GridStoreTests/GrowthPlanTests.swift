import GridTesting
import XCTest

@testable import GridStore

/// The lookups every request makes — intake's idempotency check, `show`'s row and its timeline —
/// search an index: their cost must not grow with the table (`grid-bench growth`,
/// docs/BENCHMARKS.md "How cost grows"). A plan that scans would pass every functional test and
/// only show at millions of rows.
final class GrowthPlanTests: XCTestCase {
    func testIntakeKeyLookupSearchesTheKeyIndex() throws {
        let plan = try queryPlan(IncidentQueries.incidentByKey)
        XCTAssertTrue(plan.contains("SEARCH incidents USING INDEX incidents_key"), plan)
        XCTAssertFalse(plan.contains("SCAN"), plan)
    }

    func testShowReadsTheRowByItsID() throws {
        let plan = try queryPlan(IncidentQueries.incidentByID)
        XCTAssertTrue(plan.contains("SEARCH incidents USING INTEGER PRIMARY KEY"), plan)
        XCTAssertFalse(plan.contains("SCAN"), plan)
    }

    func testShowReadsTheTimelineFromTheEventIndexWithoutSorting() throws {
        let plan = try queryPlan(IncidentQueries.eventsOfIncident)
        XCTAssertTrue(plan.contains("SEARCH events USING INDEX events_incident"), plan)
        XCTAssertFalse(plan.contains("SCAN"), plan)
        XCTAssertFalse(plan.contains("TEMP B-TREE"), plan)
    }
}
