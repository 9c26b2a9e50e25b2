import CSQLite
import Dispatch
import GridCore
import XCTest

@testable import GridStore

/// Pure transition bodies, as the lifecycle would build them.
enum Steps {
    static let worker = Actor(uid: 1002, name: "社区工作人员", pid: 77)

    /// 受理: acknowledged, the resolve window starts at `at`.
    static func acknowledge(at: Timestamp) -> @Sendable (Incident) throws(GridError) -> IncidentTransition? {
        { current throws(GridError) in
            guard current.state == .dispatched else { return nil }
            var next = current
            next.state = .acknowledged
            next.version += 1
            next.updatedAt = at
            next.timers = IncidentTimers(
                window: .resolve, windowStartedAt: at, dueAt: at.adding(milliseconds: 86_400_000),
                warnAt: at.adding(milliseconds: 64_800_000))
            let event = IncidentEvent(kind: .acknowledged, at: at, tier: next.tier, unit: next.unit, actor: worker)
            return IncidentTransition(incident: next, events: [event])
        }
    }

    /// The ack window missed: its `overdue` event (超期, charged to the unit that held it), then one
    /// tier up, a fresh ack window there, an `escalated` event — two events in one step.
    static func escalate(at: Timestamp, to unit: UnitCode) -> @Sendable (Incident) throws(GridError) -> IncidentTransition? {
        { current throws(GridError) in
            var next = current
            next.version += 1
            next.updatedAt = at
            next.tier = unit.tier
            next.unit = unit
            next.timers = IncidentTimers(window: .ack, windowStartedAt: at, dueAt: at.adding(milliseconds: 3_600_000))
            var detail = JSONObject()
            detail["from"] = .string(current.unit.rawValue)
            next.timers.missedWindows = current.timers.missedWindows + 1
            let missed = IncidentEvent(
                kind: .overdue, at: at, tier: current.tier, unit: current.unit, actor: Actor(uid: 0, name: "gridd"),
                due: current.timers.dueAt, detail: ["window": "ack", "charged_unit": .string(current.unit.rawValue)])
            let event = IncidentEvent(
                kind: .escalated, at: at, tier: next.tier, unit: unit, actor: Actor(uid: 0, name: "gridd"),
                due: current.timers.dueAt, detail: detail)
            return IncidentTransition(incident: next, events: [missed, event])
        }
    }

    /// 结案: closed, every timer cleared.
    static func close(at: Timestamp) -> @Sendable (Incident) throws(GridError) -> IncidentTransition? {
        { current throws(GridError) in
            var next = current
            next.state = .closed
            next.version += 1
            next.updatedAt = at
            next.timers = IncidentTimers(resolvedOnTime: true, reopenCount: current.timers.reopenCount)
            let event = IncidentEvent(kind: .closed, at: at, tier: next.tier, unit: next.unit, actor: worker)
            return IncidentTransition(incident: next, events: [event])
        }
    }

    static func refuse(_ error: GridError) -> @Sendable (Incident) throws(GridError) -> IncidentTransition? {
        { _ throws(GridError) in throw error }
    }
}

final class TransitionTests: StoreTestCase {

    private func submit(_ incident: Incident = Fixtures.fullIncident(key: nil)) throws -> Incident {
        try submitAndWait(store, incident).get().incident
    }

    private func nextTimerColumns(_ id: Int64) throws -> (Int64?, String?, Int64) {
        let connection = try freshConnection(directory)
        let row = try connection.prepare("SELECT next_timer_at, next_timer_kind, version FROM incidents WHERE id = \(id)")
        XCTAssertTrue(try row.step())
        return (row.optionalInt64(at: 0), row.string(at: 1), row.int64(at: 2))
    }

    func testAppliedUpdatesTheRowAndAppendsEvents() throws {
        let created = try submit()
        let at = Fixtures.t0.adding(milliseconds: 600_000)
        let outcome = try transitionAndWait(store, created.id, Steps.acknowledge(at: at)).get()
        guard case .applied(let incident, let events) = outcome else { return XCTFail("\(outcome)") }
        XCTAssertEqual(incident.version, 2)
        XCTAssertEqual(incident.state, .acknowledged)
        XCTAssertEqual(incident.timers.window, .resolve)
        XCTAssertEqual(try store.incident(id: created.id), incident)
        XCTAssertEqual(events.count, 1)
        XCTAssertEqual(events[0].incidentID, created.id)
        XCTAssertGreaterThan(events[0].seq, 0)
        let trail = try store.events(incidentID: created.id)
        XCTAssertEqual(trail.map(\.kind), [.dispatched, .acknowledged])
        XCTAssertEqual(trail.last, events[0])
        // The derived columns follow: the warning of the resolve window is what fires next.
        let (timerAt, kind, version) = try nextTimerColumns(created.id)
        XCTAssertEqual(timerAt, at.adding(milliseconds: 64_800_000).milliseconds)
        XCTAssertEqual(kind, "warning")
        XCTAssertEqual(version, 2)
        // The intake record is untouched.
        let stored = try XCTUnwrap(try store.incident(id: created.id))
        XCTAssertEqual(stored.createdAt, created.createdAt)
        XCTAssertEqual(stored.createdBy, created.createdBy)
        XCTAssertEqual(stored.key, created.key)
    }

