import GridCore
import GridTesting
import XCTest

/// The real daemon started on a database made as version 3 made it (`Version3Database`): the
/// migration and the start-up back-fill give every case its case deadline — from its creation,
/// with the windows of the tier it started at — its 超期 and its `missed_windows`, once.
final class CaseDeadlineBackfillTests: XCTestCase {
    typealias V = Version3Database

    func testCasesFromVersion3GetTheirCaseDeadlinesAndMissesOnce() throws {
        let daemon = try DaemonHarness()
        try Version3Database.create(path: daemon.databasePath)
        try daemon.start()
        XCTAssertTrue(daemon.dispatchLogText.contains("event=case_deadlines_backfilled count=6 "), daemon.dispatchLogText)

        // From 09:00: ack 30 min then resolve 4 h at the community; 20 min then 2 h at the street.
        let expected: [V.Case: (due: String, warn: String, missed: Int64, charged: [String])] = [
            .escalatedTwice: ("13:30", "12:36", 2, [V.community.rawValue, V.street.rawValue]),
            .overdueAtTheTop: ("13:30", "12:36", 4, [V.community, V.street, V.district, V.city].map(\.rawValue)),
            .closed: ("13:30", "12:36", 0, []),
            .deferred: ("13:30", "12:36", 0, []),
            .verificationMissed: ("13:30", "12:36", 0, []),
            .startedAtTheStreet: ("11:20", "10:52", 0, []),
        ]
        for (which, want) in expected {
            let shown = try XCTUnwrap(try JSONParser.parse(try daemon.gridctl(["--json", "show", String(which.rawValue)]).stdout).objectValue)
            XCTAssertEqual(shown["case_due"], .string("2026-06-01T\(want.due):00.000+08:00"), "\(which)")
            XCTAssertEqual(shown["deadline"]?.objectValue?["case_warn_at"], .string("2026-06-01T\(want.warn):00.000+08:00"), "\(which)")
            XCTAssertEqual(shown["missed_windows"], .int(want.missed), "\(which)")
            let charged = shown["charges"]?.arrayValue?.compactMap { $0.objectValue?["unit"]?.objectValue?["code"]?.stringValue }
            XCTAssertEqual(charged, want.charged, "\(which)")
        }
        let windows = try XCTUnwrap(
            try JSONParser.parse(try daemon.gridctl(["--json", "show", "1"]).stdout).objectValue?["windows"]?.arrayValue)
        XCTAssertEqual(windows.compactMap { $0.objectValue?["outcome"]?.stringValue }, ["missed", "missed", "met", "met"])

        // Months later every open case is past its case deadline: red, unless deferred.
        let overdue = try daemon.gridctl(["--json", "list", "--overdue"]).stdout.split(separator: "\n")
            .compactMap { try? JSONParser.parse(String($0)).objectValue?["id"]?.intValue }
        XCTAssertEqual(overdue, [V.Case.startedAtTheStreet.rawValue, V.Case.overdueAtTheTop.rawValue])
        XCTAssertEqual(try daemon.sqlite("SELECT count(*) FROM case_deadline_backfill"), ["0"])

        // Once: a restart finds the list empty and logs nothing.
        XCTAssertEqual(daemon.stop(), 0)
        try daemon.start()
        XCTAssertEqual(daemon.dispatchLogText.components(separatedBy: "event=case_deadlines_backfilled").count, 2)
        XCTAssertEqual(daemon.stop(), 0)
    }
}
