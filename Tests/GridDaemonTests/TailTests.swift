import Foundation
import GridClient
import GridCore
import GridSystem
import XCTest

/// `tail` against the real daemon: the backlog in order and filtered, following new events, a
/// stalled subscriber that misses lines (with counts that account for every gap) while intake
/// goes on, and gridctl's output.
final class TailTests: XCTestCase {
    /// Cells in two streets of two districts, and an emergency category that starts at the street.
    static let wangjiangCell = "320506002001006", linjiangCell = "320508002002003"

    func testBacklogComesInLogOrderAndFiltered() throws {
        let daemon = try DaemonHarness()
        try daemon.start()
        let submits = [
            ("0102", Self.wangjiangCell), ("0102", Self.wangjiangCell), ("0102", Self.linjiangCell),
            ("0102", Self.linjiangCell), ("0401", Self.wangjiangCell),
        ]
        let connection = try daemon.connect()
        for (category, cell) in submits {
            _ = try connection.call("submit", ["report": ["category": .string(category), "cell": .string(cell)]]).get()
        }

        func tail(_ fields: String) throws -> (header: JSONObject, lines: [JSONObject], end: JSONValue?) {
            let client = try RawClient(path: daemon.socketPath)
            try client.send(#"{"id":"t","op":"tail""# + fields + "}\n")
            return try Self.readStream(client)
        }
        func dispatchedIDs(_ lines: [JSONObject]) -> [String] {
            lines.compactMap { $0["line"]?.objectValue }.filter { $0["event"] == "dispatched" }.compactMap { $0["id"]?.stringValue }
        }

        let all = try tail(#","backlog":1000"#)
        XCTAssertEqual(all.end, "backlog")
        XCTAssertEqual(all.header["result"]?.objectValue?["follow"], false)
        XCTAssertEqual(all.header["result"]?.objectValue?["backlog"], .int(Int64(all.lines.count)))
        let seqs = all.lines.compactMap { $0["seq"]?.intValue }
        XCTAssertEqual(seqs, Array(1...Int64(all.lines.count)), "every line since start, in log order")
        XCTAssertEqual(all.lines.first?["line"]?.objectValue?["event"], "database_opened")
        XCTAssertEqual(dispatchedIDs(all.lines), ["1", "2", "3", "4", "5"])
        // dispatch.log is written asynchronously: wait until it has caught up with the ring.
        XCTAssertTrue(waitUntil(seconds: 10) { daemon.dispatchLogText.split(separator: "\n").count >= all.lines.count })
        let logged = daemon.dispatchLogText.split(separator: "\n")
        XCTAssertEqual(
            all.lines.compactMap { $0["line"]?.objectValue?["event"]?.stringValue }, logged.prefix(all.lines.count).map { Self.event(of: $0) },
            "the same lines in the same order as dispatch.log")

        let street = try tail(#","unit":"320506002","backlog":100"#)
        XCTAssertEqual(dispatchedIDs(street.lines), ["1", "2", "5"], "a street's lines: its communities' and its own")
        XCTAssertTrue(street.lines.allSatisfy { $0["line"]?.objectValue?["unit"]?.stringValue?.hasPrefix("320506002") == true })
        XCTAssertEqual(dispatchedIDs(try tail(#","unit":"320508","backlog":100"#).lines), ["3", "4"], "a district")
        XCTAssertEqual(dispatchedIDs(try tail(#","tier":"street","backlog":100"#).lines), ["5"])
        XCTAssertEqual(dispatchedIDs(try tail(#","category":"0102","backlog":100"#).lines), ["1", "2", "3", "4"])
        XCTAssertEqual(dispatchedIDs(try tail(#","category":"0102","backlog":2"#).lines), ["3", "4"], "the last 2 that match")
        let notices = try tail(#","level":"notice","backlog":100"#)
        XCTAssertEqual(notices.lines.compactMap { $0["line"]?.objectValue?["event"]?.stringValue }, ["ready"])
        // Refusals are ordinary error responses, and the connection is not a stream then.
        let refused = try RawClient(path: daemon.socketPath)
        try refused.send(#"{"id":9,"op":"tail","level":"loud"}"# + "\n" + #"{"id":10,"op":"ping"}"# + "\n")
        XCTAssertEqual(try refused.readResponse()["error"]?.objectValue?["code"], "invalid_field")
        XCTAssertEqual(try refused.readResponse()["id"], 10)
    }

    func testFollowDeliversNewEventsInOrderAndEndsWhenTheClientCloses() throws {
        let daemon = try DaemonHarness()
        try daemon.start()
        let client = try RawClient(path: daemon.socketPath)
        try client.send(#"{"id":1,"op":"tail","follow":true,"backlog":0,"category":"0102"}"# + "\n")
        let header = try client.readResponse()
        XCTAssertEqual(header["result"]?.objectValue?["follow"], true)
        XCTAssertEqual(header["result"]?.objectValue?["backlog"], 0)
        let connection = try daemon.connect()
        var ids: [Int64] = []
        for index in 0..<5 {
            let report: JSONObject = ["category": "0102", "cell": .string(index.isMultiple(of: 2) ? Self.wangjiangCell : Self.linjiangCell)]
            ids.append(try XCTUnwrap(try connection.call("submit", ["report": .object(report)]).get().objectValue?["id"]?.intValue))
        }
        _ = try connection.call("ack", ["incident": .int(ids[0])]).get()
        var events: [(seq: Int64, event: String, id: String)] = []
        while events.count < 6 {
            let record = try client.readResponse()
            XCTAssertEqual(record["id"], 1)
            let line = try XCTUnwrap(record["line"]?.objectValue, "\(record)")
            events.append((try XCTUnwrap(record["seq"]?.intValue), line["event"]?.stringValue ?? "", line["id"]?.stringValue ?? ""))
        }
        XCTAssertEqual(events.map(\.event), ["dispatched", "dispatched", "dispatched", "dispatched", "dispatched", "acknowledged"])
        XCTAssertEqual(events.map(\.id), ids.map(String.init) + [String(ids[0])])
        XCTAssertEqual(events.map(\.seq), events.map(\.seq).sorted())
        XCTAssertEqual(try Self.tailStatus(daemon)["subscribers"], 1)

        shutdown(client.fd.rawValue, Int32(SHUT_WR))
        XCTAssertEqual(try client.readResponse()["end"], "client_closed")
        XCTAssertTrue(client.waitForEOF())
        XCTAssertTrue(waitUntil(seconds: 10) { (try? Self.tailStatus(daemon)["subscribers"]) == 0 }, "the subscriber is gone")
    }

    /// A subscriber that stops reading loses lines — counted — while every submit is still
    /// answered; when it reads again its lines are in order and each gap is its missed count.
    func testAStalledSubscriberMissesCountedLinesAndDoesNotHoldUpIntake() throws {
        let daemon = try DaemonHarness(extraConfig: "[Limits]\nTailQueue=16")
        try daemon.start()
        let stalled = try RawClient(path: daemon.socketPath)
        try stalled.send(#"{"id":"s","op":"tail","follow":true,"backlog":0}"# + "\n")
        let nextSeq = try XCTUnwrap(try stalled.readResponse()["result"]?.objectValue?["next_seq"]?.intValue)
        // A second one that never reads a byte, not even its header.
        var silent: RawClient? = try RawClient(path: daemon.socketPath)
        try silent?.send(#"{"id":"q","op":"tail","follow":true,"backlog":1000}"# + "\n")
        XCTAssertTrue(waitUntil(seconds: 10) { (try? Self.tailStatus(daemon)["subscribers"]) == 2 })

        // Far more lines than the socket buffer (about 200 KB) and the queue (16) hold together.
        let count = 5000
        let submitter = try RawClient(path: daemon.socketPath)
        let batch = (1...count).map { index in
            #"{"id":\#(index),"op":"submit","report":{"category":"0102","cell":"\#(Self.wangjiangCell)","key":"lag-\#(index)"}}"# + "\n"
        }.joined()
        let writer = Thread { try? submitter.send(batch) }
        writer.start()
        for index in 1...count {
            let response = try submitter.readResponse(seconds: 60)
            XCTAssertEqual(response["ok"], true, "\(response)")
            XCTAssertEqual(response["id"], .int(Int64(index)))
        }
        let missedSoFar = try XCTUnwrap(try Self.tailStatus(daemon)["missed"]?.intValue)
        XCTAssertGreaterThan(missedSoFar, 0, "the stalled subscribers lost lines")

        // Now read everything: half-closing ends the stream after what is queued.
        shutdown(stalled.fd.rawValue, Int32(SHUT_WR))
        let stream = try Self.readStream(stalled, headerRead: true)
        XCTAssertEqual(stream.end, "client_closed")
        var expected = nextSeq
        var missed: Int64 = 0
        var received = 0
        for record in stream.lines {
            if let count = record["missed"]?.intValue {
                XCTAssertGreaterThan(count, 0)
                missed += count
                expected += count
            } else {
                let seq = try XCTUnwrap(record["seq"]?.intValue, "\(record)")
                XCTAssertEqual(seq, expected, "a gap without a missed record before seq \(seq)")
                expected = seq + 1
                received += 1
            }
        }
        XCTAssertGreaterThan(missed, 0)
        XCTAssertGreaterThan(received, 16)
        XCTAssertGreaterThanOrEqual(expected - nextSeq, Int64(count), "all \(count) dispatched lines were received or counted missed")
        XCTAssertTrue(waitUntil(seconds: 10) { daemon.dispatchLogText.contains("event=tail_lagged") }, "the loss is logged")
        XCTAssertNotNil(silent)
        silent = nil  // gone without reading: its subscriber goes too
        XCTAssertTrue(waitUntil(seconds: 10) { (try? Self.tailStatus(daemon)["subscribers"]) == 0 })
        XCTAssertEqual(daemon.stop(), 0)
    }

    func testGridctlTailPrintsLogfmtOrJSONLinesAndFollowsUntilTheDaemonStops() throws {
        let daemon = try DaemonHarness()
        try daemon.start()
        for cell in [Self.wangjiangCell, Self.linjiangCell] {
            XCTAssertEqual(try daemon.gridctl(["submit", "--category", "0102", "--cell", cell, "--reporter-phone", "13812345678"]).status, 0)
        }
        let json = try daemon.gridctl(["tail", "--json", "-n", "2", "--category", "0102"])
        XCTAssertEqual(json.status, 0, json.stderr)
        let objects = try json.stdout.split(separator: "\n").map { try XCTUnwrap(try JSONParser.parse(String($0)).objectValue) }
        XCTAssertEqual(objects.count, 2)
        XCTAssertEqual(objects.map { $0["line"]?.objectValue?["id"] }, ["1", "2"])
        XCTAssertEqual(objects[0]["line"]?.objectValue?["reporter_phone"], "138****5678", "phones stay masked")
        XCTAssertLessThan(try XCTUnwrap(objects[0]["seq"]?.intValue), try XCTUnwrap(objects[1]["seq"]?.intValue))

        let human = try daemon.gridctl(["tail", "-n", "1", "--unit", "320508"])
        XCTAssertEqual(human.status, 0, human.stderr)
        XCTAssertTrue(waitUntil(seconds: 10) { daemon.dispatchLogText.contains("event=dispatched id=2 ") })
        let logLine = try XCTUnwrap(daemon.dispatchLogText.split(separator: "\n").last { $0.contains("event=dispatched id=2 ") })
        XCTAssertEqual(human.stdout, logLine + "\n", "the line exactly as dispatch.log has it")

        XCTAssertEqual(try daemon.gridctl(["tail", "--level", "loud"]).status, 2)
        XCTAssertEqual(try daemon.gridctl(["tail", "-n", "many"]).status, 2)
        XCTAssertEqual(try daemon.gridctl(["tail", "extra"]).status, 2)

        // -f through a pipe whose reader leaves after one line: gridctl ends with status 0.
        let out = daemon.directory + "/head.out", rc = daemon.directory + "/head.rc"
        let gridctl = DaemonHarness.productsDirectory.appendingPathComponent("gridctl").path
        let pipeline = try SpawnedProcess(
            arguments: ["/bin/bash", "-c", "set -o pipefail; '\(gridctl)' --socket '\(daemon.socketPath)' tail -f -n 0 | head -1 > '\(out)'; echo $? > '\(rc)'"],
            environment: ProcessInfo.processInfo.environment, stderrPath: daemon.directory + "/head.err")
        XCTAssertTrue(waitUntil(seconds: 30) { (try? Self.tailStatus(daemon)["subscribers"]) == 1 })
        XCTAssertEqual(try daemon.gridctl(["submit", "--category", "0102", "--cell", Self.wangjiangCell]).status, 0)
        XCTAssertTrue(waitUntil(seconds: 30) { pipeline.hasExited }, "gridctl tail -f | head -1 terminates")
        XCTAssertEqual(try String(contentsOfFile: rc, encoding: .utf8), "0\n", "gridctl left with status 0, not by SIGPIPE")
        XCTAssertTrue(try String(contentsOfFile: out, encoding: .utf8).contains("event=dispatched id=3 "))

        // -f --json until the daemon stops: the stream ends and gridctl exits 0.
        XCTAssertTrue(waitUntil(seconds: 30) { (try? Self.tailStatus(daemon)["subscribers"]) == 0 }, "the first follower is gone")
        let follow = try SpawnedProcess(
            arguments: ["/bin/bash", "-c", "'\(gridctl)' --socket '\(daemon.socketPath)' tail -f --json -n 0 > '\(out)'; echo $? > '\(rc)'"],
            environment: ProcessInfo.processInfo.environment, stderrPath: daemon.directory + "/follow.err")
        XCTAssertTrue(waitUntil(seconds: 30) { (try? Self.tailStatus(daemon)["subscribers"]) == 1 })
        XCTAssertEqual(try daemon.gridctl(["submit", "--category", "0102", "--cell", Self.linjiangCell]).status, 0)
        XCTAssertEqual(daemon.stop(), 0)
        XCTAssertTrue(waitUntil(seconds: 30) { follow.hasExited })
        XCTAssertEqual(try String(contentsOfFile: rc, encoding: .utf8), "0\n")
        let followed = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n").map {
            try XCTUnwrap(try JSONParser.parse(String($0)).objectValue?["line"]?.objectValue?["event"]?.stringValue)
        }
        XCTAssertEqual(followed, ["dispatched", "stopping"])
        XCTAssertTrue(try String(contentsOfFile: daemon.directory + "/follow.err", encoding: .utf8).contains("gridd is stopping"))

        XCTAssertEqual(try daemon.gridctl(["tail"]).status, 69, "no daemon")
    }

    func testWorkersTailOnlyTheirUnits() throws {
        let daemon = try DaemonHarness(extraConfig: """
            [Daemon]
            SocketMode=0666
            [Access]
            Worker=#4242 320506002
            """)
        chmod(daemon.directory, 0o755)
        try daemon.start()
        for cell in [Self.wangjiangCell, Self.linjiangCell] {
            XCTAssertEqual(try daemon.gridctl(["submit", "--category", "0102", "--cell", cell]).status, 0)
        }
        let own = try daemon.gridctl(["--json", "tail", "-n", "100"], uid: 4242)
        XCTAssertEqual(own.status, 0, own.stderr)
        let units = try own.stdout.split(separator: "\n").map {
            try XCTUnwrap(try JSONParser.parse(String($0)).objectValue?["line"]?.objectValue?["unit"]?.stringValue)
        }
        XCTAssertEqual(units, ["320506002001"], "only its street's lines, none of the daemon's own")
        let other = try daemon.gridctl(["tail", "--unit", "320508"], uid: 4242)
        XCTAssertEqual(other.status, 1)
        XCTAssertTrue(other.stderr.contains("permission_denied"), other.stderr)
        XCTAssertEqual(try daemon.gridctl(["tail"], uid: 5555).status, 1, "not admitted")
    }

    /// Earlier pipelined requests are answered first; nothing after a tail is read; the
    /// connection closes after the end record.
    func testATailIsTheLastRequestOfItsConnection() throws {
        let daemon = try DaemonHarness()
        try daemon.start()
        let client = try RawClient(path: daemon.socketPath)
        try client.send(
            #"{"id":1,"op":"ping"}"# + "\n" + #"{"id":2,"op":"tail","backlog":1}"# + "\n" + #"{"id":3,"op":"ping"}"# + "\n")
        XCTAssertEqual(try client.readResponse()["result"]?.objectValue?["pong"], true)
        let stream = try Self.readStream(client)
        XCTAssertEqual(stream.header["id"], 2)
        XCTAssertEqual(stream.lines.count, 1)
        XCTAssertEqual(stream.end, "backlog")
        XCTAssertTrue(client.waitForEOF(), "closed after the end record; the ping after the tail is not answered")
    }

    // MARK: helpers

    /// Reads a tail stream to its end record: the header (unless already read), the records
    /// (lines and missed), and the end reason.
    static func readStream(_ client: RawClient, headerRead: Bool = false) throws -> (header: JSONObject, lines: [JSONObject], end: JSONValue?) {
        let header = headerRead ? JSONObject() : try client.readResponse()
        if !headerRead { XCTAssertEqual(header["ok"], true, "\(header)") }
        var records: [JSONObject] = []
        while true {
            let record = try client.readResponse(seconds: 30)
            if let end = record["end"] { return (header, records, end) }
            records.append(record)
        }
    }

    static func tailStatus(_ daemon: DaemonHarness) throws -> JSONObject {
        try XCTUnwrap(try daemon.connect().call("status").get().objectValue?["tail"]?.objectValue)
    }

    static func event(of line: Substring) -> String {
        guard let field = line.split(separator: " ").first(where: { $0.hasPrefix("event=") }) else { return "" }
        return String(field.dropFirst("event=".count))
    }
}
