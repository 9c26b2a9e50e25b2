import GridCore
import XCTest

@testable import GridStore

/// The columns of schema version 5 round-trip through the store: channel, 立案 time, the open
/// request (each kind, with and without its duration or end), the 督办 count and the 回访 result;
/// an update writes them; a row edited by hand into something that is not a request is reported.
final class LoopColumnsTests: XCTestCase {
    func testTheLoopFieldsRoundTripAndUpdate() throws {
        let directory = TemporaryDirectory()
        let store = try openStore(directory)
        defer { store.close() }
        var incident = Fixtures.fullIncident()
        incident.state = .reported
        incident.channel = .hotline
        incident.registeredAt = nil
        incident.request = CaseRequest(
            kind: .extend, by: .workingDays(2), note: "等待材料", requestedBy: Actor(uid: 1001, name: "李四", pid: 9),
            at: Fixtures.t0.adding(milliseconds: 5))
        incident.supervisedCount = 3
        incident.visit = .basic
        let outcome = try submitAndWait(store, incident).get()
        var expected = incident
        expected.id = outcome.incident.id
        expected.request?.requestedBy = Actor(uid: 1001, name: "李四")
        XCTAssertEqual(try store.incident(id: expected.id), expected, "the request keeps who asked, not their pid")

        for request in [
            CaseRequest(kind: .defer, until: Fixtures.t0.adding(milliseconds: 3_600_000), note: "雨天", requestedBy: Actor(uid: 1002), at: Fixtures.t0),
            CaseRequest(kind: .defer, note: "等待", requestedBy: Actor(uid: 1002), at: Fixtures.t0),
            CaseRequest(kind: .suspend, note: "涉法涉诉", requestedBy: Actor(uid: 1003, name: "王五"), at: Fixtures.t0),
        ] {
            var bare = Fixtures.bareIncident()
            bare.request = request
            bare.channel = .department
            bare.registeredAt = Fixtures.t0
            let stored = try submitAndWait(store, bare).get().incident
            XCTAssertEqual(try store.incident(id: stored.id)?.request, request)
            XCTAssertEqual(try store.incident(id: stored.id)?.channel, .department)
        }

        let bare = try submitAndWait(store, Fixtures.bareIncident()).get().incident
        XCTAssertEqual(bare.channel, .other)
        XCTAssertNil(try store.incident(id: bare.id)?.request)

        // A hand-edited request that does not decode is reported, not trapped on.
        let connection = try freshConnection(directory)
        try connection.execute(#"UPDATE incidents SET request = '{"kind":"defer"}' WHERE id = \#(bare.id)"#)
        XCTAssertThrowsError(try store.incident(id: bare.id)) { error in
            XCTAssertTrue("\(error)".contains("column request"), "\(error)")
        }
    }

    func testATransitionWritesTheLoopColumns() throws {
        let directory = TemporaryDirectory()
        let store = try openStore(directory)
        defer { store.close() }
        let stored = try submitAndWait(store, Fixtures.bareIncident()).get().incident
        var next = stored
        next.version += 1
        next.supervisedCount = 1
        next.visit = .unsatisfied
        next.request = CaseRequest(kind: .suspend, note: "挂账", requestedBy: Actor(uid: 7), at: Fixtures.t0)
        let prepared = try PreparedTransition(from: stored, to: IncidentTransition(incident: next, events: []))
        let collector = Collector<[Result<TransitionOutcome, StoreError>]>()
        collector.expect()
        store.apply([prepared]) { collector.add($0) }
        collector.wait()
        XCTAssertNoThrow(try collector.all.first?.first?.get())
        XCTAssertEqual(try store.incident(id: stored.id), next)
    }
}