    func testEveryMutableColumnIsWritten() throws {
        let created = try submit(Fixtures.bareIncident())
        let full = Fixtures.fullIncident(key: nil)
        let outcome = try transitionAndWait(store, created.id) { current throws(GridError) in
            var next = full
            next.id = current.id
            next.key = current.key
            next.createdAt = current.createdAt
            next.source = current.source
            next.createdBy = current.createdBy
            next.policy = current.policy
            next.version = current.version + 1
            next.timers.overdue = true
            next.timers.nextReminderAt = Fixtures.t0
            next.timers.reopenCount = 4
            next.timers.resolvedOnTime = false
            return IncidentTransition(incident: next, events: [])
        }.get()
        guard case .applied(let incident, let events) = outcome else { return XCTFail("\(outcome)") }
        XCTAssertEqual(events, [])
        XCTAssertEqual(try store.incident(id: created.id), incident)
        XCTAssertEqual(incident.title, full.title)
        XCTAssertEqual(incident.placement, full.placement)
        XCTAssertEqual(incident.policy, created.policy)
    }

    func testThePolicySnapshotNeverChanges() throws {
        let created = try submit(Fixtures.bareIncident())
        let result = transitionAndWait(store, created.id) { current throws(GridError) in
            var next = current
            next.version += 1
            next.policy = IncidentPolicy.unset
            next.policy.warningFraction = 0.5
            return IncidentTransition(incident: next, events: [])
        }
        guard case .failure(let error) = result else { return XCTFail("a changed policy must be refused") }
        XCTAssertTrue("\(error)".contains("policy snapshot"), "\(error)")
        XCTAssertEqual(try store.incident(id: created.id), created)
    }

    func testStaleVersionWritesNothing() throws {
        let created = try submit()
        _ = try transitionAndWait(store, created.id, Steps.acknowledge(at: Fixtures.t0)).get()
        let before = try store.incident(id: created.id)
        let eventsBefore = try count("events", in: directory)
        // A timer armed at version 1 fires after the incident moved to version 2.
        let outcome = try transitionAndWait(
            store, created.id, expectedVersion: 1, Steps.escalate(at: Fixtures.t0, to: Fixtures.street)).get()
        XCTAssertEqual(outcome, .stale(current: try XCTUnwrap(before)))
        XCTAssertEqual(try store.incident(id: created.id), before)
        XCTAssertEqual(try count("events", in: directory), eventsBefore)
        // At the right version it applies.
        let applied = try transitionAndWait(
            store, created.id, expectedVersion: 2, Steps.escalate(at: Fixtures.t0, to: Fixtures.street)).get()
        XCTAssertEqual(applied.incident.version, 3)
        XCTAssertEqual(applied.incident.unit, Fixtures.street)
        XCTAssertEqual(try store.events(incidentID: created.id).last?.kind, .escalated)
    }

    func testBodyReturningNilIsUnchanged() throws {
        let created = try submit()
        let outcome = try transitionAndWait(store, created.id) { _ throws(GridError) in nil }.get()
        XCTAssertEqual(outcome, .unchanged(created))
        XCTAssertEqual(try store.incident(id: created.id)?.version, 1)
        XCTAssertEqual(try count("events", in: directory), 1)
    }

    func testBodyThrowingRefusesAndWritesNothing() throws {
        let created = try submit()
        let refusal = GridError(.permissionDenied, "user 1003 may not act on incidents of 110105001002")
        let result = transitionAndWait(store, created.id, Steps.refuse(refusal))
        XCTAssertThrowsError(try result.get()) { error in
            XCTAssertEqual(error as? StoreError, .refused(refusal))
            XCTAssertEqual((error as? StoreError)?.gridError, refusal)
        }
        XCTAssertEqual(try store.incident(id: created.id), created)
        XCTAssertEqual(try count("events", in: directory), 1)
    }

    func testUnknownIncidentIsNotFound() throws {
        let result = transitionAndWait(store, 999, Steps.acknowledge(at: Fixtures.t0))
        XCTAssertThrowsError(try result.get()) { error in
            XCTAssertEqual(error as? StoreError, .refused(GridError(.notFound, "no incident 999")))
        }
        XCTAssertEqual(try count("events", in: directory), 0)
    }

