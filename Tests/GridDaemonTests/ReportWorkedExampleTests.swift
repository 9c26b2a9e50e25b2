import Foundation
import GridCore
import GridFixtures
import GridStore
import GridTesting
import XCTest

@testable import GridClient
@testable import GridDaemon

/// The worked example of docs/REPORTS.md on the real daemon: its fourteen cases written into a
/// real database through the lifecycle (`CaseScript`, with the config's own policy snapshot),
/// gridd started on it at the report's time (a drill clock), and `gridctl report` checked figure
/// by figure (`WorkedExample.expected`), then as a table, CSV and HTML, by territory and by
/// responsible unit.
final class ReportWorkedExampleTests: XCTestCase {
    static let june = ["--unit", "320506", "--by", "community", "--from", "2026-06-01", "--to", "2026-06-30"]

    static func startOnTheWorkedExample(extraConfig: String = "", file: StaticString = #filePath, line: UInt = #line) throws -> DaemonHarness {
        let daemon = try DaemonHarness(extraConfig: WorkedExample.policyConfig + extraConfig)
        let model: CityModel
        switch CityLoader.load(configPath: daemon.configPath, clock: SystemClock()) {
        case .success(let loaded): model = loaded
        case .failure(let problems): throw CaseScript.ScriptError(description: "\(problems.lines)")
        }
        for code in ["0102", "0103"] {
            let category = try XCTUnwrap(model.config.categories[code])
            XCTAssertEqual(model.config.policy.snapshot(category: category, priority: category.defaultPriority), WorkedExample.policy,
                "the example's policy is what the config gives category \(code)", file: file, line: line)
        }
        let store = try IncidentStore(path: daemon.databasePath)
        try CaseScript(store: store, config: model.config, calendar: model.lifecycle.calendar).playWorkedExample()
        store.close()
        try daemon.start(extraArguments: ["--start-at", "2026-07-01T09:00:00+08:00", "--time-scale", "1"], file: file, line: line)
        return daemon
    }

    func testEveryFigureOfTheWorkedExample() throws {
        let daemon = try Self.startOnTheWorkedExample()
        let result = try daemon.gridctl(["--json", "report"] + Self.june)
        XCTAssertEqual(result.status, 0, result.stderr)
        let json = try JSONParser.parse(result.stdout)
        XCTAssertEqual(WorkedExample.mismatches(in: json), [])
        let report = try EvaluationReport(json: json)
        XCTAssertEqual(report.previousFrom.description, "2026-05-01T00:00:00.000+08:00")
        XCTAssertEqual(report.units.count, 6, "every community of 清河区")
        XCTAssertEqual(report.responsibleUnits.map(\.unit), WorkedExample.responsibleRows)
        XCTAssertEqual(report.responsibleUnits.map(\.name), ["花园社区", "桃源社区", "望江街道", "清河街道", "清河区", "江州市"])
        XCTAssertEqual([report.total.openGreen, report.total.openYellow, report.total.openRed, report.total.openPaused], [1, 0, 2, 2])
        XCTAssertEqual(report.register.map(\.id), [12, 17])
        // By street, 清河街道's row counts its own two misses and 桃源社区's two (not 清河区's).
        let byStreet = try EvaluationReport(json: try JSONParser.parse(try daemon.gridctl(
            ["--json", "report", "--unit", "320506", "--by", "street", "--from", "2026-06-01", "--to", "2026-06-30"]).stdout))
        XCTAssertEqual(byStreet.units.first { $0.unit == WorkedExample.qingheStreet }?.metrics.overdue, 4)
        XCTAssertEqual(byStreet.total.overdue, 5)
        // Time to acknowledge and to resolve, as docs/REPORTS.md works them out.
        let hour: Int64 = 3_600_000
        XCTAssertEqual(report.total.timeToAcknowledge, EvaluationReport.DurationSummary(
            count: 9, calendarMedian: hour / 2, calendarP90: 11 * hour / 2, workingMedian: hour / 2, workingP90: 3 * hour))
        XCTAssertEqual(report.total.timeToResolve, EvaluationReport.DurationSummary(
            count: 6, calendarMedian: 7 * hour, calendarP90: 27 * hour, workingMedian: 7 * hour / 2, workingP90: 10 * hour))
    }

