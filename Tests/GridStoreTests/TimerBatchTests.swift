import Dispatch
import GridCore
import XCTest

@testable import GridStore

/// A slice of due timers as the daemon's runner handles it, through the store's API: the rows
/// read in one snapshot on a reader (`incidents(ids:)`), each timer decided and prepared off the
/// writer, and all of them written in one operation (`apply`), each with the exactly-once
/// version check.
final class TimerBatchTests: StoreTestCase {

    private func submit() throws -> Incident {
        try submitAndWait(store, Fixtures.fullIncident(key: nil)).get().incident
    }

    private func timer(_ incident: Incident, version: Int64? = nil) -> ScheduledTimer {
        ScheduledTimer(incidentID: incident.id, version: version ?? incident.version, kind: .windowEnd, at: Fixtures.t0)
    }

    /// The timers' rows read and each decided by `body`, stale unless at the timer's version.
    private func decide(
        _ timers: [ScheduledTimer], _ body: @escaping @Sendable (ScheduledTimer, Incident) throws(GridError) -> IncidentTransition?
    ) -> [DecidedStep] {
        zip(timers, readAndWait(store, timers.map(\.incidentID))).map { timer, row in
            DecidedStep({ incident throws(GridError) in try body(timer, incident) }, on: row, id: timer.incidentID,
                expectedVersion: timer.version)
        }
    }

    private func fire(
        _ timers: [ScheduledTimer],
        _ body: @escaping @Sendable (ScheduledTimer, Incident) throws(GridError) -> IncidentTransition?
    ) -> [Result<TransitionOutcome, StoreError>] {
        applyAndWait(decide(timers, body), to: store)
    }

    /// Every kind of outcome in one slice, in order; one row that fails to write (a CHECK
    /// constraint) fails alone and the others are committed.
    func testOutcomesInOrderAndOneFailureFailsAlone() throws {
        let incidents = try (0..<6).map { _ in try submit() }
        let at = Fixtures.t0.adding(milliseconds: 3_600_000)
        let escalate = Steps.escalate(at: at, to: Fixtures.street)
        let badRow: @Sendable (Incident) throws(GridError) -> IncidentTransition? = { current throws(GridError) in
            guard var change = try escalate(current) else { return nil }
            change.incident.location = GeoPoint(lat: 100, lon: 0)  // violates CHECK (lat BETWEEN -90 AND 90)
            return change
        }
        let timers = [
            timer(incidents[0]),  // applied
            timer(incidents[1], version: 7),  // stale: the row is at version 1
            ScheduledTimer(incidentID: 9_999, version: 1, kind: .windowEnd, at: Fixtures.t0),  // no such incident
            timer(incidents[2]),  // refused by the body
            timer(incidents[3]),  // nothing to do
            timer(incidents[4]),  // the write fails
            timer(incidents[5]),  // applied, after the failure
        ]
        let special = (refused: incidents[2].id, unchanged: incidents[3].id, bad: incidents[4].id)
        let outcomes = fire(timers) { timer, incident throws(GridError) in
            switch timer.incidentID {
            case special.refused: throw GridError(.invalidState, "refused")
            case special.unchanged: return nil
            case special.bad: return try badRow(incident)
            default: return try escalate(incident)
            }
        }
        XCTAssertEqual(outcomes.count, timers.count)
        guard case .applied(let first, let events)? = try? outcomes[0].get() else { return XCTFail("\(outcomes[0])") }
        XCTAssertEqual(first.unit, Fixtures.street)
        XCTAssertEqual(events.map(\.kind), [.overdue, .escalated], "two events in one step, both written")
        XCTAssertEqual(Array(try store.events(incidentID: first.id).suffix(2)), events, "recorded with their seq")
        guard case .stale(let seen)? = try? outcomes[1].get() else { return XCTFail("\(outcomes[1])") }
        XCTAssertEqual(seen, incidents[1])
        XCTAssertEqual(outcomes[2].gridErrorCode, .notFound)
        XCTAssertEqual(outcomes[3].gridErrorCode, .invalidState)
        guard case .unchanged? = try? outcomes[4].get() else { return XCTFail("\(outcomes[4])") }
        guard case .failure(.sqlite) = outcomes[5] else { return XCTFail("\(outcomes[5])") }
        XCTAssertEqual(try store.incident(id: incidents[4].id), incidents[4], "the failed one is untouched")
        guard case .applied(let last, _)? = try? outcomes[6].get() else { return XCTFail("\(outcomes[6])") }
        XCTAssertEqual(try store.incident(id: last.id), last)
        XCTAssertEqual(try store.events(incidentID: incidents[5].id).map(\.kind), [.dispatched, .overdue, .escalated])
    }

    /// A row that moves on between the read (on a reader) and the write (a worker's action
    /// committed first) is not written: the timer comes back stale with the row as it is then.
    func testRowThatMovedOnAfterTheReadIsStale() throws {
        let incident = try submit()
        let (release, blocker) = blockWriter(store)
        let action = Collector<[Result<TransitionOutcome, StoreError>]>()
        action.expect()
        // Queued first, so it commits before the timers' write operation.
        apply([DecidedStep(Steps.acknowledge(at: Fixtures.t0), on: incident)], to: store) { action.add($0) }
        let fired = Collector<[Result<TransitionOutcome, StoreError>]>()
        fired.expect()
        let prepared = DispatchSemaphore(value: 0)
        let escalate = Steps.escalate(at: Fixtures.t0, to: Fixtures.street)
        let steps = decide([timer(incident)]) { _, current throws(GridError) in
            defer { prepared.signal() }
            return try escalate(current)
        }
        apply(steps, to: store) { fired.add($0) }
        // The timer was read (at version 1) while the writer was held.
        XCTAssertEqual(prepared.wait(timeout: .now() + 30), .success)
        release.signal()
        blocker.wait()
        action.wait()
        fired.wait()
        guard case .applied(let acknowledged, _)? = try? action.all.first?.first?.get() else { return XCTFail() }
        guard case .stale(let current)? = try? fired.all.first?.first?.get() else {
            return XCTFail("\(String(describing: fired.all.first))")
        }
        XCTAssertEqual(current, acknowledged)
        XCTAssertEqual(try store.events(incidentID: incident.id).map(\.kind), [.dispatched, .acknowledged])
    }

    /// The same timer fired twice: the second finds the version moved on (exactly once).
    func testTheSameTimerTwiceAppliesOnce() throws {
        let incident = try submit()
        let escalate = Steps.escalate(at: Fixtures.t0, to: Fixtures.street)
        let outcomes = fire([timer(incident), timer(incident)]) { _, current throws(GridError) in try escalate(current) }
        guard case .applied? = try? outcomes[0].get(), case .stale? = try? outcomes[1].get() else {
            return XCTFail("\(outcomes)")
        }
        XCTAssertEqual(try store.events(incidentID: incident.id).map(\.kind), [.dispatched, .overdue, .escalated])
    }
}

extension Result where Success == TransitionOutcome, Failure == StoreError {
    /// The client-facing error code of a failure, nil for a success.
    var gridErrorCode: GridError.Code? {
        if case .failure(let error) = self { return error.gridError.code }
        return nil
    }
}