    func testInvariantsAreChecked() throws {
        let created = try submit()
        let sameVersion = transitionAndWait(store, created.id) { current throws(GridError) in
            var next = current
            next.state = .acknowledged
            return IncidentTransition(incident: next, events: [])
        }
        XCTAssertThrowsError(try sameVersion.get()) { error in
            guard case .operationFailed(let message) = error as? StoreError else { return XCTFail("\(error)") }
            XCTAssertTrue(message.contains("version"), message)
        }
        let otherKey = transitionAndWait(store, created.id) { current throws(GridError) in
            var next = current
            next.version += 1
            next.key = "another"
            return IncidentTransition(incident: next, events: [])
        }
        XCTAssertThrowsError(try otherKey.get()) { error in
            guard case .operationFailed(let message) = error as? StoreError else { return XCTFail("\(error)") }
            XCTAssertTrue(message.contains("key"), message)
        }
        XCTAssertEqual(try store.incident(id: created.id), created)
    }

    /// Transitions queued together commit in one transaction and see each other's effects, in
    /// order: each is decided on the row as the one before leaves it, and written as a
    /// compare-and-set on that version; refused, stale and unchanged ones write nothing.
    func testTransitionsOfOneIncidentInOneBatchSeeEachOther() throws {
        let created = try submit()
        let collector = Collector<(Int, Result<TransitionOutcome, StoreError>)>()
        let at = Fixtures.t0.adding(milliseconds: 60_000)
        let bodies: [(Int64?, @Sendable (Incident) throws(GridError) -> IncidentTransition?)] = [
            (nil, Steps.acknowledge(at: at)),  // 0: v1 → v2
            (1, Steps.escalate(at: at, to: Fixtures.street)),  // 1: a timer of v1: stale now
            (nil, Steps.refuse(GridError(.permissionDenied, "no"))),  // 2: refused, nothing written
            (nil, Steps.acknowledge(at: at)),  // 3: already acknowledged: unchanged
            (2, Steps.escalate(at: at, to: Fixtures.street)),  // 4: a timer of v2: applies, v3
            (nil, Steps.close(at: at)),  // 5: v3 → v4
        ]
        var current = created
        let steps = bodies.map { version, body -> DecidedStep in
            let step = DecidedStep(body, on: current, expectedVersion: version)
            if case .write(let prepared) = step { current = prepared.incident }
            return step
        }
        let (release, blocker) = blockWriter(store)
        let batchesBefore = store.committedBatches
        collector.expect(bodies.count)
        for (index, step) in steps.enumerated() {
            apply([step], to: store) { collector.add((index, $0[0])) }
        }
        release.signal()
        blocker.wait()
        collector.wait()
        XCTAssertEqual(store.committedBatches - batchesBefore, 2, "the blocker's transaction, then one for all six")
        var results: [Int: Result<TransitionOutcome, StoreError>] = [:]
        for (index, result) in collector.all { results[index] = result }
        guard case .applied(let acknowledged, _) = try results[0]!.get() else { return XCTFail() }
        XCTAssertEqual(acknowledged.version, 2)
        guard case .stale(let seen) = try results[1]!.get() else { return XCTFail() }
        XCTAssertEqual(seen, acknowledged)
        XCTAssertThrowsError(try results[2]!.get())
        guard case .unchanged(let unchanged) = try results[3]!.get() else { return XCTFail() }
        XCTAssertEqual(unchanged, acknowledged)
        guard case .applied(let escalated, _) = try results[4]!.get() else { return XCTFail() }
        XCTAssertEqual(escalated.version, 3)
        XCTAssertEqual(escalated.state, .acknowledged)
        guard case .applied(let closed, let events) = try results[5]!.get() else { return XCTFail() }
        XCTAssertEqual(closed.version, 4)
        XCTAssertEqual(closed.unit, Fixtures.street)
        XCTAssertEqual(try store.incident(id: created.id), closed)
        let trail = try store.events(incidentID: created.id)
        XCTAssertEqual(trail.map(\.kind), [.dispatched, .acknowledged, .overdue, .escalated, .closed])
        XCTAssertEqual(trail.last, events.first)
        XCTAssertEqual(trail.map(\.seq), trail.map(\.seq).sorted())
    }

    /// Many transitions of different incidents share transactions (group commit).
    func testManyTransitionsGroupCommit() throws {
        var ids: [Int64] = []
        for _ in 0..<50 { ids.append(try submit().id) }
        let steps = zip(ids, readAndWait(store, ids)).map { id, row in
            DecidedStep(Steps.acknowledge(at: Fixtures.t0), on: row, id: id, expectedVersion: 1)
        }
        let (release, blocker) = blockWriter(store)
        let batchesBefore = store.committedBatches
        let collector = Collector<Result<TransitionOutcome, StoreError>>()
        collector.expect(ids.count)
        for step in steps {
            apply([step], to: store) { collector.add($0[0]) }
        }
        release.signal()
        blocker.wait()
        collector.wait()
        XCTAssertEqual(store.committedBatches - batchesBefore, 2)
        for result in collector.all {
            guard case .applied(let incident, _) = try result.get() else { return XCTFail() }
            XCTAssertEqual(incident.version, 2)
        }
    }
}