    func testTableCSVAndHTMLCarryTheScoresRanksAndBothViews() throws {
        let daemon = try Self.startOnTheWorkedExample()
        let table = try daemon.gridctl(["report"] + Self.june)
        XCTAssertEqual(table.status, 0, table.stderr)
        let lines = table.stdout.split(separator: "\n").map(String.init)
        XCTAssertTrue(lines.contains { $0.hasPrefix("  previous") && $0.hasSuffix("  2026-05-01 00:00 → 2026-06-01 00:00") }, table.stdout)
        // Each unit has a row in the counts, the scores and the spans; the scores: score, rank,
        // previous score, change, previous rank, on-time rate, previous, change.
        func scores(_ name: String) throws -> [String] {
            let rows = lines.filter { $0.hasPrefix(name) }
            XCTAssertEqual(rows.count, 4, name)
            return rows[1].split(separator: " ").dropFirst(name.split(separator: " ").count).map(String.init)
        }
        XCTAssertEqual(try scores("桃源社区 (320506002001)"), ["68.0", "1", "100.0", "-32.0", "1", "60.0%", "100.0%", "-40.0pp"])
        XCTAssertEqual(try scores("花园社区 (320506001001)"), ["55.0", "2", "66.7", "-11.7", "2", "50.0%", "50.0%", "±0.0pp"])
        XCTAssertEqual(try scores("东湖社区 (320506001002)"), Array(repeating: "-", count: 8), "no score, no rank, no rate")
        XCTAssertEqual(try scores("total"), ["64.3", "-", "83.0", "-18.7", "-", "57.1%", "75.0%", "-17.9pp"])
        func loop(_ name: String) throws -> [String] {
            let rows = lines.filter { $0.hasPrefix(name) }
            return rows[3].split(separator: " ").dropFirst(name.split(separator: " ").count).map(String.init)
        }

        let byUnit = try daemon.gridctl(["report", "--view", "unit"] + Self.june)
        XCTAssertEqual(byUnit.status, 0, byUnit.stderr)
        let unitRow = try XCTUnwrap(byUnit.stdout.split(separator: "\n").first { $0.hasPrefix("清河街道 (320506002)") }, byUnit.stdout)
        XCTAssertEqual(unitRow.split(separator: " ").dropFirst(2).map(String.init), ["street", "2", "2", "0", "0", "0", "0", "0", "0", "0"])
        let districtRow = try XCTUnwrap(byUnit.stdout.split(separator: "\n").first { $0.hasPrefix("清河区 (320506)") }, byUnit.stdout)
        XCTAssertEqual(districtRow.split(separator: " ").dropFirst(2).map(String.init), ["district", "3", "1", "1", "1", "0", "0", "0", "0", "0"],
            "督办 received (case 12)")
        // The loop's figures: registered, rejected, 及时立案率 and the previous one, 督办, 主动上报, visits, 满意率 and the previous one.
        XCTAssertEqual(try loop("total"), ["11", "1", "50.0%", "-", "2", "1", "3", "66.7%", "-"])
        XCTAssertEqual(try loop("花园社区 (320506001001)"), ["5", "1", "0.0%", "-", "1", "1", "1", "0.0%", "-"])

        let csv = try daemon.gridctl(["report", "--format", "csv", "--view", "unit"] + Self.june)
        let rows = csv.stdout.dropFirst().components(separatedBy: "\r\n")
        XCTAssertEqual(rows[0], ReportCSVFormatter.responsibleHeaders.joined(separator: ","))
        XCTAssertEqual(Array(rows.dropFirst()), [
            "community,320506001001,花园社区,9,0,2,0,0,0,4,1,2,0,0,0", "community,320506002001,桃源社区,11,2,4,0,1,1,6,0,2,0,0,0",
            "street,320506001,望江街道,2,0,0,1,0,0,2,0,1,0,0,0", "street,320506002,清河街道,2,2,0,0,0,0,0,0,0,0,0,0",
            "district,320506,清河区,3,1,1,1,0,0,0,0,0,0,0,0", "city,320500,江州市,3,1,0,0,0,0,0,0,0,0,0,0", "",
        ])

        // By territory, the total's loop columns (after the open cases) and their previous period's (last).
        let territoryCSV = try daemon.gridctl(["report", "--format", "csv"] + Self.june).stdout.dropFirst().components(separatedBy: "\r\n")
        let header = territoryCSV[0].components(separatedBy: ","), total = territoryCSV[1].components(separatedBy: ",")
        XCTAssertEqual(header.count, total.count)
        let rejected = try XCTUnwrap(header.firstIndex(of: "rejected"))
        XCTAssertEqual(Array(total[rejected..<(rejected + 9)]), ["1", "1", "2", "50.0", "2", "1", "2", "3", "66.7"])
        XCTAssertEqual(Array(total.suffix(6)), ["5", "0", "", "0", "0", ""], "May: registered 5, nothing else of the loop")
        let page = daemon.directory + "/june.html"
        XCTAssertEqual(try daemon.gridctl(["report", "--output", page] + Self.june).status, 0)
        let html = try String(contentsOfFile: page, encoding: .utf8)
        XCTAssertTrue(html.contains("<section id=\"ranking\"><h2>社区排名</h2>"), html)
        XCTAssertTrue(html.contains("<div class=\"value\">50.0%</div><div class=\"label\">及时立案率</div>"), html)
        XCTAssertTrue(html.contains("<div class=\"value\">66.7%</div><div class=\"label\">满意率</div>"), html)
        XCTAssertTrue(html.contains("<th>不予立案</th>"), html)
        let ranking = String(html[html.range(of: "<section id=\"ranking\">")!.lowerBound...].prefix(4000))
        XCTAssertTrue(ranking.contains("<td class=\"number\">1</td><td>桃源社区 (320506002001)</td><td class=\"number\">68.0</td><td class=\"number\">-32.0</td>"), ranking)
        XCTAssertTrue(ranking.contains("<td class=\"number\">2</td><td>花园社区 (320506001001)</td><td class=\"number\">55.0</td><td class=\"number\">-11.7</td>"), ranking)
        let unitPage = daemon.directory + "/june-units.html"
        XCTAssertEqual(try daemon.gridctl(["report", "--view", "unit", "--output", unitPage] + Self.june).status, 0)
        XCTAssertTrue(try String(contentsOfFile: unitPage, encoding: .utf8).contains("<section id=\"responsible\">"))
        XCTAssertEqual(try daemon.gridctl(["report", "--view", "people"]).status, 2)
    }

