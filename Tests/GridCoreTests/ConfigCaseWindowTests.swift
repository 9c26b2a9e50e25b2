import XCTest

@testable import GridCore

/// `Case=` (案件处置时限) in `[Policy]` and `[Policy CODE]`: by priority only, the category's own
/// section first, into the snapshot; a tier qualifier is refused with the reason.
final class ConfigCaseWindowTests: XCTestCase, ConfigSnippetTesting {
    static let base = ConfigPolicyTests.base

    func testPrecedenceByCategoryThenPriority() throws {
        let policy = try XCTUnwrap(config("""
            [Policy]
            Ack=2wh
            Resolve=2wd
            Case=3wd
            Case.urgent=1wd
            [Policy 0401]
            Case=6h
            """)?.policy)
        XCTAssertEqual(policy.caseWindow(category: "0102", priority: .normal), .workingDays(3))
        XCTAssertEqual(policy.caseWindow(category: "0102", priority: .urgent), .workingDays(1))
        XCTAssertEqual(policy.caseWindow(category: "0401", priority: .urgent), .calendar(6 * 3_600_000), "its own section wins")
        let snapshot = policy.snapshot(category: ConfigPolicyTests.category0102, priority: .low)
        XCTAssertEqual(snapshot.caseWindow, .workingDays(3))
        XCTAssertEqual(snapshot.json.objectValue?["case"], "3wd")
    }

    func testUnsetIsTheDefaultAndAnEmptyValueResets() throws {
        let policy = try XCTUnwrap(config("[Policy]\nAck=2wh\nResolve=2wd\nCase=1wd\nCase=")?.policy)
        XCTAssertNil(policy.caseWindow(category: "0102", priority: .normal))
        let snapshot = policy.snapshot(category: ConfigPolicyTests.category0102, priority: .normal)
        XCTAssertNil(snapshot.caseWindow)
        XCTAssertEqual(snapshot.json.objectValue?["case"], "ack+resolve")
        XCTAssertEqual(IncidentPolicy(json: snapshot.json), snapshot)
    }

    func testATierQualifierAndBadValuesAreRefused() {
        XCTAssertEqual(problems("[Policy]\nAck=2wh\nResolve=2wd\nCase.street=1wd\nCase.district.urgent=4h\nCase=0h\nCase.soon=1d"), [
            "c.conf:16: Case.street= in [Policy]: the case deadline (案件处置时限) runs from registration to resolve at whatever tier holds the case, so it takes no tier (street); write Case=",
            "c.conf:17: Case.district.urgent= in [Policy]: the case deadline (案件处置时限) runs from registration to resolve at whatever tier holds the case, so it takes no tier (district); write Case.urgent=",
            "c.conf:18: Case=0h: expected a duration greater than zero",
            "c.conf:19: unknown key Case.soon= in [Policy]: \"soon\" is neither a tier (community, street, district, city) nor a priority (urgent, normal, low)",
        ])
    }

    func testSnapshotsWithoutTheKeyReadAsTheDefault() throws {
        var json = try XCTUnwrap(LifecycleFixtures.workingPolicy.json.objectValue)
        json["case"] = nil
        let old = try XCTUnwrap(IncidentPolicy(json: .object(json)), "a snapshot from before Case=")
        XCTAssertNil(old.caseWindow)
        json["case"] = "2wd"
        XCTAssertEqual(IncidentPolicy(json: .object(json))?.caseWindow, .workingDays(2))
        json["case"] = "soon"
        XCTAssertNil(IncidentPolicy(json: .object(json)), "not a duration: not a snapshot")
    }
}
