import GridCore
import XCTest
@testable import GridClient

/// What people read, without a daemon: compact local times at the offset the wire time carries,
/// the time left or overdue against the daemon's `now`, tables that fit 100 columns with Chinese
/// titles, the hint when a list was cut, and colour only when asked for.
final class OutputForPeopleTests: XCTestCase {
    let now = WireTime("2026-12-05T09:00:00.000+08:00")

    func testCompactTimesAreTheWallClockOfTheirOwnOffset() {
        XCTAssertEqual(TimeText.compact("2026-12-07T10:30:00.000+08:00", now: now), "12-07 10:30")
        XCTAssertEqual(TimeText.compact("2027-01-04T09:00:00+08:00", now: now), "2027-01-04 09:00", "the year when it is not now's")
        // Another zone's offset is rendered as given, never as +08:00.
        XCTAssertEqual(TimeText.compact("2026-12-07T10:30:00-05:00", now: now), "12-07 10:30")
        XCTAssertEqual(TimeText.compact("2026-12-07T10:30:00+05:45", now: WireTime("2026-12-05T09:00:00+05:45")), "12-07 10:30")
        // A UTC time from an older record: read at the offset of the answer's now.
        XCTAssertEqual(TimeText.compact("2026-12-07T02:30:00.000Z", now: now), "12-07 10:30")
        XCTAssertEqual(TimeText.compact("2026-12-31T17:30:00Z", now: WireTime("2027-01-01T09:00:00+08:00")), "01-01 01:30")
        XCTAssertEqual(TimeText.compact("2026-12-31T15:59:00Z", now: WireTime("2027-01-01T09:00:00+08:00")), "2026-12-31 23:59")
        // Without a now (an older daemon): the year is shown, UTC stays UTC.
        XCTAssertEqual(TimeText.compact("2026-12-07T02:30:00Z", now: nil), "2026-12-07 02:30")
        XCTAssertEqual(TimeText.compact(.null, now: now), "-")
        XCTAssertEqual(TimeText.compact("soon", now: now), "soon", "not a time: shown as it is")
    }

    func testTimeLeftAndOverdueAgainstTheDaemonsNow() {
        func left(_ due: String, _ language: Language) -> String? { TimeText.remaining(.string(due), now: now, language) }
        XCTAssertEqual(left("2026-12-05T11:00:00+08:00", .zh), "剩余 2 小时")
        XCTAssertEqual(left("2026-12-05T11:59:00+08:00", .en), "2 h left", "whole hours, rounded down")
        XCTAssertEqual(left("2026-12-04T08:00:00+08:00", .zh), "超期 1 天")
        XCTAssertEqual(left("2026-12-04T08:00:00+08:00", .en), "1 d overdue")
        XCTAssertEqual(left("2026-12-05T09:00:30+08:00", .zh), "剩余 1 分钟", "at least 1")
        XCTAssertEqual(left("2026-12-05T09:00:00+08:00", .en), "1 min overdue", "due now is due")
        XCTAssertEqual(left("2026-12-05T01:45:00Z", .en), "45 min left", "a UTC due time is the same instant")
        XCTAssertEqual(left("2026-12-08T09:00:00+08:00", .zh), "剩余 3 天")
        XCTAssertNil(TimeText.remaining(.string("2026-12-05T11:00:00+08:00"), now: nil, .zh), "no daemon now: nothing guessed")
        XCTAssertEqual(TimeText.deadline("2026-12-05T11:00:00+08:00", now: now, .zh), "12-05 11:00（剩余 2 小时）")
    }

    /// A list answer as the daemon sends it: long Chinese titles, units and categories, the
    /// longest English state, a pressed red case.
    func answer(count: Int, more: Bool) -> JSONValue {
        var incidents: [JSONValue] = []
        for index in 0..<count {
            var incident = JSONObject()
            incident["id"] = .int(Int64(1000 + index))
            incident["state"] = .string(index.isMultiple(of: 2) ? "acknowledged" : "dispatched")
            incident["tier"] = "community"
            incident["unit"] = ["code": "320506002001", "name": "桃源社区居民委员会第一网格工作站"]
            incident["category"] = ["code": "0102", "name": "暴露垃圾及生活垃圾乱堆乱放"]
            incident["priority"] = "urgent"
            incident["light"] = .string(index == 0 ? "red" : "yellow")
            incident["supervised"] = .int(index == 0 ? 3 : 0)
            incident["deadline"] = ["due_at": "2026-12-05T11:00:00.000+08:00"]
            incident["case_due"] = "2026-12-06T18:00:00.000+08:00"
            incident["title"] = .string(String(repeating: "小区门口垃圾桶满溢无人清运", count: 3))
            incidents.append(.object(incident))
        }
        return ["count": .int(Int64(count)), "incidents": .array(incidents), "more": .bool(more), "now": "2026-12-05T09:00:00.000+08:00"]
    }