    /// `[Evaluation] Weights=` is checked at start and by --check-config, and a reload applies
    /// it to the next report.
    func testWeightsAreCheckedAndFollowAReload() throws {
        let daemon = try Self.startOnTheWorkedExample()
        func score() throws -> Double? {
            let result = try daemon.gridctl(["--json", "report"] + Self.june)
            return try JSONParser.parse(result.stdout).objectValue?["units"]?.arrayValue?
                .first { $0.objectValue?["unit"]?.objectValue?["code"] == "320506001001" }?.objectValue?["metrics"]?.objectValue?["score"]?.doubleValue
        }
        XCTAssertEqual(try score(), 55)
        try daemon.rewriteConfig(extraConfig: WorkedExample.policyConfig + "\n[Evaluation]\nWeights=on_time=1 close=1\n")
        daemon.signal(SIGHUP)
        XCTAssertTrue(waitUntil(seconds: 20) { daemon.dispatchLogText.components(separatedBy: "event=reloaded").count > 1 }, daemon.dispatchLogText)
        XCTAssertEqual(try score(), 50, "on-time 50% and close 50%, rework weighing nothing")

        try daemon.rewriteConfig(extraConfig: WorkedExample.policyConfig + "\n[Evaluation]\nWeights=on_time=60 close=30 rewrok=10\n")
        let check = try daemon.checkConfig()
        XCTAssertEqual(check.status, 1)
        XCTAssertTrue(check.stderr.contains("unknown weight \"rewrok\": the weights are on_time, close and rework; did you mean rework?"), check.stderr)
        daemon.signal(SIGHUP)
        XCTAssertTrue(waitUntil(seconds: 20) { daemon.dispatchLogText.contains("event=reload_failed") }, daemon.dispatchLogText)
        XCTAssertEqual(try score(), 50, "a refused reload keeps the weights in force")
        XCTAssertEqual(daemon.stop(), 0)
    }
}
