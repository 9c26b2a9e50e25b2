import Foundation
import GridCore
import XCTest

@testable import GridClient

/// Text from reports cannot forge gridctl's output: the real gridd, the real gridctl, a report whose
/// title, address, description and reporter name carry terminal escapes (window title, clear
/// screen), CR, NUL, DEL, C1 controls, line separators and bidi overrides, and a note that tries
/// to add a forged `escalated city` row to the timeline.
final class OutputForgeryTests: XCTestCase {
    /// Every kind of control: OSC window title, CSI clear screen, CR, backspace, NUL, one-byte CSI
    /// (C1), RLO bidi override, an isolate, LS, PS, NEL, DEL.
    static let hostile = "标题\u{1B}]0;pwned\u{07}清屏\u{1B}[2J回车\r退格\u{08}空\u{0}C1\u{9B}31m反\u{202E}gnp.exe\u{2066}隔\u{2028}段\u{2029}NEL\u{85}DEL\u{7F}尾"
    static let forgedRow = "2026-06-01T09:00:00+08:00  escalated  city  苏州市 (320500)  root(0)"

    /// Everything that is not a plain line break of the output itself.
    static func controls(in text: String) -> [String] {
        text.unicodeScalars.filter { $0 != "\n" && ControlCharacters.contains($0) }.map { ControlCharacters.name($0) }
    }

    static func submitHostile(_ daemon: DaemonHarness) throws -> Int64 {
        let report: JSONValue = [
            "category": "0102", "cell": "320506002001006", "title": .string(hostile), "description": .string(hostile),
            "address": .string(hostile), "reporter": ["name": .string(String(hostile.prefix(40))), "phone": "13812345678"],
        ]
        let submitted = try daemon.gridctl(["--json", "submit", "--file", "-"], stdin: report.serialized())
        XCTAssertEqual(submitted.status, 0, submitted.stderr)
        return try XCTUnwrap(try JSONParser.parse(submitted.stdout).objectValue?["id"]?.intValue)
    }

