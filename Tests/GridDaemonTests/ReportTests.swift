import Foundation
import GridCore
import XCTest

@testable import GridClient

/// `gridctl report` end to end with the real daemon (a drill clock from Monday 1 June 2026, 08:00,
/// running at real speed): three incidents handled through gridctl — one closed, one deferred,
/// one cancelled — reported as a table, CSV, JSON and HTML.
final class ReportTests: XCTestCase {
    /// Starts gridd and plays the three incidents; returns the harness.
    static func playJune(extraConfig: String = "", file: StaticString = #filePath, line: UInt = #line) throws -> DaemonHarness {
        let daemon = try DaemonHarness(extraConfig: extraConfig)
        try daemon.start(extraArguments: ["--start-at", "2026-06-01T08:00:00+08:00", "--time-scale", "1"], file: file, line: line)
        func gridctl(_ arguments: [String]) throws {
            let result = try daemon.gridctl(arguments)
            XCTAssertEqual(result.status, 0, "gridctl \(arguments): \(result.stderr)", file: file, line: line)
        }
        try gridctl(["submit", "--category", "0102", "--cell", "320506002001006", "--title", "楼道堆放垃圾"])
        try gridctl(["submit", "--category", "0601", "--cell", "320508002002003", "--title", "井盖缺损"])
        try gridctl(["submit", "--category", "0102", "--community", "320506001001", "--title", "重复上报"])
        for action in [["ack", "1"], ["resolve", "1"], ["close", "1"], ["ack", "2"], ["defer", "2", "--note", "等待物业配合"], ["approve", "2"],
            ["cancel", "3", "--note", "重复"]]
        {
            try gridctl(action)
        }
        return daemon
    }

    func testJSONCountsWhatHappened() throws {
        let daemon = try Self.playJune()
        let result = try daemon.gridctl(["--json", "report", "--from", "2026-06-01", "--to", "2026-06-30", "--by", "community"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let report = try EvaluationReport(json: try JSONParser.parse(result.stdout))
        let total = report.total
        XCTAssertEqual(report.from.description, "2026-06-01T00:00:00.000+08:00")
        XCTAssertEqual(report.to.description, "2026-07-01T00:00:00.000+08:00")
        XCTAssertEqual([total.received, total.registered, total.cancelled, total.closed, total.resolved, total.reopened], [3, 3, 1, 1, 1, 0])
        // Due: the closed one (closed ahead of its case deadline) and the deferred one (its case
        // deadline is in June); the deferred one is left out of the denominator: 1 / (2 − 1).
        XCTAssertEqual([total.due, total.paused, total.closedOfDue, total.closedOnTime], [2, 1, 1, 1])
        XCTAssertEqual(total.onTimeRate, 1)
        XCTAssertEqual(total.timelyAckRate, 1, "two acknowledged in time; the cancelled one was never judged")
        XCTAssertEqual(total.score, 100)
        XCTAssertEqual(report.previousFrom.description, "2026-05-01T00:00:00.000+08:00")
        XCTAssertEqual(total.previous.received, 0)
        XCTAssertNil(total.previous.score, "nothing in May: no score to compare with")
        XCTAssertEqual([total.openGreen, total.openYellow, total.openRed, total.openPaused], [0, 0, 0, 1])
        XCTAssertEqual(total.timeToAcknowledge.count, 2)
        XCTAssertEqual(total.timeToResolve.count, 1)
        // Every community of the map has its row, with its name; the work happened in 桃源社区.
        XCTAssertEqual(report.units.count, 10)
        let taoyuan = try XCTUnwrap(report.units.first { $0.unit.rawValue == "320506002001" })
        XCTAssertEqual(taoyuan.name, "桃源社区")
        XCTAssertEqual(taoyuan.metrics.closedOnTime, 1)
        XCTAssertEqual(report.categories.map(\.code), ["0102", "0601"])
        XCTAssertEqual(report.daily.count, 30)
        XCTAssertEqual(report.daily.first?.received, 3)

        // A unit filter: only what happened in 清河区.
        let district = try daemon.gridctl(["report", "--unit", "320506", "--format", "json"])
        XCTAssertEqual(district.status, 0, district.stderr)
        let qinghe = try EvaluationReport(json: try JSONParser.parse(district.stdout))
        XCTAssertEqual(qinghe.total.received, 2)
        XCTAssertEqual(qinghe.groupBy, .street)
        XCTAssertEqual(qinghe.unitName, "清河区")
    }

    func testTableAndCSV() throws {
        let daemon = try Self.playJune()
        let table = try daemon.gridctl(["report", "--from", "2026-06-01", "--to", "2026-06-30", "--by", "community"])
        XCTAssertEqual(table.status, 0, table.stderr)
        XCTAssertTrue(table.stdout.contains("ON-TIME RATE"), table.stdout)
        XCTAssertTrue(table.stdout.contains("2026-06-01 00:00 → 2026-07-01 00:00 (Asia/Shanghai)"), table.stdout)
        // Columns line up although names are Chinese (two columns per character): the right edge
        // of RECEIVED in the header is the right edge of every count below it.
        let lines = table.stdout.split(separator: "\n").map(String.init)
        let header = try XCTUnwrap(lines.first { $0.hasPrefix("UNIT ") })
        let edge = DisplayWidth.of(String(header[..<header.range(of: "RECEIVED")!.upperBound]))
        for name in ["total", "桃源社区 (320506002001)", "花园社区 (320506001001)"] {
            let row = try XCTUnwrap(lines.first { $0.hasPrefix(name) }, name)
            let cells = row.dropFirst(name.count).split(separator: " ", omittingEmptySubsequences: true)
            let count = String(cells[0])
            let end = DisplayWidth.of(String(row[..<row.range(of: " " + count + " ")!.upperBound])) - 1
            XCTAssertEqual(end, edge, "row \(name): \(row)")
        }

        let csvPath = daemon.directory + "/june.csv"
        let csv = try daemon.gridctl(["report", "--from", "2026-06-01", "--to", "2026-06-30", "--by", "community", "--output", csvPath])
        XCTAssertEqual(csv.status, 0, csv.stderr)
        XCTAssertEqual(csv.stdout, "")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: csvPath))
        XCTAssertEqual(Array(bytes.prefix(3)), [0xEF, 0xBB, 0xBF], "UTF-8 byte-order mark, for Excel")
        let text = String(decoding: bytes.dropFirst(3), as: UTF8.self)
        let rows = text.components(separatedBy: "\r\n")
        XCTAssertEqual(rows.last, "", "every row ends in CRLF")
        XCTAssertEqual(rows.count, 1 + 1 + 10 + 2 + 1, "header, total, 10 communities, 2 categories")
        XCTAssertTrue(rows[0].hasPrefix("scope,code,name,received,registered,"), rows[0])
        // received, registered, cancelled, timely acks, acks judged, 及时受理率, due, paused, closed,
        // closed of due, closed on time, 按期结案率, 结案率, resolved, reopened, 返工率, 超期, 超时上报
        // (street, district, city), 综合指标, 排名 (the total has none).
        XCTAssertTrue(rows[1].hasPrefix("total,,total,3,3,1,2,2,100.0,2,1,1,1,1,100.0,100.0,1,0,0.0,0,0,0,0,0,100.0,,"), rows[1])
        XCTAssertTrue(rows.contains { $0.hasPrefix("community,320506002001,桃源社区,1,1,0,1,1,100.0,1,0,1,1,1,100.0,100.0,1,0,0.0,0,0,0,0,0,100.0,1,") }, text)
        XCTAssertTrue(rows.allSatisfy { $0.isEmpty || $0.split(separator: ",", omittingEmptySubsequences: false).count == ReportCSVFormatter.headers.count })
    }

