import GridClient
import GridCore
import GridStore
import XCTest

/// The foundation end to end: the real gridd binary, its real socket and SQLite file, driven by
/// the real gridctl binary and by a protocol client.
final class SubmitAndQueryTests: XCTestCase {
    /// A point inside 320506002001006 桃源社区第6网格 of the sample map.
    static let taoyuanPoint = (lat: "31.29423", lon: "120.59601")

    func testGridctlSubmitShowListStatus() throws {
        let daemon = try DaemonHarness()
        try daemon.start()

        let submitted = try daemon.gridctl([
            "submit", "--category", "0102", "--lat", Self.taoyuanPoint.lat, "--lon", Self.taoyuanPoint.lon,
            "--title", "楼道堆放垃圾", "--reporter-phone", "13812345678",
        ])
        XCTAssertEqual(submitted.status, 0, submitted.stderr)
        XCTAssertTrue(submitted.stdout.contains("incident 1 dispatched to community 桃源社区 (320506002001)"), submitted.stdout)
        XCTAssertTrue(submitted.stdout.contains("320506002001006"), submitted.stdout)
        XCTAssertTrue(submitted.stdout.contains("清河街道 (320506002)"), submitted.stdout)
        XCTAssertTrue(submitted.stdout.contains("清河区 (320506)"), submitted.stdout)

        let shown = try daemon.gridctl(["--json", "show", "1"])
        XCTAssertEqual(shown.status, 0, shown.stderr)
        let incident = try XCTUnwrap(try JSONParser.parse(shown.stdout).objectValue)
        XCTAssertEqual(incident["state"], "dispatched")
        XCTAssertEqual(incident["cell"], "320506002001006")
        XCTAssertEqual(incident["created_by"]?.objectValue?["uid"], .int(Int64(getuid())))
        let events = try XCTUnwrap(incident["events"]?.arrayValue)
        XCTAssertEqual(events.count, 1)
        XCTAssertEqual(events.first?.objectValue?["kind"], "dispatched")
        XCTAssertEqual(events.first?.objectValue?["tier"], "community")
        XCTAssertNotNil(events.first?.objectValue?["at"]?.stringValue)

        let human = try daemon.gridctl(["show", "1"])
        XCTAssertTrue(human.stdout.contains("timeline"), human.stdout)
        XCTAssertTrue(human.stdout.contains("13812345678"), human.stdout)

        let listed = try daemon.gridctl(["list"])
        XCTAssertEqual(listed.status, 0, listed.stderr)
        XCTAssertTrue(listed.stdout.hasPrefix("ID"), listed.stdout)
        XCTAssertTrue(listed.stdout.contains("1 incident(s)"), listed.stdout)
        let listedJSON = try daemon.gridctl(["list", "--json", "--unit", "320506"])
        XCTAssertEqual(listedJSON.stdout.split(separator: "\n").count, 1, listedJSON.stdout)
        let otherDistrict = try daemon.gridctl(["list", "--json", "--unit", "320508"])
        XCTAssertEqual(otherDistrict.stdout, "")

        let status = try daemon.gridctl(["--json", "status"])
        XCTAssertEqual(status.status, 0, status.stderr)
        let statusObject = try XCTUnwrap(try JSONParser.parse(status.stdout).objectValue)
        XCTAssertEqual(statusObject["store"]?.objectValue?["incidents"], 1)
        XCTAssertEqual(statusObject["cells"], 100)
        // For people: the deadlines row counts failures, and the tail row its followers.
        let statusText = try daemon.gridctl(["status"]).stdout
        XCTAssertTrue(statusText.contains("0 fired, 0 failed"), statusText)
        XCTAssertTrue(statusText.contains("0 following,"), statusText)

        XCTAssertEqual(daemon.stop(), 0)
        // The dispatch log has the event, with the phone masked and never in the clear.
        let log = daemon.dispatchLogText
        XCTAssertTrue(log.contains("event=dispatched id=1 tier=community unit=320506002001 cell=320506002001006 category=0102"), log)
        XCTAssertTrue(log.contains("reporter_phone=138****5678"), log)
        XCTAssertFalse(log.contains("13812345678"), log)
    }

    func testRoutingByCellCommunityAndFallback() throws {
        let daemon = try DaemonHarness()
        try daemon.start()
        let connection = try daemon.connect()

        let byCell = try connection.call("submit", ["report": ["category": "0601", "cell": "320508002002003"]]).get()
        XCTAssertEqual(byCell.objectValue?["route"]?.objectValue?["method"], "cell")
        XCTAssertEqual(byCell.objectValue?["priority"], "urgent", "0601 defaults to urgent in the sample config")

        let unknownCell = try connection.call("submit", ["report": ["category": "0102", "cell": "320508002002999"]]).get()
        XCTAssertEqual(unknownCell.objectValue?["route"]?.objectValue?["method"], "community")
        XCTAssertEqual(unknownCell.objectValue?["unit"]?.objectValue?["code"], "320508002002")

        let byCommunity = try connection.call("submit", ["report": ["category": "0701", "community": "320506002001"]]).get()
        XCTAssertEqual(byCommunity.objectValue?["unit"]?.objectValue?["name"], "桃源社区")

        let outside = try connection.call("submit", ["report": ["category": "0102", "location": ["lat": 39.9, "lon": 116.4]]]).get()
        XCTAssertEqual(outside.objectValue?["route"]?.objectValue?["method"], "fallback")
        XCTAssertEqual(outside.objectValue?["tier"], "city")
        XCTAssertEqual(outside.objectValue?["unit"]?.objectValue?["code"], "320500")
        XCTAssertNotNil(outside.objectValue?["route"]?.objectValue?["reason"]?.stringValue)

        let emergency = try connection.call("submit", ["report": ["category": "0401", "cell": "320508002002003"]]).get()
        XCTAssertEqual(emergency.objectValue?["tier"], "street", "突发事件 start at the street")
        XCTAssertEqual(emergency.objectValue?["unit"]?.objectValue?["code"], "320508002")
        XCTAssertEqual(daemon.stop(), 0)
    }

