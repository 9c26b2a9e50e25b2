import GridCore
import GridTesting
import XCTest

@testable import GridStore

/// `list --unit`, `list --category` and `status` read an index or a counter, not the history:
/// their cost must not grow with the table (`grid-bench growth`, docs/BENCHMARKS.md "How cost
/// grows": 6.6 s, 2.1 s and 7.6 s at 10,000,000 incidents before). A plan that scans or sorts
/// every incident a unit ever had passes every functional test and only shows at millions of rows.
final class FlatReadPlanTests: XCTestCase {
    /// A unit's list: each code's branch searched in its index newest first, merged, no sort —
    /// with the other filters (state, tier, category, paging) applied inside each branch.
    func testUnitListMergesOneIndexBranchPerCodeWithoutSorting() throws {
        let branches = IncidentQueries.UnitSource.all.map { IncidentQueries.UnitBranch(source: $0, code: "110105001") }
            + [IncidentQueries.UnitBranch(source: nil, code: "110105001")]
        for conditions in [[], ["state = ?", "tier = ?", "category = ?", "id < ?", "created_at < ?"], [IncidentQueries.openCondition]] {
            let plan = try queryPlan(IncidentQueries.unitListSQL(branches[...], conditions))
            XCTAssertTrue(plan.contains("MERGE (UNION)"), plan)
            XCTAssertTrue(plan.contains("INDEX incidents_unit (unit=?"), plan)
            XCTAssertEqual(plan.components(separatedBy: "INDEX incidents_community (community=?").count - 1, 2, plan)
            XCTAssertFalse(plan.contains("SCAN"), plan)
            XCTAssertFalse(plan.contains("TEMP B-TREE"), plan)
            XCTAssertFalse(plan.contains("MULTI-INDEX"), plan)
        }
    }

    /// The old form of the same condition, for the record: every incident of the unit, sorted.
    func testTheUnitConditionAsOneTermCollectsAndSortsEverything() throws {
        let (condition, _) = IncidentQueries.unitCondition(UnitCode("110105001")!)
        let plan = try queryPlan(IncidentQueries.listSQL([condition]))
        XCTAssertTrue(plan.contains("MULTI-INDEX OR") || plan.contains("SCAN incidents"), plan)
    }

    func testEachCodeOfAUnitIsOneSeek() throws {
        for source in IncidentQueries.UnitSource.all {
            let plan = try queryPlan(source.nextCode)
            XCTAssertTrue(plan.contains("SEARCH incidents USING COVERING INDEX \(source.index) ("), plan)
            XCTAssertFalse(plan.contains("SCAN"), plan)
            XCTAssertFalse(plan.contains("TEMP B-TREE"), plan)
        }
    }

    func testCategoryListReadsTheCategoryIndexNewestFirst() throws {
        for conditions in [["category = ?"], ["category = ?", "id < ?"], ["category = ?", "tier = ?"]] {
            let plan = try queryPlan(IncidentQueries.listSQL(conditions))
            XCTAssertTrue(plan.contains("SEARCH incidents USING INDEX incidents_category (category=?"), plan)
            XCTAssertFalse(plan.contains("TEMP B-TREE"), plan)
        }
    }

    /// A state's list still walks the state index (now with the tier in it) newest first.
    func testStateListStillWalksTheStateIndexInIDOrder() throws {
        let plan = try queryPlan(IncidentQueries.listSQL(["state = ?"]))
        XCTAssertTrue(plan.contains("INDEX incidents_state (state=?)"), plan)
        XCTAssertFalse(plan.contains("TEMP B-TREE"), plan)
    }

    /// `status`: the ranges of the states other than `closed` in the state index, and one seek
    /// each to the last incident and the last event — never the whole history.
    func testStatusCountsNeitherTheHistoryNorTheEvents() throws {
        let states = try queryPlan(IncidentQueries.stateCounts)
        XCTAssertEqual(states, "SEARCH incidents USING COVERING INDEX incidents_state (state=?)")
        for sql in [IncidentQueries.lastIncidentID, IncidentQueries.lastEventSeq] {
            let plan = try queryPlan(sql)
            XCTAssertFalse(plan.contains("SCAN"), plan)
            XCTAssertFalse(plan.contains("INDEX"), plan)
        }
    }
}
