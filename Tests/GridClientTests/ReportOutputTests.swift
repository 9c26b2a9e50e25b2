import Foundation
import GridCore
import XCTest

@testable import GridClient

/// `report --output FILE` picks the format from the extension, refuses one it cannot write (exit
/// 2, nothing written) and a `--format` that disagrees; and the words of the Chinese HTML page
/// (`ReportHTMLText`): its period and how late a case is.
final class ReportOutputTests: XCTestCase {
    private func format(_ arguments: [String], json: Bool = false) throws -> ReportCommand.Format {
        try ReportCommand.format(try ParsedArguments(arguments, command: CommandTable.spec("report")), json: json)
    }

    private func usage(_ arguments: [String], json: Bool = false, language: Language = .en) -> String? {
        do {
            _ = try ReportCommand.format(try ParsedArguments(arguments, command: CommandTable.spec("report")), json: json, language: language)
            return nil
        } catch {
            guard case .usage(let message) = error else { return "not a usage error: \(error)" }
            return message
        }
    }

    func testEachExtensionPicksItsFormat() throws {
        for (file, expected) in [
            ("r.html", ReportCommand.Format.html), ("r.htm", .html), ("R.HTML", .html), ("r.csv", .csv), ("r.json", .json),
            ("r.txt", .table), ("2026年11月/综合评价.html", .html), ("./out.v2.csv", .csv),
        ] {
            XCTAssertEqual(try format(["--output", file]), expected, file)
        }
        XCTAssertEqual(try format([]), .table, "stdout: a table")
        XCTAssertEqual(try format(["--output", "-"]), .table, "- is stdout")
        XCTAssertEqual(try format(["--output", "-", "--format", "csv"]), .csv)
        XCTAssertEqual(try format(["--format", "html"]), .html)
        XCTAssertEqual(try format(["--format", "csv", "--output", "r.csv"]), .csv, "agreeing --format is fine")
        XCTAssertEqual(try format(["--output", "r.json"], json: true), .json, "--json and .json agree")
        XCTAssertEqual(try format([], json: true), .json)
    }

    func testAnExtensionItCannotWriteIsRefusedNamingWhatItCan() {
        for file in ["x.pdf", "x.xlsx", "X.PDF"] {
            let message = usage(["--output", file])
            XCTAssertEqual(message, "cannot write a report as .\(file.split(separator: ".").last!) (\(file)): --output writes .html .htm .csv .json .txt", file)
        }
        for file in ["report", "out.d/report", ".report", "report."] {
            XCTAssertEqual(usage(["--output", file]), "\(file) has no extension: --output writes .html .htm .csv .json .txt (or - for stdout)", file)
        }
        XCTAssertEqual(usage(["--output", "x.pdf"], language: .zh), "不能写成 .pdf 格式（x.pdf）：--output 可写 .html .htm .csv .json .txt")
        XCTAssertFalse(usage(["--output", "x.pdf"])!.contains("\n"), "one line")
    }

    func testAFormatThatDisagreesWithTheExtensionIsAUsageError() {
        XCTAssertEqual(usage(["--format", "csv", "--output", "r.html"]),
            "--format csv conflicts with --output r.html, which is html: drop --format or change the extension")
        XCTAssertEqual(usage(["--output", "r.html"], json: true),
            "--format json conflicts with --output r.html, which is html: drop --format or change the extension")
        XCTAssertEqual(usage(["--format", "table", "--output", "r.csv"], language: .zh),
            "--format table 与 --output r.csv（csv 格式）不一致：去掉 --format 或改扩展名")
    }

    /// In-process gridctl: the refusal exits 2 before any daemon is asked, and writes nothing.
    func testRefusalsWriteNothing() throws {
        let directory = NSTemporaryDirectory() + "gridctl-report-\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for arguments in [["--output", "x.pdf"], ["--output", "x.xlsx"], ["--output", "x"], ["--format", "csv", "--output", "x.html"]] {
            let path = directory + "/" + arguments.last!
            let result = CapturedOutput.run(["--lang", "en", "--socket", directory + "/none.sock", "report"] + arguments.dropLast() + [path])
            XCTAssertEqual(result.status, 2, "\(arguments): \(result.stderr)")
            XCTAssertEqual(result.stdout, "")
            XCTAssertTrue(result.stderr.hasPrefix("gridctl: "), result.stderr)
            XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, "one line: \(result.stderr)")
            XCTAssertFalse(FileManager.default.fileExists(atPath: path), "\(path) was written")
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory), [])
    }

    func testThePeriodAsPeopleSayIt() {
        func period(_ from: String, _ to: String) -> String {
            ReportHTMLText.period(from: LocalTime(rfc3339: from + ":00+08:00")!, to: LocalTime(rfc3339: to + ":00+08:00")!)
        }
        XCTAssertEqual(period("2026-11-01T00:00", "2026-12-01T00:00"), "2026年11月")
        XCTAssertEqual(period("2026-12-01T00:00", "2027-01-01T00:00"), "2026年12月")
        XCTAssertEqual(period("2026-04-01T00:00", "2026-07-01T00:00"), "2026年第二季度")
        XCTAssertEqual(period("2026-01-01T00:00", "2027-01-01T00:00"), "2026年")
        XCTAssertEqual(period("2026-05-01T00:00", "2026-07-01T00:00"), "2026年5月至6月")
        XCTAssertEqual(period("2026-11-01T00:00", "2027-02-01T00:00"), "2026年11月至2027年1月")
        XCTAssertEqual(period("2026-11-03T00:00", "2026-11-20T00:00"), "2026年11月3日至11月19日")
        XCTAssertEqual(period("2026-11-03T00:00", "2026-11-04T00:00"), "2026年11月3日")
        XCTAssertEqual(period("2026-12-01T00:00", "2026-12-05T14:20"), "2026年12月1日至12月5日 14:20", "this month so far")
    }

    func testHowLateACaseIs() {
        let hour: Int64 = 3_600_000
        func late(_ calendar: Int64, _ working: Int64, workingTime: Bool, _ language: Language = .zh) -> String {
            let overdue = RegisterOverdue(
                window: "ack", unit: UnitCode("320506002001")!, dueAt: LocalTime(rfc3339: "2026-06-24T11:00:00+08:00")!,
                calendarMilliseconds: calendar, workingMilliseconds: working, workingTime: workingTime, misses: 1)
            return ReportText.overdueFor(overdue, language)
        }
        XCTAssertEqual(late(3 * hour + 59 * 60_000, hour, workingTime: false), "超期 3 小时")
        XCTAssertEqual(late(40 * 60_000, 0, workingTime: false), "超期 40 分钟")
        XCTAssertEqual(late(48 * hour, 14 * hour, workingTime: false), "超期 2 天")
        XCTAssertEqual(late(166 * hour, 33 * hour, workingTime: false), "超期 6 天 22 小时")
        XCTAssertEqual(late(166 * hour, 33 * hour, workingTime: true), "超期 33 工作小时")
        XCTAssertEqual(late(hour, 20 * 60_000, workingTime: true), "超期 20 工作分钟")
        XCTAssertEqual(late(166 * hour, 33 * hour, workingTime: false, .en), "6 d 22 h")
        XCTAssertEqual(late(166 * hour, 33 * hour, workingTime: true, .en), "33 wh")
        XCTAssertEqual(ReportHTMLText.target(0.9), "目标 90%")
        XCTAssertEqual(ReportHTMLText.target(0.925), "目标 92.5%")
    }
}
