import Foundation
import GridCore
@testable import GridDaemon
import GridSystem
import GridTesting
import XCTest

/// Every time gridd prints or stores for people is in the city's zone with its offset (issue 15):
/// `status`, an event's `ack_due` in `show --json` and in the log line, a rejected spool file's
/// `.reason`, and the sqlite views read with the sqlite3 shell — +08:00 for the sample city
/// (Asia/Shanghai), +09:00 for one configured in Asia/Tokyo. Details stored before (`…Z`) stay
/// readable beside the new ones.
final class LocalTimeDaemonTests: XCTestCase {
    func testTheSampleCityShowsPlus0800Everywhere() throws {
        try checkEverything(extraConfig: "", offset: "+08:00", seconds: 8 * 3600)
    }

    func testACityInTokyoShowsPlus0900Everywhere() throws {
        try checkEverything(extraConfig: "[Calendar]\nTimeZone=Asia/Tokyo", offset: "+09:00", seconds: 9 * 3600)
    }

    private func checkEverything(extraConfig: String, offset: String, seconds: Int, line: UInt = #line) throws {
        let daemon = try DaemonHarness(extraConfig: extraConfig)
        try daemon.start()
        func local(_ value: JSONValue?, _ what: String) {
            let text = value?.stringValue ?? "(none)"
            XCTAssertTrue(text.hasSuffix(offset), "\(what): \(text)", line: line)
        }

        let status = try XCTUnwrap(try JSONParser.parse(try daemon.gridctl(["--json", "status"]).stdout).objectValue)
        for key in ["now", "started_at", "config_loaded_at"] { local(status[key], "status \(key)") }

        let submitted = try daemon.gridctl(["--json", "submit", "--category", "0102", "--cell", "320506002001006", "--title", "时间"])
        XCTAssertEqual(submitted.status, 0, submitted.stderr, line: line)
        let shown = try XCTUnwrap(try JSONParser.parse(try daemon.gridctl(["--json", "show", "1"]).stdout).objectValue)
        let detail = try XCTUnwrap(shown["events"]?.arrayValue?.first?.objectValue?["detail"]?.objectValue)
        local(detail["ack_due"], "ack_due in show --json")
        local(detail["case_due"], "case_due in show --json")
        // The same instant as the case's own deadline (printed at the same offset).
        let ackDue = try XCTUnwrap(detail["ack_due"]?.stringValue.flatMap { Timestamp(rfc3339: $0) })
        XCTAssertEqual(shown["deadline"]?.objectValue?["due_at"]?.stringValue, ackDue.rfc3339(utcOffsetSeconds: seconds), line: line)

        let logged = try XCTUnwrap(daemon.dispatchLogText.split(separator: "\n").first { $0.contains("event=dispatched id=1 ") })
        XCTAssertTrue(logged.contains(" ack_due=\(ackDue.rfc3339(utcOffsetSeconds: seconds)) "), String(logged), line: line)

        try daemon.spool("bad.json", #"{"category":"0102","cell":"#)
        XCTAssertTrue(waitUntil(seconds: 30) { daemon.spoolNames("rejected").contains("bad.json.reason") }, line: line)
        let reason = try JSONParser.parse(try Files.read(daemon.spoolDirectory + "/rejected/bad.json.reason")).objectValue
        local(reason?["at"], ".reason at")

        let views = [
            "SELECT created || ' ' || due || ' ' || case_due FROM open_incidents",
            "SELECT at FROM incident_timeline",
        ]
        for sql in views {
            let rows = try daemon.sqlite(sql)
            XCTAssertEqual(rows.count, 1, sql, line: line)
            for value in rows.first?.split(separator: " ") ?? [] { local(.string(String(value)), sql) }
        }
        XCTAssertEqual(try daemon.sqlite("SELECT due FROM open_incidents"), [ackDue.rfc3339(utcOffsetSeconds: seconds)], line: line)
    }

    /// A database of schema version 3 (its details say `…Z`): after the start its old details
    /// still read, with the same instants; a new action writes the offset; the views it had from
    /// its migrations (UTC) are rewritten in the city's zone.
    func testOldDetailsInUTCStayReadableBesideNewOnes() throws {
        let daemon = try DaemonHarness()
        try Version3Database.create(path: daemon.databasePath)
        try daemon.start()
        let shown = try XCTUnwrap(try JSONParser.parse(try daemon.gridctl(["--json", "show", "1"]).stdout).objectValue)
        let old = try XCTUnwrap(shown["events"]?.arrayValue?.first?.objectValue?["detail"]?.objectValue?["ack_due"]?.stringValue)
        XCTAssertTrue(old.hasSuffix("Z"), old)
        XCTAssertEqual(Timestamp(rfc3339: old)?.milliseconds, Version3Database.at(30))
        XCTAssertEqual(LocalTime(rfc3339: old)?.instant.milliseconds, Version3Database.at(30))

        let noted = try daemon.gridctl(["--json", "note", "1", "--note", "看过了"])
        XCTAssertEqual(noted.status, 0, noted.stderr)
        let timeline = try daemon.sqlite("SELECT at FROM incident_timeline WHERE incident_id = 1")
        XCTAssertFalse(timeline.isEmpty)
        XCTAssertTrue(timeline.allSatisfy { $0.hasSuffix("+08:00") }, "\(timeline)")
        XCTAssertEqual(timeline.first, Timestamp(milliseconds: Version3Database.at(0)).rfc3339(utcOffsetSeconds: 8 * 3600))
    }

    /// A reload that changes the zone says a restart is needed for it (the log's `ts=` and the
    /// views keep the start's zone); `status` follows the new zone at once; the next start
    /// rewrites the views in it.
    func testAReloadedZoneIsTakenByStatusAndByTheViewsAtTheNextStart() throws {
        let daemon = try DaemonHarness()
        try daemon.start()
        XCTAssertEqual(try daemon.gridctl(["submit", "--category", "0102", "--cell", "320506002001006"]).status, 0)
        try daemon.rewriteConfig(extraConfig: "[Calendar]\nTimeZone=Asia/Tokyo")
        daemon.signal(SIGHUP)
        XCTAssertTrue(waitUntil(seconds: 30) { daemon.dispatchLogText.contains("event=reloaded") }, daemon.stderrText)
        let restart = daemon.dispatchLogText.split(separator: "\n").first { $0.contains("event=reload_restart_needed") }
        XCTAssertTrue(restart?.contains("time_zone") ?? false, String(restart ?? "no reload_restart_needed"))
        let status = try JSONParser.parse(try daemon.gridctl(["--json", "status"]).stdout).objectValue
        XCTAssertTrue(status?["now"]?.stringValue?.hasSuffix("+09:00") ?? false, "\(String(describing: status?["now"]))")
        XCTAssertEqual(status?["time_zone"], "Asia/Tokyo")
        XCTAssertTrue(try daemon.sqlite("SELECT created FROM open_incidents").allSatisfy { $0.hasSuffix("+08:00") })

        XCTAssertEqual(daemon.stop(), 0)
        try daemon.start()
        let created = try daemon.sqlite("SELECT created FROM open_incidents")
        XCTAssertEqual(created.count, 1)
        XCTAssertTrue(created.allSatisfy { $0.hasSuffix("+09:00") }, "\(created)")
    }

    /// The log line of an event with a due (a missed window) prints it at the log's offset.
    func testTheLogLinePrintsAnEventsDueAtTheOffset() throws {
        let calendar = try WorkingCalendar(timeZoneIdentifier: "Asia/Tokyo")
        let due = try XCTUnwrap(Timestamp(rfc3339: "2026-12-07T01:30:00Z"))
        let community = try XCTUnwrap(UnitCode("320506002001"))
        let incident = Incident(
            id: 7, key: nil, category: "0102", priority: .normal, state: .dispatched, tier: .community, unit: community,
            placement: Placement(method: .community, community: community, city: try XCTUnwrap(UnitCode("320500"))),
            createdAt: due, updatedAt: due, source: .socket, createdBy: .system)
        let event = IncidentEvent(
            incidentID: 7, kind: .overdue, at: due.adding(milliseconds: 60_000), tier: .community, unit: incident.unit, actor: .system,
            due: due, detail: [:])
        let body = LogLine.event(event, incident: incident, time: calendar.rfc3339).body()
        XCTAssertTrue(body.contains(" due=2026-12-07T10:30:00.000+09:00 late_ms=60000"), body)
    }
}
