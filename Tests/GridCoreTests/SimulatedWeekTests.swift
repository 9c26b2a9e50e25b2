import GridFixtures
import XCTest

@testable import GridCore

/// A week of 10,000 incidents on a fake clock, driven the way the daemon's scheduler drives
/// them (a min-heap of deadlines carrying versions). Every escalation must happen exactly at its
/// deadline, computed independently, and never twice; actions by workers make older timers stale.
final class SimulatedWeekTests: XCTestCase {
    typealias F = LifecycleFixtures

    func testTenThousandIncidentsEscalateExactlyAtTheirDeadlines() throws {
        let lifecycle = F.lifecycle
        let calendar = F.calendar
        var random = SplitMix64(seed: 2026)
        let weekStart = F.time("2026-11-30T00:00:00+08:00")  // a Monday
        let weekEnd = F.time("2026-12-07T00:00:00+08:00")
        let weekMs = weekEnd.milliseconds - weekStart.milliseconds

        var incidents: [Incident] = []
        var heap = DeadlineHeap()
        /// Worker actions planned: (time, incident index).
        var acks: [(Timestamp, Int)] = []
        for index in 0..<10_000 {
            let created = weekStart.adding(milliseconds: Int64.random(in: 0..<weekMs / 2, using: &random))
            let urgent = index % 4 == 0
            var incident = F.open(
                policy: urgent ? F.urgentPolicy : F.workingPolicy, startTier: urgent ? .street : .community,
                at: created.description, id: Int64(index))
            incident.id = Int64(index)
            incidents.append(incident)
            if let timer = incident.timers.nextTimer {
                heap.insert(.init(at: timer.at, incidentID: incident.id, version: incident.version, kind: timer.kind))
            }
            if index % 3 == 0 {
                acks.append((created.adding(milliseconds: Int64.random(in: 60_000..<(6 * 3_600_000), using: &random)), index))
            }
        }
        acks.sort { $0.0 < $1.0 }

        var events: [[IncidentEvent]] = Array(repeating: [], count: incidents.count)
        var stale = 0
        var ackCursor = 0
        while let next = heap.first, next.at < weekEnd {
            // Worker actions that come before the next deadline happen first.
            while ackCursor < acks.count, acks[ackCursor].0 < next.at {
                let (time, index) = acks[ackCursor]
                ackCursor += 1
                guard incidents[index].state == .dispatched else { continue }
                let step = try lifecycle.apply(.acknowledge, to: incidents[index], by: F.reporter, note: nil, now: time)
                incidents[index] = step.incident
                events[index] += step.events
                if let timer = step.incident.timers.nextTimer {
                    heap.insert(.init(at: timer.at, incidentID: Int64(index), version: step.incident.version, kind: timer.kind))
                }
            }
            guard let entry = heap.popFirst() else { break }
            let index = Int(entry.incidentID)
            guard incidents[index].version == entry.version else {
                stale += 1
                continue
            }
            let step = try XCTUnwrap(lifecycle.fire(entry.timer, on: incidents[index], now: entry.at))
            incidents[index] = step.incident
            events[index] += step.events
            if let timer = step.incident.timers.nextTimer {
                heap.insert(.init(at: timer.at, incidentID: entry.incidentID, version: step.incident.version, kind: timer.kind))
            }
        }
        XCTAssertGreaterThan(stale, 0, "acknowledged incidents leave stale timers behind")

        // Check the incidents nobody acknowledged against deadlines computed independently.
        let acked = Set(acks.map(\.1))
        var escalations = 0
        for (index, incident) in incidents.enumerated() where !acked.contains(index) {
            let policy = incident.policy
            var expected: [(IncidentEvent.Kind, Tier, Timestamp)] = []
            var tier = incident.policy.windows.keys.min()!
            var windowStart = incident.createdAt
            while true {
                let ack = policy.windows(at: tier)!.ack
                let due = try calendar.adding(ack, to: windowStart)
                let warnAfter: PolicyDuration
                switch ack {
                case .calendar(let ms): warnAfter = .calendar(Int64((Double(ms) * policy.warningFraction).rounded()))
                case .working(let ms): warnAfter = .working(Int64((Double(ms) * policy.warningFraction).rounded()))
                case .workingDays: fatalError("not used here")
                }
                let warnAt = try calendar.adding(warnAfter, to: windowStart)
                if warnAt < due, warnAt < weekEnd { expected.append((.warning, tier, warnAt)) }
                guard due < weekEnd else { break }
                // 超期, charged to the tier that held the window; then up one tier, or reminded at the top.
                expected.append((.overdue, tier, due))
                if tier < policy.topTier, let upper = tier.next {
                    expected.append((.escalated, upper, due))
                    tier = upper
                    windowStart = due
                } else {
                    var reminder = try calendar.adding(policy.reminderInterval, to: due)
                    while reminder < weekEnd {
                        expected.append((.reminded, tier, reminder))
                        reminder = try calendar.adding(policy.reminderInterval, to: reminder)
                    }
                    break
                }
            }
            let actual = events[index].map { ($0.kind, $0.tier, $0.due!) }
            XCTAssertEqual(actual.count, expected.count, "incident \(index)")
            for (got, want) in zip(actual, expected) {
                XCTAssertEqual(got.0, want.0, "incident \(index)")
                XCTAssertEqual(got.1, want.1, "incident \(index)")
                XCTAssertEqual(got.2, want.2, "incident \(index)")
            }
            for event in events[index] { XCTAssertEqual(event.at, event.due, "run exactly when due") }
            let escalatedTiers = events[index].filter { $0.kind == .escalated }.map(\.tier)
            XCTAssertEqual(Set(escalatedTiers).count, escalatedTiers.count, "never twice into the same tier")
            escalations += escalatedTiers.count
            if expected.count != actual.count { break }
        }
        XCTAssertGreaterThan(escalations, 5000)
    }
}

