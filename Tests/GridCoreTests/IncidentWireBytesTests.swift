import XCTest

@testable import GridCore

/// The incident's encoder written once for two sinks: the bytes a `submit` answer is written
/// with (`JSONBytesSink`) must be exactly the text of the tree `show` and `list` build.
final class IncidentWireBytesTests: XCTestCase {
    let wire = IncidentWire(
        unitName: { $0.rawValue.hasSuffix("001") ? "金阊\"社区\"" : nil }, categoryName: { $0 == "0102" ? "暴露垃圾" : nil },
        utcOffset: { _ in 8 * 3600 })

    func testBytesAreTheTreesText() {
        let now = LifecycleFixtures.time("2026-12-01T10:00:00+08:00")
        var checked = 0
        for variant in 0..<64 {
            var incident = LifecycleFixtures.open(policy: variant % 2 == 0 ? LifecycleFixtures.workingPolicy : LifecycleFixtures.urgentPolicy)
            if variant & 2 != 0 { incident.location = GeoPoint(lat: 31.301, lon: 120.6015) }
            if variant & 4 != 0 { incident.reporter = Report.Reporter(name: "王\u{1B}小明", phone: variant & 8 != 0 ? "13912345678" : nil) }
            if variant & 16 != 0 {
                incident.request = CaseRequest(
                    kind: .extend, by: .workingDays(2), note: "等\"配件\"\n到货", requestedBy: LifecycleFixtures.operatorActor, at: now)
                incident.timers.paused = IncidentTimers.Paused(window: .resolve, remaining: .working(5_400_000), warningRemaining: nil, state: .acknowledged)
            }
            if variant & 32 != 0 {
                incident.title = "楼道\t堆物 \\ \u{2028}"
                incident.visit = .satisfied
                incident.timers.missedWindows = 2
            }
            for created in [nil, true, false] as [Bool?] {
                for withPolicy in [false, true] {
                    for mask in [false, true] {
                        let tree = wire.encode(incident, now: now, created: created, withPolicy: withPolicy, maskReporter: mask)
                        var sink = JSONBytesSink()
                        wire.write(incident, now: now, created: created, withPolicy: withPolicy, maskReporter: mask, to: &sink)
                        XCTAssertEqual(
                            String(decoding: sink.bytes, as: UTF8.self), tree.serialized(),
                            "variant \(variant) created \(String(describing: created)) policy \(withPolicy) mask \(mask)")
                        checked += 1
                    }
                }
            }
        }
        XCTAssertEqual(checked, 64 * 12)
    }

    /// The tree keeps the keys people and scripts read, in order, nested where they were.
    func testTheTreeHasTheIncidentsKeysInOrder() throws {
        var incident = LifecycleFixtures.open()
        incident.reporter = Report.Reporter(name: "王小明", phone: "13912345678")
        let tree = wire.encode(incident, now: LifecycleFixtures.time("2026-12-01T10:00:00+08:00"), created: true, maskReporter: true)
        let object = try XCTUnwrap(tree.objectValue)
        XCTAssertEqual(Array(object.keys.prefix(8)), ["id", "created", "key", "state", "tier", "unit", "category", "priority"])
        XCTAssertEqual(object["reporter"], ["name": "王*", "phone": "139****5678", "masked": true])
        XCTAssertEqual(object["category"], ["code": "0102", "name": "暴露垃圾"])
        XCTAssertEqual(object["deadline"]?.objectValue?.keys.first, "window")
        XCTAssertEqual(object.keys.last, "visit_result")
        XCTAssertEqual(Response.success(id: 7) { wire.write(incident, now: LifecycleFixtures.time("2026-12-01T10:00:00+08:00"), created: true, maskReporter: true, to: &$0) },
                       Response.success(id: 7, result: tree))
    }
}