    func testShowListAndSubmitPrintControlsAsEscapesAndEveryFieldOnOneLine() throws {
        let daemon = try DaemonHarness()
        try daemon.start()
        let id = try Self.submitHostile(daemon)
        let note = "收到\n" + Self.forgedRow + "  -  -  城市管理局已接手\r\u{1B}[1A"
        let noted = try daemon.gridctl(["note", String(id), "--note", note])
        XCTAssertEqual(noted.status, 0, noted.stderr)
        XCTAssertEqual(Self.controls(in: noted.stdout), [], noted.stdout)

        // --json stays exact: JSON escapes what it must, the text round-trips.
        let json = try XCTUnwrap(try JSONParser.parse(try daemon.gridctl(["--json", "show", String(id)]).stdout).objectValue)
        XCTAssertEqual(json["title"]?.stringValue, Self.hostile)
        XCTAssertEqual(json["events"]?.arrayValue?.last?.objectValue?["note"]?.stringValue, note)
        let eventCount = try XCTUnwrap(json["events"]?.arrayValue?.count)

        let shown = try daemon.gridctl(["show", String(id)])
        XCTAssertEqual(shown.status, 0, shown.stderr)
        XCTAssertEqual(Self.controls(in: shown.stdout), [], shown.stdout)
        XCTAssertTrue(shown.stdout.contains(#"标题\e]0;pwned\u{7}清屏\e[2J回车\r退格\u{8}空\0C1\u{9b}31m反\u{202e}gnp.exe\u{2066}隔\u{2028}段\u{2029}NEL\u{85}DEL\u{7f}尾"#), shown.stdout)
        // The timeline: its header, then one row per event — the note's forged row is inside a cell.
        let lines = shown.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        let timeline = try XCTUnwrap(lines.firstIndex(of: "timeline"))
        let rows = lines[(timeline + 2)...].filter { !$0.isEmpty }
        XCTAssertEqual(rows.count, eventCount, shown.stdout)
        XCTAssertFalse(lines.contains { $0.hasPrefix("2026-06-01T09:00:00") }, shown.stdout)
        XCTAssertTrue(rows.last?.contains(#"收到\n2026-06-01T09:00:00+08:00  escalated"#) == true, shown.stdout)
        // The key-value block: one line per field.
        for field in ["title", "description", "address", "reporter"] {
            XCTAssertEqual(lines.filter { $0.hasPrefix("  \(field) ") }.count, 1, field)
        }

        let listed = try daemon.gridctl(["list"])
        XCTAssertEqual(listed.status, 0, listed.stderr)
        XCTAssertEqual(Self.controls(in: listed.stdout), [], listed.stdout)
        XCTAssertEqual(listed.stdout.split(separator: "\n").count, 3, "header, one row, the count: \(listed.stdout)")

        let resubmitted = try daemon.gridctl(["submit", "--category", "0102", "--cell", "320506002001006", "--title", Self.hostile])
        XCTAssertEqual(resubmitted.status, 0, resubmitted.stderr)
        XCTAssertEqual(Self.controls(in: resubmitted.stdout), [], resubmitted.stdout)
    }

    func testErrorMessagesAndTailLinesShowTheTextTheyQuoteAsEscapes() throws {
        let daemon = try DaemonHarness()
        try daemon.start()
        // The daemon quotes the category it refuses; gridctl prints it escaped.
        let category = "01\u{1B}[2J\u{1B}]0;owned\u{07}\u{2028}ts=2026-06-01T09:00:00+08:00 level=notice event=escalated\u{202E}"
        let refused = try daemon.gridctl(["submit", "--category", category, "--cell", "320506002001006"])
        XCTAssertEqual(refused.status, 1, refused.stderr)
        XCTAssertEqual(Self.controls(in: refused.stderr), [], refused.stderr)
        // (The daemon's message escapes C0 itself; the separator and the override are gridctl's.)
        XCTAssertTrue(refused.stderr.contains(#"\u{2028}ts=2026-06-01T09:00:00+08:00 level=notice event=escalated\u{202e}"#), refused.stderr)
        XCTAssertEqual(refused.stderr.split(separator: "\n").count, 1, refused.stderr)

        // The dispatch log and `gridctl tail` (its human form is the log's logfmt): the refusal is
        // one line for any reader, even one that splits on U+2028, U+2029 and NEL.
        let tail = try daemon.gridctl(["tail", "-n", "20"])
        XCTAssertEqual(tail.status, 0, tail.stderr)
        XCTAssertEqual(Self.controls(in: tail.stdout), [], tail.stdout)
        XCTAssertTrue(tail.stdout.contains(#"\u{2028}ts=2026-06-01T09:00:00+08:00 level=notice event=escalated\u{202e}"#), tail.stdout)
        XCTAssertEqual(daemon.stop(), 0)
        let log = daemon.dispatchLogText
        XCTAssertEqual(Self.controls(in: log), [], log)
        XCTAssertFalse(log.split(whereSeparator: \.isNewline).contains { $0.hasPrefix("ts=2026-06-01T09:00:00") }, log)
    }

    func testKeysWithLineSeparatorsAreRefusedAndNeverReachTheLog() throws {
        let daemon = try DaemonHarness()
        try daemon.start()
        let connection = try daemon.connect()
        for separator in ["\u{2028}", "\u{2029}", "\u{85}", "\u{202E}"] {
            let key = "device7#1" + separator + "ts=2026-06-01T09:00:00+08:00 level=notice event=escalated id=1"
            let report: JSONObject = ["category": "0102", "cell": "320506002001006", "key": .string(key)]
            // Twice: before, the second was logged as `event=duplicate key=…` with the separator raw.
            for _ in 0..<2 {
                let response = try connection.call("submit", ["report": .object(report)])
                guard case .failure(let error) = response.result else { return XCTFail("a key with \(separator.debugDescription) was stored") }
                XCTAssertEqual(error.code, .invalidField)
                XCTAssertTrue(error.message.contains(ControlCharacters.name(separator.unicodeScalars.first!)), error.message)
            }
        }
        XCTAssertEqual(try connection.call("status").get()["store"]?["incidents"], 0)
        XCTAssertEqual(daemon.stop(), 0)
        let log = daemon.dispatchLogText
        XCTAssertEqual(Self.controls(in: log), [], log)
        XCTAssertFalse(log.split(whereSeparator: \.isNewline).contains { $0.hasPrefix("ts=2026-06-01T09:00:00") }, log)
    }

    func testReportTableCSVAndHTMLShowControlsAsEscapes() throws {
        let daemon = try ReportTests.playJune()
        let result = try daemon.gridctl(["--json", "report", "--from", "2026-06-01", "--to", "2026-06-30", "--by", "community"])
        XCTAssertEqual(result.status, 0, result.stderr)
        var report = try EvaluationReport(json: try JSONParser.parse(result.stdout))
        // Names and titles as they could come from a map or a report.
        let first = try XCTUnwrap(report.units.first)
        report.units[0].name = Self.hostile
        report.categories[0].name = "\u{202E}" + Self.hostile
        report.register = [
            EvaluationReport.RegisterEntry(
                id: 9, state: .dispatched, tier: .community, unit: first.unit, unitName: Self.hostile, category: "0102",
                categoryName: Self.hostile, dueAt: report.from, title: Self.hostile + "\n" + Self.forgedRow)
        ]
        report.registerCount = 1

        let table = ReportTableFormatter.render(report)
        XCTAssertEqual(Self.controls(in: table), [], table)
        XCTAssertFalse(table.split(separator: "\n").contains { $0.hasPrefix("2026-06-01T09:00:00") }, table)
        let registerRows = table.split(separator: "\n").drop { !$0.hasPrefix("overdue (supervision) list") }.dropFirst(2)
        XCTAssertEqual(registerRows.count, 1, table)

        let csv = String(decoding: ReportCSVFormatter.render(report).dropFirst(3), as: UTF8.self)
        XCTAssertEqual(Self.controls(in: csv.replacingOccurrences(of: "\r\n", with: "\n")), [], csv)
        let csvRows = csv.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        XCTAssertEqual(csvRows.count, 1 + 1 + report.units.count + report.categories.count, csv)

        let html = ReportHTMLFormatter.render(report)
        XCTAssertEqual(Self.controls(in: html), [], "no control or bidi override reorders the page")
        XCTAssertTrue(html.contains(#"\u{202e}gnp.exe"#))
        XCTAssertTrue(html.contains(#"\e]0;pwned"#))
    }

    func testVisibleTextEscapesEachControlAndLeavesTheRest() {
        XCTAssertEqual(VisibleText.escaped("a\u{1B}[2Jb\r\n\t\0"), #"a\e[2Jb\r\n\t\0"#)
        XCTAssertEqual(VisibleText.escaped("\u{85}\u{9B}\u{7F}\u{2028}\u{2029}\u{202E}\u{2066}\u{200F}\u{61C}"),
            #"\u{85}\u{9b}\u{7f}\u{2028}\u{2029}\u{202e}\u{2066}\u{200f}\u{61c}"#)
        XCTAssertEqual(VisibleText.escaped(#"花园社区 C:\path "q""#), #"花园社区 C:\path "q""#)
        XCTAssertEqual(VisibleText.escaped(VisibleText.escaped(Self.hostile)), VisibleText.escaped(Self.hostile), "idempotent")
        var table = TextTable(headers: ["A", "B"])
        table.add(["x\ny", "z"])
        XCTAssertEqual(table.render(), "A     B\n" + #"x\ny  z"# + "\n")
        XCTAssertEqual(DisplayWidth.truncate(String(repeating: "\u{202E}", count: 20), to: 10), #"\u{202e}\…"#)
    }
}
