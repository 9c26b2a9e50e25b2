import XCTest

@testable import GridCore

/// The model of the loop's steps (issue 14): the new states and what is open, the lights of the
/// new states, the stored form of a request, and how `CaseWindows` reads the new events.
final class LoopModelTests: XCTestCase {
    typealias F = LifecycleFixtures

    func testNewStatesAreOpenOrFinalAndSpeakChinese() {
        XCTAssertTrue(IncidentState.reported.isOpen)
        XCTAssertTrue(IncidentState.suspended.isOpen)
        XCTAssertFalse(IncidentState.rejected.isOpen, "不予立案 is final")
        XCTAssertEqual(
            IncidentState.allCases.map(\.chineseName),
            ["待立案", "待受理", "处置中", "待核查", "已结案", "已撤销", "缓办", "不予立案", "挂账"])
        XCTAssertEqual(Channel(rawValue: "hotline"), .hotline)
        XCTAssertEqual(Channel.allCases.filter(\.isVisited), [.resident, .hotline])
        XCTAssertEqual(IncidentEvent.Kind(rawValue: "escalated_by_hand"), .escalatedByHand)
    }

    func testLightsOfTheNewStates() {
        var incident = F.open()
        let later = F.time("2026-12-05T09:00:00+08:00")  // past its case deadline
        incident.state = .suspended
        XCTAssertEqual(CaseLight.of(incident, at: later), .paused, "挂账 stops the clocks like 缓办")
        incident.state = .rejected
        XCTAssertNil(CaseLight.of(incident, at: later))
        // A waiting report has no case deadline yet: only a miss or a warning of its register window.
        incident.state = .reported
        incident.timers = IncidentTimers()
        XCTAssertEqual(CaseLight.of(incident, at: later), .green)
        incident.timers.warned = true
        XCTAssertEqual(CaseLight.of(incident, at: later), .yellow)
        incident.timers.missedWindows = 1
        XCTAssertEqual(CaseLight.of(incident, at: later), .red)
    }

    func testARequestsStoredFormRoundTrips() throws {
        let extend = CaseRequest(
            kind: .extend, by: .workingDays(2), note: "等待材料", requestedBy: Actor(uid: 1001, name: "wang", pid: 42),
            at: F.time("2026-11-30T10:00:00+08:00"))
        XCTAssertNil(extend.requestedBy.pid, "who asked, not the process")
        XCTAssertEqual(
            extend.json.serialized(),
            #"{"kind":"extend","by":"2wd","note":"等待材料","uid":1001,"name":"wang","at":1796004000000}"#)
        XCTAssertEqual(CaseRequest(json: extend.json), extend)
        let until = CaseRequest(kind: .defer, until: F.time("2026-12-01T09:00:00+08:00"), note: "雨天", requestedBy: Actor(uid: 7), at: F.time("2026-11-30T10:00:00+08:00"))
        XCTAssertEqual(CaseRequest(json: until.json), until)
        XCTAssertEqual(CaseRequest.Kind.allCases.map(\.chineseName), ["延期", "缓办", "挂账"])
        XCTAssertNil(CaseRequest(json: ["kind": "later", "note": "x", "uid": 1, "at": 1]))
        XCTAssertNil(CaseRequest(json: ["kind": "extend", "by": "soon", "note": "x", "uid": 1, "at": 1]))
        XCTAssertNil(CaseRequest(json: ["kind": "extend", "note": "x", "uid": -1, "at": 1]))
    }

    /// 主动上报 ends the holder's window without a miss and starts the next tier's; 立案 starts the
    /// ack window like a dispatch; 不予立案 within the register window meets it.
    func testCaseWindowsReadTheNewEvents() {
        let t0 = F.time("2026-11-30T09:00:00+08:00")
        let t1 = t0.adding(milliseconds: 600_000)
        let street = F.cell.community.parent!
        func event(_ kind: IncidentEvent.Kind, _ at: Timestamp, _ tier: Tier, _ unit: UnitCode, _ detail: JSONObject = JSONObject()) -> IncidentEvent {
            IncidentEvent(kind: kind, at: at, tier: tier, unit: unit, actor: .system, detail: detail)
        }
        let community = F.cell.community
        let handedUp = CaseWindows.from(events: [
            event(.registered, t0, .community, community, ["ack_due": .string(t1.description)]),
            event(.escalatedByHand, t0.adding(milliseconds: 60_000), .street, street, ["next_due": .string(t1.description)]),
        ])
        XCTAssertEqual(handedUp.windows.map(\.outcome), [.ended, .running])
        XCTAssertEqual(handedUp.windows.map(\.unit), [community, street])
        XCTAssertEqual(handedUp.windows.first?.due, t1)
        XCTAssertEqual(handedUp.charges, [], "a hand-over is not 超期")

        let city = UnitCode("320500")!
        let rejected = CaseWindows.from(events: [
            event(.reported, t0, .community, community, ["register_due": .string(t1.description), "register_unit": "320500"]),
            event(.rejected, t0.adding(milliseconds: 60_000), .community, community),
        ])
        XCTAssertEqual(rejected.windows.map(\.window), [.register])
        XCTAssertEqual(rejected.windows.map(\.unit), [city], "the centre holds the register window")
        XCTAssertEqual(rejected.windows.map(\.outcome), [.met], "decided within it")
    }

    /// `show`, `list` and `--json` carry the new fields.
    func testTheWireCarriesTheLoopFields() {
        var incident = F.open()
        incident.channel = .resident
        incident.supervisedCount = 2
        incident.visit = .satisfied
        incident.request = CaseRequest(
            kind: .extend, by: .calendar(4 * 3_600_000), note: "等待材料", requestedBy: Actor(uid: 1001, name: "wang"),
            at: F.time("2026-11-30T10:00:00+08:00"))
        let wire = IncidentWire(unitName: { _ in nil }, categoryName: { _ in nil }, utcOffset: { _ in 8 * 3600 })
        let object = wire.encode(incident, now: F.time("2026-11-30T10:00:00+08:00")).objectValue
        XCTAssertEqual(object?["channel"], "resident")
        XCTAssertEqual(object?["registered_at"], "2026-11-30T09:00:00.000+08:00", "registered at once by intake")
        XCTAssertEqual(object?["supervised"], 2)
        XCTAssertEqual(object?["visit_result"], "satisfied")
        XCTAssertEqual(
            object?["request"],
            ["kind": "extend", "by": "4h", "note": "等待材料", "requested_by": ["uid": 1001, "name": "wang"], "at": "2026-11-30T10:00:00.000+08:00"])
        incident.request = nil
        XCTAssertEqual(wire.encode(incident, now: incident.createdAt).objectValue?["request"], .null)
    }
}