    func render(_ result: JSONValue, _ language: Language, colour: Bool = false) -> String {
        let capture = CapturedOutput()
        var output = capture.output
        output.language = language
        output.colour = colour
        ListText.print(result, output: output)
        return capture.stdout
    }

    func testListsFitOneHundredColumnsWithChineseTitles() {
        for language in Language.allCases {
            let text = render(answer(count: 3, more: false), language)
            let lines = text.split(separator: "\n").map(String.init)
            XCTAssertEqual(lines.count, 5, text)
            for line in lines { XCTAssertLessThanOrEqual(DisplayWidth.of(line), 100, "\(language): \(line)") }
            XCTAssertTrue(lines[1].hasSuffix("…"), "the title is cut: \(lines[1])")
            XCTAssertTrue(lines[1].contains("12-05 11:00"), lines[1])
            XCTAssertFalse(text.contains("\u{1B}"), "no colour unless asked")
        }
        let chinese = render(answer(count: 2, more: false), .zh)
        XCTAssertTrue(chinese.contains("处置中") && chinese.contains("红灯 督办×3") && chinese.contains("剩余 2 小时"), chinese)
        XCTAssertTrue(chinese.contains("紧急"), chinese)
        XCTAssertTrue(render(answer(count: 2, more: false), .en).contains("2 h left"))
    }

    func testACutListSaysHowToSeeTheRest() {
        XCTAssertTrue(render(answer(count: 2, more: true), .zh).hasSuffix("还有更多，用 --before 1001 或 --limit N 查看\n"))
        XCTAssertTrue(render(answer(count: 2, more: true), .en).contains("--before 1001"))
        XCTAssertFalse(render(answer(count: 2, more: false), .zh).contains("还有更多"))
    }

    func testColourIsAddedAfterTheLayout() {
        let plain = render(answer(count: 2, more: false), .zh)
        let coloured = render(answer(count: 2, more: false), .zh, colour: true)
        XCTAssertTrue(coloured.contains("\u{1B}[31m红灯 督办×3\u{1B}[0m"), coloured)
        XCTAssertTrue(coloured.contains("\u{1B}[33m黄灯\u{1B}[0m"), coloured)
        // Without its escapes the coloured table is the plain one: colour never moves a column.
        let stripped = coloured.replacingAll("\u{1B}[0m", with: "").replacingAll("\u{1B}[31m", with: "")
            .replacingAll("\u{1B}[33m", with: "").replacingAll("\u{1B}[34m", with: "").replacingAll("\u{1B}[32m", with: "")
        XCTAssertEqual(stripped, plain)
    }

    func testColourOnlyOnATerminalWithoutNoColour() throws {
        func enabled(_ flag: String?, noColor: String?, terminal: Bool) throws -> Bool {
            try Colour.enabled(flag: flag, environment: { $0 == "NO_COLOR" ? noColor : nil }, isTerminal: { terminal })
        }
        XCTAssertTrue(try enabled(nil, noColor: nil, terminal: true))
        XCTAssertFalse(try enabled(nil, noColor: nil, terminal: false), "piped")
        XCTAssertFalse(try enabled(nil, noColor: "1", terminal: true), "NO_COLOR")
        XCTAssertTrue(try enabled(nil, noColor: "", terminal: true), "an empty NO_COLOR is not set")
        XCTAssertFalse(try enabled("never", noColor: nil, terminal: true))
        XCTAssertTrue(try enabled("always", noColor: "1", terminal: false))
        XCTAssertThrowsError(try enabled("sometimes", noColor: nil, terminal: true))
        XCTAssertEqual(CapturedOutput.run(["--color", "sometimes", "status"]).status, 2)
    }
}
