import GridClient
import GridCore
import GridStore
import GridSystem
import Synchronization
import XCTest

/// Pipelined requests come back in order; SIGTERM answers what is in flight and exits 0;
/// everything acknowledged is in the database afterwards.
final class PipeliningAndShutdownTests: XCTestCase {
    func testPipelinedRequestsAreAnsweredInOrder() throws {
        let daemon = try DaemonHarness()
        try daemon.start()
        let client = try RawClient(path: daemon.socketPath)
        var batch = ""
        for index in 1...300 {
            if index % 50 == 0 {
                batch += #"{"id":\#(index),"op":"status"}"# + "\n"
            } else {
                batch += #"{"id":\#(index),"op":"submit","report":{"category":"0102","cell":"320506002001006","key":"p-\#(index)"}}"# + "\n"
            }
        }
        try client.send(batch)
        var seen: [Int64] = []
        for _ in 1...300 {
            let response = try client.readResponse()
            XCTAssertEqual(response["ok"], true, "\(response)")
            seen.append(try XCTUnwrap(response["id"]?.intValue))
        }
        XCTAssertEqual(seen, Array(1...300))
        XCTAssertEqual(daemon.stop(), 0)
        let store = try IncidentStore(path: daemon.databasePath)
        defer { store.close() }
        XCTAssertEqual(try store.statistics(now: Timestamp(milliseconds: 0)).totalIncidents, 294)
    }

    func testSIGTERMFinishesInFlightRequestsAndEverythingAcknowledgedIsStored() throws {
        let daemon = try DaemonHarness()
        try daemon.start()
        let client = try RawClient(path: daemon.socketPath)
        let batch = (1...2000).map { index in
            #"{"id":\#(index),"op":"submit","report":{"category":"0102","cell":"320506002001006","key":"t-\#(index)"}}"# + "\n"
        }.joined()
        let writer = Thread { try? client.send(batch) }
        writer.start()
        // As soon as the first answer arrives, ask the daemon to stop.
        var acknowledged: [String] = []
        let first = try client.readResponse()
        XCTAssertEqual(first["ok"], true)
        acknowledged.append("t-\(first["id"]!.intValue!)")
        kill(daemon.process!.processIdentifier, SIGTERM)
        while let line = try client.readLine(seconds: 30) {
            let response = try XCTUnwrap(try JSONParser.parse(line).objectValue)
            if response["ok"] == true, let id = response["id"]?.intValue { acknowledged.append("t-\(id)") }
        }
        XCTAssertTrue(waitUntil(seconds: 30) { !daemon.process!.isRunning })
        XCTAssertEqual(daemon.process?.terminationStatus, 0, daemon.stderrText)
        XCTAssertFalse(Files.exists(daemon.socketPath), "the daemon removes the socket it bound")
        let store = try IncidentStore(path: daemon.databasePath)
        defer { store.close() }
        let stored = Set(try store.incidents(matching: IncidentFilter(limit: 10_000)).compactMap(\.key))
        XCTAssertTrue(Set(acknowledged).isSubset(of: stored), "every acknowledged submit is stored")
        XCTAssertTrue(daemon.dispatchLogText.contains("event=stopped"), daemon.dispatchLogText)
    }

    func testManyConcurrentClients() throws {
        let daemon = try DaemonHarness()
        try daemon.start()
        let clients = 8
        let perClient = 100
        let failures = Mutex(0)
        DispatchQueue.concurrentPerform(iterations: clients) { client in
            do {
                let connection = try daemon.connect()
                for index in 0..<perClient {
                    let report: JSONObject = ["category": "0102", "cell": "320506002001006", "key": .string("c\(client)-\(index)")]
                    let result = try connection.call("submit", ["report": .object(report)]).get()
                    if result.objectValue?["created"] != true { failures.withLock { $0 += 1 } }
                }
            } catch {
                failures.withLock { $0 += 1 }
            }
        }
        XCTAssertEqual(failures.withLock { $0 }, 0)
        let status = try daemon.connect().call("status").get()
        XCTAssertEqual(status.objectValue?["store"]?.objectValue?["incidents"]?.intValue, Int64(clients * perClient))
        XCTAssertEqual(daemon.stop(), 0)
    }
}

/// The database's full check runs after a crash or a first start, and is skipped after a clean shutdown.
final class CleanShutdownTests: XCTestCase {
    func testIntegrityCheckIsSkippedOnlyAfterACleanShutdown() throws {
        let daemon = try DaemonHarness()
        try daemon.start()
        XCTAssertEqual(daemon.stop(), 0)
        XCTAssertTrue(Files.exists(daemon.databasePath + ".clean-shutdown"))
        try daemon.start()
        XCTAssertFalse(Files.exists(daemon.databasePath + ".clean-shutdown"), "consumed at start")
        daemon.crash()
        try daemon.start()
        XCTAssertEqual(daemon.stop(), 0)
        let checks = daemon.dispatchLogText.split(separator: "\n").filter { $0.contains("event=database_opened") }
            .map { $0.contains("integrity_check=quick_check") ? "check" : "skip" }
        XCTAssertEqual(checks, ["check", "skip", "check"])
    }
}
