import XCTest

@testable import GridCore

/// Fixtures for the lifecycle tests: the 2026 calendar, a policy in working time and one in
/// calendar time, and an incident at a known cell.
enum LifecycleFixtures {
    static let calendar: WorkingCalendar = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Config/holidays/cn-2026.txt")
        let text = try! String(contentsOf: url, encoding: .utf8)
        let holidays = try! HolidaySchedule.parse(text, file: "cn-2026.txt").get()
        return try! WorkingCalendar(holidays: holidays)
    }()

    static let lifecycle = Lifecycle(calendar: calendar)

    /// Working-time windows: ack 2wh and resolve 1wd at every tier; warning at 50%.
    static let workingPolicy = IncidentPolicy(
        windows: [
            .community: .init(ack: .working(2 * hour), resolve: .workingDays(1)),
            .street: .init(ack: .working(2 * hour), resolve: .workingDays(1)),
            .district: .init(ack: .working(1 * hour), resolve: .workingDays(1)),
            .city: .init(ack: .working(1 * hour), resolve: .workingDays(1)),
        ], topTier: .city, warningFraction: 0.5, reminderInterval: .workingDays(1), verificationWindow: .workingDays(1))

    /// Calendar-time windows (突发事件): 30 min to ack at each tier, 4 h to resolve, hourly reminders.
    static let urgentPolicy = IncidentPolicy(
        windows: [
            .street: .init(ack: .calendar(30 * minute), resolve: .calendar(4 * hour)),
            .district: .init(ack: .calendar(30 * minute), resolve: .calendar(4 * hour)),
            .city: .init(ack: .calendar(30 * minute), resolve: .calendar(4 * hour)),
        ], topTier: .city, warningFraction: 0.8, reminderInterval: .calendar(hour), verificationWindow: .calendar(4 * hour))

    static let minute: Int64 = 60_000
    static let hour: Int64 = 3_600_000

    static let cell = CellCode("320506002001006")!
    static let reporter = Actor(uid: 1001, name: "wang")
    static let operatorActor = Actor(uid: 1002, name: "li")

    static func time(_ text: String) -> Timestamp { Timestamp(rfc3339: text)! }

    static func open(
        policy: IncidentPolicy = workingPolicy, startTier: Tier = .community, at text: String = "2026-11-30T09:00:00+08:00",
        id: Int64 = 7
    ) -> Incident {
        let category = Category(code: "0102", name: "暴露垃圾", majorName: "市容环境", startTier: startTier)
        let report = Report(category: "0102", place: .cell(cell.rawValue))
        var (incident, _) = lifecycle.open(
            report: report, placement: .inCell(cell, method: .cell), category: category, policy: policy,
            now: time(text), actor: reporter, source: .socket)
        incident.id = id
        return incident
    }
}