    func testCSVQuotingAndFormulaGuard() {
        XCTAssertEqual(ReportCSVFormatter.field("花园社区"), "花园社区")
        XCTAssertEqual(ReportCSVFormatter.field("a,b"), "\"a,b\"")
        XCTAssertEqual(ReportCSVFormatter.field("说\"好\""), "\"说\"\"好\"\"\"")
        // No raw control in a field: a line break shows as an escape, and the row stays one line.
        XCTAssertEqual(ReportCSVFormatter.field("two\r\nlines"), #"two\r\nlines"#)
        XCTAssertEqual(ReportCSVFormatter.field("a,\u{1B}[2J\u{202E}"), #""a,\e[2J\u{202e}""#)
        XCTAssertEqual(ReportCSVFormatter.field("=HYPERLINK(1)"), "'=HYPERLINK(1)")
    }

    func testUsageAndRefusals() throws {
        let daemon = try DaemonHarness()
        try daemon.start()
        XCTAssertEqual(try daemon.gridctl(["report", "--by", "city"]).status, 2)
        XCTAssertEqual(try daemon.gridctl(["report", "--from", "June"]).status, 2)
        XCTAssertEqual(try daemon.gridctl(["report", "--format", "pdf"]).status, 2)
        let backwards = try daemon.gridctl(["report", "--from", "2026-07-01", "--to", "2026-06-01"])
        XCTAssertEqual(backwards.status, 1)
        XCTAssertTrue(backwards.stderr.contains("invalid_field"), backwards.stderr)
        // An extension it cannot write: exit 2, one line naming what it can, nothing written.
        let pdf = try daemon.gridctl(["report", "--output", daemon.directory + "/r.pdf"])
        XCTAssertEqual(pdf.status, 2, pdf.stderr)
        XCTAssertTrue(pdf.stderr.contains("--output writes .html .htm .csv .json .txt"), pdf.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: daemon.directory + "/r.pdf"))
        let text = try daemon.gridctl(["report", "--output", daemon.directory + "/r.txt"])
        XCTAssertEqual(text.status, 0, text.stderr)
        XCTAssertTrue(try String(contentsOfFile: daemon.directory + "/r.txt", encoding: .utf8).hasPrefix("evaluation report\n"), ".txt is the table")
        let unwritable = try daemon.gridctl(["report", "--output", daemon.directory + "/no/such/dir/r.html"])
        XCTAssertEqual(unwritable.status, 73, unwritable.stderr)
        // The daemon is still there.
        XCTAssertEqual(try daemon.gridctl(["status"]).status, 0)
    }
}
