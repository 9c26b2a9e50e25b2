import Foundation
import XCTest
@testable import GridCore

/// The table of a zone's offsets answers what the zone (ICU) answers, at every instant we probe —
/// hourly across each zone's changes and at a spread of instants over the table's years — for
/// zones with and without DST, and with DST abolished or a standard offset changed.
final class OffsetTableTests: XCTestCase {
    private let zones = ["Asia/Shanghai", "Europe/Berlin", "America/Sao_Paulo", "Europe/Moscow", "Australia/Lord_Howe", "UTC"]

    func testEveryZoneGetsATableThatAgreesWithTheZone() throws {
        for name in zones {
            let zone = try XCTUnwrap(TimeZone(identifier: name), name)
            let table = try XCTUnwrap(OffsetTable(zone: zone), "\(name) has no table")
            var instant = OffsetTable.start
            var probes = 0
            while instant < OffsetTable.end {
                XCTAssertEqual(table.offset(at: instant), ZoneRules.zoneOffset(zone, at: instant), "\(name) at \(instant)")
                instant += 86_400_000 * 3 + 3_600_000 * 5 + 61_000  // drifts through every hour of the day
                probes += 1
            }
            XCTAssertGreaterThan(probes, 14_000)
        }
    }

    func testHourByHourAcrossTheBerlinChangesOf2026() throws {
        let zone = try XCTUnwrap(TimeZone(identifier: "Europe/Berlin"))
        let rules = ZoneRules(zone: zone)
        let from: Int64 = 1_774_224_000_000  // 2026-03-23T00:00Z
        for hour in 0..<(24 * 14) {
            let instant = from + Int64(hour) * 3_600_000
            XCTAssertEqual(rules.offset(at: instant), ZoneRules.zoneOffset(zone, at: instant))
        }
        let october: Int64 = 1_761_264_000_000  // 2025-10-24T00:00Z
        for hour in 0..<(24 * 4) {
            let instant = october + Int64(hour) * 3_600_000 + 1
            XCTAssertEqual(rules.offset(at: instant), ZoneRules.zoneOffset(zone, at: instant))
        }
    }

    func testOutsideTheTableTheZoneAnswers() throws {
        let zone = try XCTUnwrap(TimeZone(identifier: "Europe/Berlin"))
        let table = try XCTUnwrap(OffsetTable(zone: zone))
        XCTAssertNil(table.offset(at: -1))
        XCTAssertNil(table.offset(at: OffsetTable.end))
        let rules = ZoneRules(zone: zone)
        let summer2150: Int64 = 5_752_000_000_000
        XCTAssertEqual(rules.offset(at: summer2150), ZoneRules.zoneOffset(zone, at: summer2150))
    }
}
