import Foundation
import XCTest
@testable import GridCore

/// The shipped `Config/gridd.conf` must load cleanly: `gridd` with no flags uses it.
final class ConfigSampleFileTests: XCTestCase {
    static let repoRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    func loadSample() throws -> GridConfig {
        let path = Self.repoRoot + "/Config/gridd.conf"
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        switch GridConfigLoader.parse(bytes: bytes, path: "Config/gridd.conf", workingDirectory: Self.repoRoot) {
        case .success(let config): return config
        case .failure(let problems):
            XCTFail("Config/gridd.conf has problems:\n\(problems)")
            throw problems
        }
    }

    func testSampleParsesWithoutDiagnostics() throws {
        let config = try loadSample()
        XCTAssertEqual(config.grid.mapPath, Self.repoRoot + "/Config/grid.geojson")
        XCTAssertEqual(config.grid.fallbackUnit.rawValue, "320500")
        XCTAssertEqual(config.grid.cityCode?.rawValue, "320500")
        XCTAssertEqual(config.grid.cityName, "江州市")
        XCTAssertEqual(config.daemon.stateDirectory, Self.repoRoot + "/var")
        XCTAssertEqual(config.limits, LimitSettings())
        // The city is the fallback, so the map check passes whatever the map holds.
        XCTAssertEqual(config.checkAgainstMap(unitExists: { _ in false }), [])
    }

    func testSampleCategories() throws {
        let categories = try loadSample().categories.sorted
        XCTAssertTrue((10...20).contains(categories.count), "\(categories.count) categories")
        let majors = Set(categories.map(\.majorName))
        // The urban-management classes and the kinds of incident the seed speech names.
        for major in ["市容环境", "宣传广告", "施工管理", "突发事件", "街面秩序", "公用设施",
                      "纠纷调解", "社会治安", "健康养老", "防灾减灾", "生态环境"] {
            XCTAssertTrue(majors.contains(major), "missing major class \(major)")
        }
        XCTAssertEqual(categories.first { $0.code == "0102" }?.name, "暴露垃圾")
        XCTAssertEqual(categories.first { $0.code == "0601" }?.majorName, "公用设施")
        for category in categories {
            XCTAssertFalse(category.departments.isEmpty, "\(category.code) names no departments")
            XCTAssertNotNil(category.departments[category.startTier], "\(category.code) has no department at its start tier")
            if category.majorName == "突发事件" {
                XCTAssertEqual(category.startTier, .street, category.code)
                XCTAssertEqual(category.defaultPriority, .urgent, category.code)
            }
        }
        XCTAssertTrue(categories.contains { $0.majorName == "防灾减灾" && $0.startTier == .street && $0.defaultPriority == .urgent })
    }

    // MARK: - calendar, policy, access

    func testSampleCalendar() throws {
        let config = try loadSample()
        let settings = config.calendar
        XCTAssertEqual(settings.timeZoneIdentifier, "Asia/Shanghai")
        XCTAssertEqual(settings.officeHours, .standard)
        XCTAssertEqual(settings.weekend, .saturdaySunday)
        XCTAssertEqual(settings.holidayFiles.map(\.path), [Self.repoRoot + "/Config/holidays/cn-2026.txt"])
        XCTAssertEqual(settings.holidayFiles.map(\.displayPath), ["Config/holidays/cn-2026.txt"])
        let files = try settings.holidayFiles.map { ($0.path, try String(contentsOfFile: $0.path, encoding: .utf8)) }
        let calendar: WorkingCalendar
        switch settings.makeCalendar(holidayFiles: files) {
        case .success(let built): calendar = built
        case .failure(let problems): return XCTFail("holiday files have problems:\n\(problems)")
        }
        XCTAssertTrue(calendar.isWorkingDay(CivilDate(year: 2026, month: 2, day: 14)), "调休 Saturday")
        XCTAssertFalse(calendar.isWorkingDay(CivilDate(year: 2026, month: 2, day: 16)), "春节")
        XCTAssertEqual(settings.calendarWarnings(calendar, years: [2026]), [], "no make-up workday on a weekday")
    }

    func testSamplePolicy() throws {
        let config = try loadSample()
        let policy = config.policy
        let catalog = config.categories
        // Every category has both windows at every tier it can stand at, for every priority.
        for category in catalog.sorted {
            for priority in Priority.allCases {
                let snapshot = policy.snapshot(category: category, priority: priority)
                XCTAssertEqual(Set(snapshot.windows.keys), Set(policy.tiers(of: category)), "\(category.code) \(priority)")
                XCTAssertEqual(snapshot.topTier, .city)
                XCTAssertEqual(snapshot.warningFraction, 0.8)
            }
        }
        // Emergencies (0401 路面塌陷): calendar time at every tier from the street, day and night.
        let emergency = policy.snapshot(category: try XCTUnwrap(catalog["0401"]), priority: .urgent)
        XCTAssertEqual(Set(emergency.windows.keys), [.street, .district, .city])
        for tier in [Tier.street, .district, .city] {
            XCTAssertEqual(emergency.windows[tier], .init(ack: .calendar(30 * 60_000), resolve: .calendar(4 * 3_600_000)), "\(tier)")
        }
        XCTAssertEqual(emergency.reminderInterval, .calendar(3_600_000))
        XCTAssertEqual(emergency.verificationWindow, .calendar(4 * 3_600_000))
        for code in ["0403", "0406", "1002", "1003"] {
            let snapshot = policy.snapshot(category: try XCTUnwrap(catalog[code]), priority: .normal)
            XCTAssertFalse(snapshot.windows.values.contains { $0.ack.isWorkingTime || $0.resolve.isWorkingTime }, code)
        }
        // Ordinary categories: working time, shorter when urgent.
        let garbage = try XCTUnwrap(catalog["0102"])
        let normal = policy.snapshot(category: garbage, priority: .normal)
        XCTAssertEqual(normal.windows[.community], .init(ack: .working(2 * 3_600_000), resolve: .workingDays(2)))
        XCTAssertEqual(normal.windows[.street], .init(ack: .working(2 * 3_600_000), resolve: .workingDays(1)))
        XCTAssertEqual(normal.windows[.district], .init(ack: .working(3_600_000), resolve: .workingDays(1)))
        XCTAssertEqual(normal.windows[.city], .init(ack: .working(3_600_000), resolve: .workingDays(1)))
        XCTAssertEqual(normal.reminderInterval, .workingDays(1))
        XCTAssertEqual(normal.verificationWindow, .workingDays(1))
        let urgent = policy.snapshot(category: garbage, priority: .urgent)
        for tier in Tier.allCases {
            XCTAssertEqual(urgent.windows[tier], .init(ack: .working(30 * 60_000), resolve: .working(4 * 3_600_000)), "\(tier)")
        }
    }

    func testSampleHasNoNotifications() throws {
        XCTAssertNil(try loadSample().notify, "[Notify] is only a commented example")
    }

    func testSampleAccessIsEmpty() throws {
        let access = try loadSample().access
        XCTAssertTrue(access.isEmpty, "the sample only has commented examples")
        XCTAssertEqual(access.roles(of: Actor(uid: 0), daemonUID: 1000), [.admin])
    }
}
