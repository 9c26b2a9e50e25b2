import GridClient
import GridCore
import XCTest

/// `list --overdue` and `--near-deadline` on the real daemon, on a mixed database: a green case,
/// a yellow one, one red by a missed window (escalated since), one red by its case deadline
/// alone, a deferred one and a resolved one — each filter lists exactly its own (before issue
/// 13 both were dropped on the way to the store and every incident was listed). The drill clock
/// jumps between starts (`--start-at`, real speed in between), so which deadlines passed is
/// fixed, whatever the machine's speed.
final class CaseLightListTests: XCTestCase {
    static let policy = """
        [Policy 0102]
        Ack=60min
        Resolve=2h
        WarningAt=0.5
        [Policy 0601]
        Ack=60min
        Resolve=10h
        Case=30min
        WarningAt=0.5
        """
    let origin = Timestamp(rfc3339: "2026-10-08T09:00:00+08:00")!
    let minute: Int64 = 60_000

    func start(_ daemon: DaemonHarness, atMinute offset: Int64) throws {
        try daemon.start(extraArguments: ["--start-at", origin.adding(milliseconds: offset * minute).description, "--time-scale", "1"])
    }

    func submit(_ connection: GridConnection, _ category: String) throws -> Int64 {
        let result = try connection.call("submit", ["report": ["category": .string(category), "cell": "320506002001006"]]).get()
        return try XCTUnwrap(result.objectValue?["id"]?.intValue)
    }

    func act(_ connection: GridConnection, _ op: String, _ id: Int64, note: String? = nil) throws {
        var fields: JSONObject = ["incident": .int(id)]
        if let note { fields["note"] = .string(note) }
        _ = try connection.call(op, fields).get()
    }

    func ids(_ daemon: DaemonHarness, _ flags: [String]) throws -> [Int64] {
        let listed = try daemon.gridctl(["--json", "list"] + flags)
        XCTAssertEqual(listed.status, 0, listed.stderr)
        return try listed.stdout.split(separator: "\n").map { line in
            try XCTUnwrap(try JSONParser.parse(String(line)).objectValue?["id"]?.intValue)
        }
    }

    func testOverdueAndNearDeadlineListExactlyTheRedAndTheYellowCases() throws {
        let daemon = try DaemonHarness(extraConfig: Self.policy)
        // 09:00: the case that will miss its ack window (due 10:00).
        try start(daemon, atMinute: 0)
        let missed = try submit(try daemon.connect(), "0102")
        XCTAssertEqual(daemon.stop(), 0)
        // 09:40: the others.
        try start(daemon, atMinute: 40)
        let connection = try daemon.connect()
        let green = try submit(connection, "0102")
        try act(connection, "ack", green)  // resolve window to 11:40, warning at 10:40; case deadline warning 11:10
        let yellow = try submit(connection, "0102")  // ack window to 10:40, warning at 10:10
        let caseLate = try submit(connection, "0601")  // Case=30min: case deadline 10:10; ack window to 10:40
        let paused = try submit(connection, "0102")
        try act(connection, "defer", paused, note: "等待物业配合")
        try act(connection, "approve", paused)  // 缓办 needs an approval since issue 14
        let resolved = try submit(connection, "0102")
        try act(connection, "ack", resolved)
        try act(connection, "resolve", resolved)
        XCTAssertEqual(daemon.stop(), 0)
        // 10:30: the missed window escalated at start, the yellow case's warning fired.
        try start(daemon, atMinute: 90)
        XCTAssertTrue(waitUntil(seconds: 20) {
            let log = daemon.dispatchLogText
            return log.contains("event=escalated id=\(missed) ") && log.contains("event=warning id=\(yellow) ")
        }, daemon.dispatchLogText)

        XCTAssertEqual(try ids(daemon, ["--overdue"]), [caseLate, missed], "every red case at any tier, newest first")
        XCTAssertEqual(try ids(daemon, ["--near-deadline"]), [yellow])
        XCTAssertEqual(try ids(daemon, ["--overdue", "--tier", "street"]), [missed], "the escalated case, red at the street")
        XCTAssertEqual(try ids(daemon, []), [resolved, paused, caseLate, yellow, green, missed], "no filter: all of them")

        let all = try daemon.gridctl(["--json", "list"]).stdout.split(separator: "\n").compactMap { try? JSONParser.parse(String($0)).objectValue }
        var lights: [Int64: JSONValue] = [:]
        for incident in all { lights[incident["id"]?.intValue ?? 0] = incident["light"] }
        XCTAssertEqual(lights, [
            green: "green", yellow: "yellow", missed: "red", caseLate: "red", paused: "paused", resolved: .null,
        ])

        let human = try daemon.gridctl(["list", "--overdue"])
        XCTAssertTrue(human.stdout.contains("2 incident(s): 超期 (督办) list"), human.stdout)
        XCTAssertTrue(human.stdout.split(separator: "\n").dropFirst().first?.contains(" red ") == true, human.stdout)
        let status = try daemon.status()["store"]?.objectValue
        XCTAssertEqual(status?["overdue"], 2)
        XCTAssertEqual(status?["near_deadline"], 1)
        XCTAssertTrue(try daemon.gridctl(["status"]).stdout.contains("store 超期 (督办) red"))

        try checkTheEscalatedCase(daemon, missed)
        XCTAssertEqual(daemon.stop(), 0)
    }

    /// `show` of the case that missed its window at the community: the case deadline, the windows
    /// and who is charged; and its 超期 in the log, charged to the community.
    func checkTheEscalatedCase(_ daemon: DaemonHarness, _ id: Int64) throws {
        let shown = try XCTUnwrap(try JSONParser.parse(try daemon.gridctl(["--json", "show", String(id)]).stdout).objectValue)
        XCTAssertEqual(shown["light"], "red")
        XCTAssertEqual(shown["missed_windows"], 1)
        // Submitted a few milliseconds after 09:00: compare to the second.
        func second(_ value: JSONValue?) -> String? { value?.stringValue.map { String($0.prefix(19)) } }
        XCTAssertEqual(second(shown["case_due"]), "2026-10-08T12:00:00", "ack 60 min then resolve 2 h from 09:00")
        let windows = shown["windows"]?.arrayValue?.compactMap(\.objectValue) ?? []
        XCTAssertEqual(windows.map { $0["tier"] }, ["community", "street"])
        XCTAssertEqual(windows.map { $0["outcome"] }, ["missed", "running"])
        XCTAssertEqual(windows.map { second($0["due"]) }, ["2026-10-08T10:00:00", "2026-10-08T11:00:00"])
        let charges = shown["charges"]?.arrayValue?.compactMap(\.objectValue) ?? []
        XCTAssertEqual(charges.map { $0["unit"]?.objectValue?["code"] }, ["320506002001"])
        XCTAssertEqual(charges.map { $0["window"] }, ["ack"])
        let human = try daemon.gridctl(["show", String(id)]).stdout
        for expected in ["case due", "红灯 red", "超期 overdue", "超期 missed", "进行中 running"] {
            XCTAssertTrue(human.contains(expected), "\(expected) in:\n\(human)")
        }
        let line = daemon.dispatchLogText.split(separator: "\n").first { $0.contains("event=overdue id=\(id) ") }
        XCTAssertTrue(line?.contains("charged_unit=320506002001") ?? false, "\(line ?? "no overdue line")")
        XCTAssertTrue(line?.contains("tier=community") ?? false, "\(line ?? "")")
    }
}
