import GridClient
import GridCore
import GridSystem
import XCTest

/// Each kind of bad input gets a clear error, is logged, changes nothing, and the daemon stays up.
final class BadInputTests: XCTestCase {
    func testEveryBadLineIsRefusedAndNothingIsStored() throws {
        let daemon = try DaemonHarness()
        try daemon.start()
        let client = try RawClient(path: daemon.socketPath)
        let long = String(repeating: "长", count: 101)
        let cases: [(String, String)] = [
            (#"{"id":1,"op":"submit","report":{"category":"0102","cell":"320506002001006"}"#, "malformed_json"),
            (#"{"id":2,"op":"submit","report":{"category":"0102","cell":"320506002001006","colour":"red"}}"#, "unknown_field"),
            (#"{"id":3,"op":"submit","report":{"category":"0999","cell":"320506002001006"}}"#, "unknown_category"),
            (#"{"id":4,"op":"submit","report":{"category":"0102","priority":"asap","cell":"320506002001006"}}"#, "bad_priority"),
            (#"{"id":5,"op":"submit","report":{"category":"0102","location":{"lat":95,"lon":120}}}"#, "bad_location"),
            (#"{"id":6,"op":"submit","report":{"category":"0102","location":{"lat":NaN,"lon":120}}}"#, "malformed_json"),
            (#"{"id":7,"op":"submit","report":{"category":"0102","cell":"3205060020010"}}"#, "bad_cell"),
            (#"{"id":8,"op":"submit","report":{"category":"0102","community":"320506009009"}}"#, "unknown_community"),
            (#"{"id":9,"op":"submit","report":{"category":"0102"}}"#, "no_location"),
            (#"{"id":10,"op":"submit","report":{"category":"0102","cell":"320506002001006","title":"\#(long)"}}"#, "field_too_long"),
            (#"{"id":11,"op":"explode"}"#, "unknown_op"),
            (#"{"id":12,"op":"show"}"#, "missing_field"),
            (#"[]"#, "bad_request"),
        ]
        for (line, code) in cases {
            try client.send(line + "\n")
            let response = try client.readResponse()
            XCTAssertEqual(response["ok"], false, line)
            XCTAssertEqual(response["error"]?.objectValue?["code"]?.stringValue, code, line)
        }
        // Invalid UTF-8 inside a string.
        try client.send(Array(#"{"id":13,"op":"submit","report":{"category":"0102","cell":"320506002001006","title":""#.utf8) + [0xFF, 0xFE] + Array("\"}}\n".utf8))
        XCTAssertEqual(try client.readResponse()["error"]?.objectValue?["code"], "invalid_utf8")
        // The same connection still works, and nothing was stored.
        try client.send(#"{"id":14,"op":"status"}"# + "\n")
        let status = try client.readResponse()
        XCTAssertEqual(status["id"], 14)
        XCTAssertEqual(status["result"]?.objectValue?["store"]?.objectValue?["incidents"], 0)
        XCTAssertEqual(daemon.stop(), 0)
        XCTAssertTrue(daemon.dispatchLogText.contains("event=request_refused op=submit code=unknown_category"), daemon.dispatchLogText)
    }

    func testOverlongLineIsRefusedThenTheConnectionCloses() throws {
        let daemon = try DaemonHarness(extraConfig: "[Limits]\nMaxLineBytes=4K")
        try daemon.start()
        let client = try RawClient(path: daemon.socketPath)
        try client.send(#"{"id":1,"op":"ping","pad":""# + String(repeating: "x", count: 8192))
        let response = try client.readResponse()
        XCTAssertEqual(response["error"]?.objectValue?["code"], "line_too_long")
        XCTAssertTrue(client.waitForEOF(), "the connection should be closed after line_too_long")
        // Others are unaffected.
        XCTAssertNotNil(try daemon.connect().call("ping").get())
        XCTAssertEqual(daemon.stop(), 0)
    }

    func testSilentClientIsTimedOut() throws {
        let daemon = try DaemonHarness(extraConfig: "[Limits]\nIdleTimeout=200ms")
        try daemon.start()
        let client = try RawClient(path: daemon.socketPath)
        let response = try client.readResponse(seconds: 10)
        XCTAssertEqual(response["error"]?.objectValue?["code"], "timeout")
        XCTAssertTrue(client.waitForEOF())
        XCTAssertNotNil(try daemon.connect().call("ping").get())
        XCTAssertEqual(daemon.stop(), 0)
    }

    func testConfigErrorsAreReportedWithFileAndLine() throws {
        let daemon = try DaemonHarness(extraConfig: "[Limits]\nIdleTimeut=5s\n[Grid]\nFallbackUnit=999999999")
        let process = Process()
        process.executableURL = DaemonHarness.productsDirectory.appendingPathComponent("gridd")
        process.arguments = ["--check-config", "--config", daemon.configPath]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 1)
        XCTAssertTrue(text.contains("\(daemon.configPath):"), text)
        XCTAssertTrue(text.contains("IdleTimeut"), text)
        XCTAssertTrue(text.contains("IdleTimeout"), "a did-you-mean suggestion: \(text)")
        XCTAssertTrue(text.contains("FallbackUnit"), text)

        let clean = Process()
        clean.executableURL = DaemonHarness.productsDirectory.appendingPathComponent("gridd")
        clean.arguments = ["--check-config", "--config", DaemonHarness.repositoryRoot + "/Config/gridd.conf"]
        clean.standardOutput = FileHandle.nullDevice
        try clean.run()
        clean.waitUntilExit()
        XCTAssertEqual(clean.terminationStatus, 0)
    }
}
