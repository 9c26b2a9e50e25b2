import GridClient
import GridCore
import XCTest

/// A pipelining client's single submits read together (one burst) are stored as one store
/// operation, yet each is answered as a single submit, in order, standing alone; the writer
/// gets them before any later request of another kind, and `MaxBatch` bounds how many are held.
///
/// Each burst is one write(2) of a few kilobytes, which a Unix stream socket hands the daemon's
/// read whole (the daemon reads 64 KiB at a time): one burst, whatever the machine's speed.
final class HeldSubmitsTests: XCTestCase {
    static func submit(_ id: Int, key: String, category: String = "0102", title: String = "桶满") -> String {
        #"{"id":\#(id),"op":"submit","report":{"category":"\#(category)","cell":"320506002001006","key":"\#(key)","title":"\#(title)"}}"#
            + "\n"
    }

    /// The writer's operations so far (`status`: `store.committed_writes`).
    static func operations(_ client: RawClient) throws -> Int64 {
        try client.send(#"{"id":0,"op":"status"}"# + "\n")
        let status = try client.readResponse()
        return try XCTUnwrap(status["result"]?["store"]?["committed_writes"]?.intValue, "\(status)")
    }

    func testABurstOfSubmitsIsOneOperationAnsweredOneByOne() throws {
        let daemon = try DaemonHarness()
        try daemon.start()
        let client = try RawClient(path: daemon.socketPath)
        let before = try Self.operations(client)
        try client.send((1...20).map { Self.submit($0, key: "burst-\($0)") }.joined())
        var ids: Set<Int64> = []
        for expected in 1...20 {
            let answer = try client.readResponse()
            XCTAssertEqual(answer["id"]?.intValue, Int64(expected), "answers in request order")
            XCTAssertEqual(answer["ok"], true, "\(answer)")
            XCTAssertEqual(answer["result"]?["created"], true)
            XCTAssertEqual(answer["result"]?["key"], .string("burst-\(expected)"), "each answer is its own report's incident")
            ids.insert(try XCTUnwrap(answer["result"]?["id"]?.intValue))
        }
        XCTAssertEqual(ids.count, 20)
        XCTAssertEqual(try Self.operations(client) - before, 1, "20 submits read together: one store operation")
        XCTAssertEqual(try daemon.sqlite("SELECT count(*) FROM incidents"), ["20"])
        XCTAssertEqual(daemon.dispatchLogText.components(separatedBy: "event=dispatched").count - 1, 20, "a log line each")
        XCTAssertEqual(daemon.stop(), 0)
    }

    func testEachHeldSubmitStandsAloneAndOtherRequestsKeepTheirPlace() throws {
        let daemon = try DaemonHarness()
        try daemon.start()
        let client = try RawClient(path: daemon.socketPath)
        let before = try Self.operations(client)
        try client.send(
            Self.submit(1, key: "a") + Self.submit(2, key: "b", category: "9999") + Self.submit(3, key: "a", title: "另一件事")
                + Self.submit(4, key: "a") + #"{"id":5,"op":"ping"}"# + "\n" + Self.submit(6, key: "c"))
        let answers = try (1...6).map { _ in try client.readResponse() }
        XCTAssertEqual(answers.map { $0["id"]?.intValue }, [1, 2, 3, 4, 5, 6])
        XCTAssertEqual(answers[0]["result"]?["created"], true)
        XCTAssertEqual(answers[1]["error"]?["code"], "unknown_category")
        XCTAssertEqual(answers[2]["error"]?["code"], "key_conflict", "a's key for other content, in the same burst")
        XCTAssertEqual(answers[3]["result"]?["created"], false, "a again: the incident stored just before it")
        XCTAssertEqual(answers[3]["result"]?["id"], answers[0]["result"]?["id"])
        XCTAssertEqual(answers[4]["result"]?["pong"], true)
        XCTAssertEqual(answers[5]["result"]?["created"], true)
        // Held before the ping, then after it: two operations (the refused one never reached the store).
        XCTAssertEqual(try Self.operations(client) - before, 2)
        let log = daemon.dispatchLogText
        XCTAssertTrue(log.contains("event=request_refused op=submit code=unknown_category"), log)
        XCTAssertTrue(log.contains("event=request_refused op=submit code=key_conflict"), log)
        XCTAssertEqual(daemon.stop(), 0)
    }

    func testMaxBatchBoundsHowManyAreHeld() throws {
        let daemon = try DaemonHarness(extraConfig: "[Limits]\nMaxBatch=3\n")
        try daemon.start()
        let client = try RawClient(path: daemon.socketPath)
        let before = try Self.operations(client)
        try client.send((1...7).map { Self.submit($0, key: "bound-\($0)") }.joined())
        let answers = try (1...7).map { _ in try client.readResponse() }
        XCTAssertEqual(answers.map { $0["ok"] }, Array(repeating: true, count: 7))
        XCTAssertEqual(try Self.operations(client) - before, 3, "7 held at most 3 at a time: 3, 3 and 1")
        XCTAssertEqual(daemon.stop(), 0)
    }
}