    func testSameKeyReturnsTheSameIncident() throws {
        let daemon = try DaemonHarness()
        try daemon.start()
        let arguments = ["submit", "--json", "--category", "0102", "--cell", "320506002001006", "--key", "device-7#1"]
        let first = try daemon.gridctl(arguments)
        let second = try daemon.gridctl(arguments)
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertEqual(second.status, 0, second.stderr)
        let one = try XCTUnwrap(try JSONParser.parse(first.stdout).objectValue)
        let two = try XCTUnwrap(try JSONParser.parse(second.stdout).objectValue)
        XCTAssertEqual(one["id"], two["id"])
        XCTAssertEqual(one["created"], true)
        XCTAssertEqual(two["created"], false)
        let human = try daemon.gridctl(Array(arguments.filter { $0 != "--json" }))
        XCTAssertTrue(human.stdout.contains("already exists for key device-7#1"), human.stdout)
        let status = try XCTUnwrap(try JSONParser.parse(try daemon.gridctl(["--json", "status"]).stdout).objectValue)
        XCTAssertEqual(status["store"]?.objectValue?["incidents"], 1)
        XCTAssertEqual(daemon.stop(), 0)
    }

    func testSubmitFromFileAndStdin() throws {
        let daemon = try DaemonHarness()
        try daemon.start()
        let report = #"{"category":"0901","community":"320506002001","title":"独居老人求助","reporter":{"name":"李奶奶"}}"#
        let path = daemon.directory + "/report.json"
        try report.write(toFile: path, atomically: true, encoding: .utf8)
        let fromFile = try daemon.gridctl(["submit", "--file", path])
        XCTAssertEqual(fromFile.status, 0, fromFile.stderr)
        let fromStdin = try daemon.gridctl(["--json", "submit", "--file", "-"], stdin: report)
        XCTAssertEqual(fromStdin.status, 0, fromStdin.stderr)
        XCTAssertEqual(try JSONParser.parse(fromStdin.stdout).objectValue?["id"], 2)
        let badFile = try daemon.gridctl(["submit", "--file", daemon.directory + "/missing.json"])
        XCTAssertEqual(badFile.status, 66, badFile.stderr)
        XCTAssertEqual(daemon.stop(), 0)
    }

    func testGridctlExitCodes() throws {
        let daemon = try DaemonHarness()
        try daemon.start()
        let refused = try daemon.gridctl(["submit", "--category", "0999", "--cell", "320506002001006"])
        XCTAssertEqual(refused.status, 1)
        XCTAssertTrue(refused.stderr.contains("unknown_category"), refused.stderr)
        let notFound = try daemon.gridctl(["show", "999"])
        XCTAssertEqual(notFound.status, 1)
        XCTAssertTrue(notFound.stderr.contains("not_found"), notFound.stderr)
        XCTAssertEqual(try daemon.gridctl(["frobnicate"]).status, 2)
        XCTAssertEqual(try daemon.gridctl(["submit", "--category", "0102"]).status, 2)
        XCTAssertEqual(try daemon.gridctl(["submit", "--category", "0102", "--lat", "nan", "--lon", "1"]).status, 2)
        XCTAssertEqual(try daemon.gridctl(["list", "--colour", "red"]).status, 2)
        XCTAssertEqual(daemon.stop(), 0)
        let down = try daemon.gridctl(["status"])
        XCTAssertEqual(down.status, 69)
        XCTAssertTrue(down.stderr.contains("is the daemon running?"), down.stderr)
    }
}

/// The dispatch log stamps lines in the working calendar's time zone.
final class DispatchLogZoneTests: XCTestCase {
    func testTimestampsUseTheCalendarTimeZone() throws {
        let daemon = try DaemonHarness(extraConfig: "[Calendar]\nTimeZone=Europe/Berlin")
        try daemon.start()
        XCTAssertEqual(daemon.stop(), 0)
        let ready = try XCTUnwrap(daemon.dispatchLogText.split(separator: "\n").first { $0.contains("event=ready") })
        let stamp = try XCTUnwrap(ready.split(separator: " ").first)
        XCTAssertTrue(stamp.hasSuffix("+01:00") || stamp.hasSuffix("+02:00"), "Berlin time: \(stamp)")
    }
}
