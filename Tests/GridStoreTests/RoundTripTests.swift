import GridCore
import XCTest

@testable import GridStore

final class RoundTripTests: XCTestCase {
    func testIncidentWithEveryFieldSetRoundTrips() throws {
        let directory = TemporaryDirectory()
        let store = try openStore(directory)
        defer { store.close() }
        let incident = Fixtures.fullIncident()
        var detail = JSONObject()
        detail["method"] = "location"
        detail["reason"] = "坐标在网格边界附近"
        detail["nested"] = ["list": [1, 2.5, "三", true, nil], "empty": [:]]
        var event = Fixtures.event(for: incident, detail: detail)
        event.due = Fixtures.t0.adding(milliseconds: -5)
        event.note = "请尽快处理"
        event.actor = Actor(uid: 4_000_000_000, name: "调度员", pid: Int32.max)

        let outcome = try submitAndWait(store, incident, event: event).get()
        XCTAssertTrue(outcome.created)
        XCTAssertGreaterThan(outcome.incident.id, 0)
        var expected = incident
        expected.id = outcome.incident.id
        XCTAssertEqual(outcome.incident, expected)
        XCTAssertEqual(try store.incident(id: expected.id), expected)

        var expectedEvent = event
        expectedEvent.incidentID = expected.id
        expectedEvent.seq = try XCTUnwrap(outcome.event?.seq)
        XCTAssertEqual(outcome.event, expectedEvent)
        XCTAssertEqual(try store.events(incidentID: expected.id), [expectedEvent])
    }

    func testIncidentWithEveryOptionalNilRoundTrips() throws {
        let directory = TemporaryDirectory()
        let store = try openStore(directory)
        defer { store.close() }
        let incident = Fixtures.bareIncident()
        let event = Fixtures.event(for: incident)
        let outcome = try submitAndWait(store, incident, event: event).get()
        var expected = incident
        expected.id = outcome.incident.id
        XCTAssertEqual(try store.incident(id: expected.id), expected)
        let events = try store.events(incidentID: expected.id)
        XCTAssertEqual(events.count, 1)
        XCTAssertNil(events[0].due)
        XCTAssertNil(events[0].note)
        XCTAssertNil(events[0].actor.name)
        XCTAssertNil(events[0].actor.pid)
        XCTAssertEqual(events[0].detail, JSONObject())
        XCTAssertNil(try store.incident(id: expected.id + 1))
        XCTAssertEqual(try store.events(incidentID: expected.id + 1), [])
    }

    func testEmptyStringsStayEmptyNotNull() throws {
        let directory = TemporaryDirectory()
        let store = try openStore(directory)
        defer { store.close() }
        var incident = Fixtures.bareIncident()
        incident.title = ""
        incident.reporter = Report.Reporter(name: "", phone: nil)
        let outcome = try submitAndWait(store, incident).get()
        let stored = try XCTUnwrap(try store.incident(id: outcome.incident.id))
        XCTAssertEqual(stored.title, "")
        XCTAssertEqual(stored.reporter, Report.Reporter(name: "", phone: nil))
        XCTAssertNil(stored.description)
    }

    func testEventsComeBackInOrder() throws {
        let directory = TemporaryDirectory()
        let store = try openStore(directory)
        defer { store.close() }
        let outcome = try submitAndWait(store, Fixtures.fullIncident()).get()
        let collector = Collector<Result<IncidentEvent, StoreError>>()
        for (offset, kind) in [IncidentEvent.Kind.acknowledged, .note, .resolved].enumerated() {
            collector.expect()
            var event = Fixtures.event(for: outcome.incident)
            event.incidentID = outcome.incident.id
            event.kind = kind
            event.at = Fixtures.t0.adding(milliseconds: Int64(offset + 1) * 1000)
            let recorded = event
            store.write({ context in try IncidentQueries.append(recorded, in: context) }) { collector.add($0) }
        }
        collector.wait()
        let kinds = try store.events(incidentID: outcome.incident.id).map(\.kind)
        XCTAssertEqual(kinds, [.dispatched, .acknowledged, .note, .resolved])
    }
}
