import GridClient
import GridCore
import XCTest

/// `submit` with `reports` (a gateway's batch) against the real gridd: one answer with each
/// report's outcome in order, each report standing alone, a batch over `MaxBatch=` refused whole,
/// a resubmitted batch answered with the same incidents, and nothing answered `ok` lost to a
/// SIGKILL; `gridctl submit --file` with JSON Lines on top of it.
final class BatchSubmitTests: XCTestCase {
    static func report(_ key: String?, category: String = "0102", cell: String = "320506002001006") -> JSONValue {
        var report: JSONObject = ["category": .string(category), "cell": .string(cell), "title": "网关转发"]
        if let key { report["key"] = .string(key) }
        return .object(report)
    }

    func testEachReportStandsAloneAndIsAnsweredInOrder() throws {
        let daemon = try DaemonHarness()
        try daemon.start()
        let connection = try daemon.connect()
        let reports: [JSONValue] = [
            Self.report("gw-1"),
            Self.report("gw-2", category: "9999"),  // not configured
            Self.report(nil, cell: "320506002001001"),
            ["cell": "320506002001006"],  // no category: refused by the decoder, alone
            Self.report("gw-1"),  // the same report again in the same batch: the same incident
            Self.report("gw-1", cell: "320506002001001"),  // gw-1's key for another report: key_conflict
            Self.report("gw-4"),
        ]
        let result = try connection.call("submit", ["reports": .array(reports)]).get()
        let items = try XCTUnwrap(result["results"]?.arrayValue)
        XCTAssertEqual(items.count, reports.count)
        let oks = items.map { $0["ok"]?.boolValue }
        XCTAssertEqual(oks, [true, false, true, false, true, false, true])
        XCTAssertEqual(items[1]["error"]?["code"], "unknown_category")
        XCTAssertEqual(items[3]["error"]?["code"], "missing_field")
        XCTAssertEqual(items[5]["error"]?["code"], "key_conflict")
        XCTAssertEqual(items[0]["created"], true)
        XCTAssertEqual(items[4]["id"], items[0]["id"])
        XCTAssertEqual(items[4]["created"], false)
        XCTAssertEqual(result["stored"], 4)
        XCTAssertEqual(result["refused"], 3)
        XCTAssertTrue(daemon.dispatchLogText.contains("event=request_refused op=submit item=1 code=unknown_category"), daemon.dispatchLogText)
        // The same codes as single submits get, and the stored ones are there, in order.
        let single = try connection.call("submit", ["report": Self.report("gw-2", category: "9999")])
        guard case .failure(let error) = single.result else { return XCTFail("a single submit of an unknown category was stored") }
        XCTAssertEqual(error.code, .unknownCategory)
        let ids = [0, 2, 6].compactMap { items[$0]["id"]?.intValue }
        XCTAssertEqual(ids, [1, 2, 3])
        XCTAssertEqual(try daemon.sqlite("SELECT count(*) FROM incidents"), ["3"])
        XCTAssertEqual(try daemon.sqlite("SELECT ifnull(key, '-') FROM incidents ORDER BY id"), ["gw-1", "-", "gw-4"])
        XCTAssertEqual(daemon.stop(), 0)
    }

    func testABatchOverTheLimitIsRefusedWholeAndAResubmittedBatchGetsTheSameIncidents() throws {
        let daemon = try DaemonHarness(extraConfig: "[Limits]\nMaxBatch=3\n")
        try daemon.start()
        let connection = try daemon.connect()
        let four = (1...4).map { Self.report("dev-\($0)") }
        let refused = try connection.call("submit", ["reports": .array(four)])
        guard case .failure(let error) = refused.result else { return XCTFail("a batch of 4 over MaxBatch=3 was taken") }
        XCTAssertEqual(error.code, .batchTooLarge)
        XCTAssertTrue(error.message.contains("at most 3"), error.message)
        XCTAssertEqual(try daemon.sqlite("SELECT count(*) FROM incidents"), ["0"])
        let empty = try connection.call("submit", ["reports": .array([])])
        guard case .failure(let emptyError) = empty.result else { return XCTFail("an empty batch was answered ok") }
        XCTAssertEqual(emptyError.code, .invalidField)

        let three = Array(four.prefix(3))
        let first = try XCTUnwrap(try connection.call("submit", ["reports": .array(three)]).get()["results"]?.arrayValue)
        let again = try XCTUnwrap(try connection.call("submit", ["reports": .array(three)]).get()["results"]?.arrayValue)
        XCTAssertEqual(first.map { $0["id"] }, again.map { $0["id"] })
        XCTAssertEqual(first.map { $0["created"] }, [true, true, true])
        XCTAssertEqual(again.map { $0["created"] }, [false, false, false])
        XCTAssertEqual(try daemon.sqlite("SELECT count(*) FROM incidents"), ["3"])
        XCTAssertEqual(daemon.stop(), 0)
    }

