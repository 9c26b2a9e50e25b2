import CSQLite
import GridCore
import XCTest

@testable import GridStore

/// The policy snapshot and every field of the timers survive a write and a read, and the derived
/// next-timer columns follow `IncidentTimers.nextTimer`.
final class TimerRoundTripTests: XCTestCase {
    private func roundTrip(_ incident: Incident, file: StaticString = #filePath, line: UInt = #line) throws -> Int64 {
        let directory = TemporaryDirectory()
        let store = try openStore(directory)
        defer { store.close() }
        let outcome = try submitAndWait(store, incident).get()
        var expected = incident
        expected.id = outcome.incident.id
        XCTAssertEqual(outcome.incident, expected, file: file, line: line)
        let stored = try store.incident(id: expected.id)
        XCTAssertEqual(stored, expected, file: file, line: line)
        XCTAssertEqual(stored?.policy, incident.policy, file: file, line: line)
        XCTAssertEqual(stored?.timers, incident.timers, file: file, line: line)
        // The derived columns.
        let connection = try freshConnection(directory)
        let row = try connection.prepare("SELECT next_timer_at, next_timer_kind FROM incidents WHERE id = \(expected.id)")
        XCTAssertTrue(try row.step())
        XCTAssertEqual(row.optionalInt64(at: 0), incident.timers.nextTimer?.at.milliseconds, file: file, line: line)
        XCTAssertEqual(row.string(at: 1), incident.timers.nextTimer?.kind.rawValue, file: file, line: line)
        return expected.id
    }

    func testEveryTimerFieldSetRoundTrips() throws {
        var incident = Fixtures.fullIncident()
        incident.timers = IncidentTimers(
            window: .resolve, windowStartedAt: Fixtures.t0.adding(milliseconds: 1),
            dueAt: Fixtures.t0.adding(milliseconds: 86_400_000), warnAt: Fixtures.t0.adding(milliseconds: 3_600_123),
            warned: true, overdue: true, nextReminderAt: Fixtures.t0.adding(milliseconds: 2 * 86_400_000),
            paused: IncidentTimers.Paused(
                window: .verify, remaining: .working(5_400_123), warningRemaining: .workingDays(2), state: .resolved),
            resolvedOnTime: false, reopenCount: 3)
        _ = try roundTrip(incident)
    }

    func testEveryTimerFieldNilRoundTrips() throws {
        var incident = Fixtures.bareIncident()
        incident.timers = IncidentTimers()
        XCTAssertNil(incident.timers.nextTimer)
        _ = try roundTrip(incident)
    }

    func testPausedWithoutWarningAndResolvedOnTime() throws {
        var incident = Fixtures.bareIncident()
        incident.state = .deferred
        incident.policy = Fixtures.policy
        incident.timers = IncidentTimers(
            paused: IncidentTimers.Paused(window: .ack, remaining: .calendar(0), warningRemaining: nil, state: .dispatched),
            resolvedOnTime: true, reopenCount: 0)
        _ = try roundTrip(incident)
    }

    func testEveryWindowAndTimerKindRoundTrips() throws {
        for window in IncidentTimers.Window.allCases {
            var incident = Fixtures.fullIncident(key: nil)
            incident.timers.window = window
            _ = try roundTrip(incident)
        }
        let t = Fixtures.t0
        let cases: [(IncidentTimers, PendingTimer.Kind)] = [
            (IncidentTimers(window: .ack, dueAt: t.adding(milliseconds: 100), warnAt: t.adding(milliseconds: 50)), .warning),
            (IncidentTimers(window: .ack, dueAt: t.adding(milliseconds: 100), warned: true), .windowEnd),
            (IncidentTimers(window: .resolve, dueAt: t, overdue: true, nextReminderAt: t.adding(milliseconds: 9)), .reminder),
        ]
        for (timers, kind) in cases {
            XCTAssertEqual(timers.nextTimer?.kind, kind)
            var incident = Fixtures.bareIncident()
            incident.timers = timers
            _ = try roundTrip(incident)
        }
    }

    func testPolicyIsStoredReadably() throws {
        let directory = TemporaryDirectory()
        let store = try openStore(directory)
        defer { store.close() }
        let outcome = try submitAndWait(store, Fixtures.fullIncident()).get()
        let connection = try freshConnection(directory)
        let row = try connection.prepare("""
            SELECT json_extract(policy, '$.windows.community.ack'), json_extract(policy, '$.windows.community.resolve'),
                   json_extract(policy, '$.top_tier'), json_extract(policy, '$.warning_fraction')
            FROM incidents WHERE id = \(outcome.incident.id)
            """)
        XCTAssertTrue(try row.step())
        XCTAssertEqual(row.string(at: 0), "2wh")
        XCTAssertEqual(row.string(at: 1), "3wd")
        XCTAssertEqual(row.string(at: 2), "district")
        XCTAssertEqual(row.double(at: 3), 0.75)
    }

    func testPausedIsStoredReadably() throws {
        let directory = TemporaryDirectory()
        let store = try openStore(directory)
        defer { store.close() }
        var incident = Fixtures.bareIncident()
        incident.state = .deferred
        incident.timers = IncidentTimers(
            paused: IncidentTimers.Paused(
                window: .resolve, remaining: .working(5_400_000), warningRemaining: .working(1_200_000),
                state: .acknowledged))
        let id = try submitAndWait(store, incident).get().incident.id
        XCTAssertEqual(
            try freshConnection(directory).strings("SELECT paused FROM incidents WHERE id = \(id)"),
            [#"{"window":"resolve","remaining":"1wh30wmin","warning_remaining":"20wmin","state":"acknowledged"}"#])
    }

    /// A hand-edited row that does not decode is reported, not trapped on.
    func testBadTimerColumnsAreInvalidData() throws {
        let directory = TemporaryDirectory()
        let store = try openStore(directory)
        defer { store.close() }
        let id = try submitAndWait(store, Fixtures.fullIncident()).get().incident.id
        let connection = try freshConnection(directory)
        try connection.execute(#"UPDATE incidents SET paused = '{"window":"ack"}' WHERE id = \#(id)"#)
        XCTAssertThrowsError(try store.incident(id: id)) { error in
            guard case .invalidData(let message) = error as? StoreError else { return XCTFail("\(error)") }
            XCTAssertTrue(message.contains("paused"), message)
        }
        try connection.execute(#"UPDATE incidents SET paused = NULL, policy = '{"windows":{}}' WHERE id = \#(id)"#)
        XCTAssertThrowsError(try store.incident(id: id)) { error in
            guard case .invalidData(let message) = error as? StoreError else { return XCTFail("\(error)") }
            XCTAssertTrue(message.contains("policy"), message)
        }
        // The CHECK constraints refuse what the model cannot hold.
        XCTAssertThrowsError(try connection.execute("UPDATE incidents SET window = 'lunch' WHERE id = \(id)"))
        XCTAssertThrowsError(try connection.execute("UPDATE incidents SET policy = 'not json' WHERE id = \(id)"))
        XCTAssertThrowsError(try connection.execute("UPDATE incidents SET next_timer_kind = NULL WHERE id = \(id)"))
        XCTAssertThrowsError(try connection.execute("UPDATE incidents SET warned = 2 WHERE id = \(id)"))
    }
}
