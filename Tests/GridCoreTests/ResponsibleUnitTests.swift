import GridFixtures
import XCTest

@testable import GridCore

/// The responsible-unit view (责任单位): counted event by event in any order (`ResponsibleUnitTally`,
/// what the store's single pass does) it gives the windows and charges that `CaseWindows` — what
/// `show` lists — derives from each case's whole timeline; on the worked example and on random
/// lifecycles.
final class ResponsibleUnitTests: XCTestCase {
    private let calendar = ReportFixtures.calendar

    /// Per unit, what `CaseWindows` says of these timelines in each period.
    private func fromCaseWindows(_ timelines: [[IncidentEvent]], _ periods: ReportPeriods) -> [UnitCode: ResponsibleUnitTally.Counts] {
        var result: [UnitCode: ResponsibleUnitTally.Counts] = [:]
        for events in timelines {
            let windows = CaseWindows.from(events: events)
            for (unit, counts) in windows.unitCounts(in: periods.current) { result[unit, default: .init()].current.add(counts) }
            for (unit, counts) in windows.unitCounts(in: periods.previous) { result[unit, default: .init()].previous.add(counts) }
        }
        return result
    }

    /// The tally per unit; `windowsOnly`: its windows, misses and resolves (what `CaseWindows`
    /// knows), without 督办 and decided requests (dropping units left empty).
    private func tally(
        _ timelines: [[IncidentEvent]], _ periods: ReportPeriods, reversed: Bool = false, windowsOnly: Bool = false
    ) -> [UnitCode: ResponsibleUnitTally.Counts] {
        var tally = ResponsibleUnitTally()
        for events in timelines { tally.add(events: reversed ? events.reversed() : events, periods: periods) }
        guard windowsOnly else { return tally.units }
        func strip(_ counts: WindowCounts) -> WindowCounts {
            WindowCounts(windows: counts.windows, overdue: counts.overdue, resolvedInWindow: counts.resolvedInWindow)
        }
        return tally.units.mapValues { .init(current: strip($0.current), previous: strip($0.previous)) }
            .filter { !$0.value.current.isEmpty || !$0.value.previous.isEmpty }
    }

    func testTheWorkedExampleCountsAsItsWindowsSay() {
        let timelines = ReportFixtures.played.map(\.events)
        let periods = ReportFixtures.periods
        XCTAssertEqual(tally(timelines, periods, windowsOnly: true), fromCaseWindows(timelines, periods))
        XCTAssertEqual(tally(timelines, periods, reversed: true), tally(timelines, periods))
        // 督办 at the holder (12: 清河区; 17: 望江街道); 16's requests decided at 桃源社区.
        let all = tally(timelines, periods)
        XCTAssertEqual(all[WorkedExample.qingheDistrict]?.current.supervised, 1)
        XCTAssertEqual(all[WorkedExample.wangjiangStreet]?.current.supervised, 1)
        XCTAssertEqual(all[WorkedExample.taoyuan].map { [$0.current.approved, $0.current.denied] }, [1, 1])
        // The case escalated twice: 桃源社区 and 清河街道 each charged one 超期; the district resolved
        // it within its own window.
        let one = tally([ReportFixtures.played[6].events], periods)
        XCTAssertEqual(one[WorkedExample.taoyuan]?.current, WindowCounts(windows: 1, overdue: 1, resolvedInWindow: 0))
        XCTAssertEqual(one[WorkedExample.qingheStreet]?.current, WindowCounts(windows: 1, overdue: 1, resolvedInWindow: 0))
        XCTAssertEqual(one[WorkedExample.qingheDistrict]?.current, WindowCounts(windows: 2, overdue: 0, resolvedInWindow: 1))
    }

    /// Requests decided count for the holder's unit; the approval the schema 5 migration wrote for
    /// a deferral from before it (`migrated`) is no decision and does not count.
    func testMigratedApprovalsAreNotDecisions() {
        let periods = ReportFixtures.periods
        let at = ReportFixtures.time("2026-06-05 10:00")
        let actor = Actor(uid: 0, name: "gridd")
        let events = [
            IncidentEvent(kind: .approved, at: at, tier: .community, unit: WorkedExample.taoyuan, actor: actor, detail: ["request": "defer"]),
            IncidentEvent(kind: .denied, at: at, tier: .community, unit: WorkedExample.taoyuan, actor: actor, detail: ["request": "extend"]),
            IncidentEvent(
                kind: .approved, at: at, tier: .community, unit: WorkedExample.taoyuan, actor: actor,
                detail: ["request": "defer", "migrated": true]),
        ]
        var tally = ResponsibleUnitTally()
        tally.add(events: events, periods: periods)
        XCTAssertEqual(tally.units[WorkedExample.taoyuan]?.current, WindowCounts(approved: 1, denied: 1))
    }

    func testRandomLifecyclesCountAsTheirWindowsSay() {
        var random = SplitMix64(seed: 20_260_601)
        let lifecycle = Lifecycle(calendar: calendar)
        let worker = Actor(uid: 1002, name: "网格员")
        let category = ReportFixtures.categories["0102"]!
        let cells = ["320506002001006", "320506001001003", "320506003002001"]
        var timelines: [[IncidentEvent]] = []
        for index in 0..<300 {
            var now = ReportFixtures.time("2026-05-01 08:00").adding(milliseconds: Int64(random.next() % (60 * 86_400)) * 1000)
            let cell = cells[index % cells.count]
            var (incident, event) = lifecycle.open(
                report: Report(category: "0102", place: .cell(cell)), placement: .inCell(CellCode(cell)!, method: .cell),
                category: category, policy: WorkedExample.policy, now: now, actor: worker, source: .socket)
            var events = [event]
            let commands: [LifecycleCommand] = [
                .acknowledge, .resolve, .close, .reopen, .defer, .resume, .acknowledge, .resolve, .escalate, .supervise,
            ]
            for _ in 0..<12 {
                now = now.adding(milliseconds: Int64(random.next() % (30 * 3600)) * 1000)
                while let timer = incident.timers.nextTimer, timer.at <= now, let step = lifecycle.fire(timer, on: incident, now: timer.at) {
                    incident = step.incident
                    events += step.events
                }
                let command = commands[Int(random.next() % UInt64(commands.count))]
                if let step = try? lifecycle.apply(command, to: incident, by: worker, note: "随机", now: now) {
                    incident = step.incident
                    events += step.events
                }
            }
            timelines.append(events)
        }
        XCTAssertGreaterThan(timelines.joined().filter { $0.kind == .escalated }.count, 50, "the random cases escalate")
        XCTAssertGreaterThan(timelines.joined().filter { $0.kind == .escalatedByHand }.count, 5, "and are handed up by hand")
        let periods = ReportPeriods(current: WorkedExample.june, previous: WorkedExample.may)
        let counted = tally(timelines, periods, windowsOnly: true)
        XCTAssertEqual(counted, fromCaseWindows(timelines, periods))
        XCTAssertGreaterThan(counted.values.map(\.current.resolvedInWindow).reduce(0, +), 20)
        XCTAssertGreaterThan(counted.values.map(\.current.overdue).reduce(0, +), 20)
    }
}