    /// Batches pipelined on one connection, gridd killed while they are being stored: every
    /// report answered `ok` before the kill is there after the restart, under its id, once.
    func testNothingAnsweredOkIsLostToAKill() throws {
        let daemon = try DaemonHarness()
        try daemon.start()
        let client = try RawClient(path: daemon.socketPath)
        let batches = 40
        var lines = ""
        for batch in 0..<batches {
            let reports = (0..<50).map { Self.report("kill-\(batch)-\($0)").serialized() }.joined(separator: ",")
            lines += #"{"id":\#(batch),"op":"submit","reports":[\#(reports)]}"# + "\n"
        }
        try client.send(lines)
        var answered: [Int: [Int64]] = [:]
        while answered.count < 5 {
            let response = try client.readResponse(seconds: 30)
            let batch = try XCTUnwrap(response["id"]?.intValue)
            let ids = try XCTUnwrap(response["result"]?["results"]?.arrayValue).compactMap { $0["id"]?.intValue }
            XCTAssertEqual(ids.count, 50)
            answered[Int(batch)] = ids
        }
        daemon.crash()
        try daemon.start()
        let connection = try daemon.connect()
        for (batch, ids) in answered {
            let reports = (0..<50).map { Self.report("kill-\(batch)-\($0)") }
            let again = try XCTUnwrap(try connection.call("submit", ["reports": .array(reports)]).get()["results"]?.arrayValue)
            XCTAssertEqual(again.compactMap { $0["id"]?.intValue }, ids, "batch \(batch)")
            XCTAssertEqual(again.map { $0["created"] }, Array(repeating: false, count: 50), "batch \(batch) was stored again")
        }
        let stored = Int(try daemon.sqlite("SELECT count(*) FROM incidents").first ?? "") ?? 0
        XCTAssertGreaterThanOrEqual(stored, answered.count * 50)
        XCTAssertEqual(try daemon.sqlite("SELECT count(DISTINCT key) FROM incidents"), [String(stored)])
        XCTAssertEqual(daemon.stop(), 0)
    }

    func testGridctlSubmitsJSONLinesInBatchesAndSaysWhatBecameOfEachLine() throws {
        let daemon = try DaemonHarness()
        try daemon.start()
        let lines = [
            Self.report("line-1").serialized(),
            "",
            Self.report("line-3", category: "9999").serialized(),
            "not json",
            Self.report("line-5").serialized(),
            Self.report("line-1").serialized(),
            Self.report(nil).serialized(),
        ]
        let path = daemon.directory + "/backlog.jsonl"
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let english = try daemon.gridctl(["submit", "--file", path, "--batch", "2"])
        XCTAssertEqual(english.status, 1, english.stderr)
        let printed = english.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(printed.count, 7, english.stdout)
        XCTAssertEqual(printed[0], "line 1: incident 1")
        XCTAssertEqual(printed[1], "line 3: refused: unknown_category: category 9999 is not configured")
        XCTAssertTrue(printed[2].hasPrefix("line 4: refused: malformed_json: "), printed[2])
        XCTAssertEqual(Array(printed[3...]), [
            "line 5: incident 2", "line 6: incident 1 already exists for its key (not created again)", "line 7: incident 3",
            "6 line(s): 4 stored, 2 refused",
        ])
        // Again, in Chinese, from stdin: every stored line is found under its key; the one
        // without a key is a new incident.
        let text = lines.joined(separator: "\n")
        let chinese = try daemon.gridctl(["--lang", "zh", "submit", "--file", "-"], stdin: text)
        XCTAssertEqual(chinese.status, 1, chinese.stderr)
        XCTAssertTrue(chinese.stdout.hasPrefix("第 1 行：案件 1 已存在（同一幂等键），未重复建案\n第 3 行：拒收：unknown_category："), chinese.stdout)
        XCTAssertTrue(chinese.stdout.contains("第 7 行：案件 4\n共 6 行：已受理 4 条，拒收 2 条\n"), chinese.stdout)
        let json = try daemon.gridctl(["--json", "submit", "--file", path])
        let outcomes = try json.stdout.split(separator: "\n").map { try XCTUnwrap(JSONParser.parse(String($0)).objectValue) }
        XCTAssertEqual(outcomes.map { $0["line"] }, [1, 3, 4, 5, 6, 7])
        XCTAssertEqual(outcomes.map { $0["ok"] }, [true, false, false, true, true, true])
        // A clean file exits 0; --batch without --file is a usage error.
        let clean = try daemon.gridctl(["submit", "--file", "-", "--batch", "1"], stdin: lines[0] + "\n" + lines[4] + "\n")
        XCTAssertEqual(clean.status, 0, clean.stdout)
        XCTAssertEqual(try daemon.gridctl(["submit", "--category", "0102", "--cell", "320506002001006", "--batch", "2"]).status, 2)
        XCTAssertEqual(daemon.stop(), 0)
    }
}
