import Foundation
import GridCore
import GridFixtures
import XCTest

@testable import GridClient

/// The meeting-ready HTML page on the worked example of docs/REPORTS.md (June 2026 by community
/// of 清河区, run on 1 July 09:00) with `[Evaluation] Target=90%`: the Chinese title with the unit
/// and the period, the ranking with 综合指标 and 环比, the target line on the on-time chart, the
/// 超期 list with the unit that missed and by how long, no English capitals, A4 landscape print;
/// and the same list in the JSON answer and in the Chinese table.
final class ReportHTMLPageTests: XCTestCase {
    static let target = "\n[Evaluation]\nTarget=90%\n"

    func testTheChinesePage() throws {
        let daemon = try ReportWorkedExampleTests.startOnTheWorkedExample(extraConfig: Self.target)
        let page = daemon.directory + "/june.html"
        let result = try daemon.gridctl(["report", "--output", page] + ReportWorkedExampleTests.june)
        XCTAssertEqual(result.status, 0, result.stderr)
        let html = try String(contentsOfFile: page, encoding: .utf8)

        XCTAssertTrue(html.contains("<title>清河区 2026年6月 网格化管理综合评价</title>"), String(html.prefix(800)))
        XCTAssertTrue(html.contains("<h1 id=\"title\">清河区 2026年6月 网格化管理综合评价</h1>"))
        // The ranking: 排名, 单位, 综合指标, its 环比, previous rank, on-time rate and its 环比 in points.
        XCTAssertTrue(html.contains("<section id=\"ranking\"><h2>社区排名</h2><table><thead><tr><th>排名</th><th>单位</th><th>综合指标</th><th>环比</th>"), html)
        let ranking = String(html[html.range(of: "<section id=\"ranking\">")!.lowerBound...].prefix(3000))
        XCTAssertTrue(ranking.contains(
            "<td class=\"number\">1</td><td>桃源社区 (320506002001)</td><td class=\"number\">68.0</td><td class=\"number\">-32.0</td>"
                + "<td class=\"number\">1</td><td class=\"number\">60.0%</td><td class=\"number\">-40.0</td>"), ranking)
        // The target line at 90% of the bars' 420 px from x = 240, labelled.
        let chart = String(html[html.range(of: "<svg id=\"chart-on-time\"")!.lowerBound...].prefix(while: { $0 != "\u{0}" }))
        XCTAssertTrue(chart.contains("<g id=\"target-line\"><line x1=\"618.0\""), chart)
        XCTAssertTrue(chart.contains(">目标 90%</text></g>"), chart)
        XCTAssertTrue(html.contains("按期结案率目标 90.0%"))
        // The 超期 list: case 12 (桃源社区 missed its ack window on 24 June 11:00, 3 misses in all)
        // and case 17 (the 立案时限 of 江州市's centre, 30 June 11:00).
        let register = String(html[html.range(of: "<section id=\"register\">")!.lowerBound...])
        XCTAssertTrue(register.hasPrefix("<section id=\"register\"><h2>超期（督办）清单：共 2 件</h2>"), register)
        XCTAssertTrue(register.contains("<td>桃源社区</td><td>受理时限</td><td>2026-06-24 11:00</td><td>超期 6 天 22 小时</td><td class=\"number\">3</td>"), register)
        XCTAssertTrue(register.contains("<td>江州市</td><td>立案时限</td><td>2026-06-30 11:00</td><td>超期 22 小时</td><td class=\"number\">1</td>"), register)
        XCTAssertLessThan(register.range(of: "桃源社区</td><td>受理时限")!.lowerBound, register.range(of: "江州市</td><td>立案时限")!.lowerBound,
            "longest overdue first")
        // No English capitals in what the page shows (codes are digits; the zone is a code).
        XCTAssertEqual(Self.englishCapitals(in: html), [], "English words on the page")
        XCTAssertTrue(html.contains("@media print{@page{size:A4 landscape;"))
        XCTAssertFalse(html.contains("0pp<"), "the change of a rate in 百分点 (the header says so), not pp")

        // Without Target=: no line (the browser test's page has none either).
        let plain = try ReportTests.playJune()
        let plainPage = plain.directory + "/plain.html"
        XCTAssertEqual(try plain.gridctl(["report", "--output", plainPage]).status, 0)
        XCTAssertFalse(try String(contentsOfFile: plainPage, encoding: .utf8).contains("target-line"))
    }

    /// The JSON answer carries the target and each listed case's first miss; the Chinese table
    /// shows the list with the same words, and its headers in Chinese.
    func testTheJSONAndTheChineseTable() throws {
        let daemon = try ReportWorkedExampleTests.startOnTheWorkedExample(extraConfig: Self.target)
        let json = try daemon.gridctl(["--json", "report"] + ReportWorkedExampleTests.june)
        let answer = try JSONParser.parse(json.stdout)
        XCTAssertEqual(answer.objectValue?["on_time_target"]?.doubleValue, 0.9)
        let report = try EvaluationReport(json: answer)
        XCTAssertEqual(report.register.map(\.id), [12, 17])
        let first = try XCTUnwrap(report.register.first?.overdue)
        XCTAssertEqual([first.window, first.unit.rawValue, first.unitName ?? "-"], ["ack", "320506002001", "桃源社区"])
        XCTAssertEqual(first.misses, 3)
        XCTAssertFalse(first.workingTime, "the example's Ack=2h is calendar time")

        let table = try daemon.gridctl(["--lang", "zh", "report"] + ReportWorkedExampleTests.june)
        XCTAssertEqual(table.status, 0, table.stderr)
        let lines = table.stdout.split(separator: "\n").map(String.init)
        XCTAssertTrue(lines.contains { $0.hasPrefix("单位 ") && $0.contains("受理") && $0.contains("按期结案率") }, table.stdout)
        XCTAssertTrue(lines.contains { $0.hasPrefix("合计 ") }, table.stdout)
        XCTAssertTrue(lines.contains { $0.trimmingCharacters(in: .whitespaces).hasPrefix("12 ") && $0.contains("桃源社区") && $0.contains("超期 6 天 22 小时") }, table.stdout)
        XCTAssertEqual(Self.englishCapitals(in: table.stdout), [], table.stdout)
        let csv = try daemon.gridctl(["--lang", "zh", "report", "--format", "csv"] + ReportWorkedExampleTests.june)
        XCTAssertTrue(csv.stdout.dropFirst().hasPrefix("范围,代码,名称,受理,立案,撤销,"), csv.stdout)
        XCTAssertTrue(csv.stdout.contains("\r\ntotal,,合计,"), "范围 values are codes; the total's name is 合计")
    }

    /// Runs of two or more capital Latin letters in the text a reader sees: the page without its
    /// tags, its `<style>` and its `<title>` elements' attributes, the time zone (a code) taken out.
    static func englishCapitals(in text: String) -> [String] {
        var visible = text
        if let style = visible.range(of: "<style>"), let end = visible.range(of: "</style>") {
            visible.removeSubrange(style.lowerBound..<end.upperBound)
        }
        var shown = "", inTag = false
        for character in visible {
            if character == "<" { inTag = true } else if character == ">" { inTag = false } else if !inTag { shown.append(character) }
        }
        var found: [String] = [], run = ""
        for character in shown + " " {
            if character.isASCII, character.isUppercase {
                run.append(character)
            } else {
                if run.count >= 2 { found.append(run) }
                run = ""
            }
        }
        return found
    }
}
