import Foundation
import GridClient
import GridCore
import GridSystem
import XCTest

/// "Bad input always gets a clear error and loses nothing else; the daemon stays up", proved over
/// the whole bad-input corpus (Tests/Corpus) with one real daemon: every socket case is sent
/// pipelined on one connection between good submits and must get its error code (and echo its
/// id); every spool case is dropped together with good files and must end in rejected/ with its
/// code; then the good reports are all stored exactly once, nothing else was stored, rejected or
/// changed, and the daemon answers and exits cleanly. BadInputTests and SpoolRejectionTests keep
/// their own cases; this adds breadth.
final class BadInputCorpusTests: XCTestCase {
    static let maxLineBytes = 16 * 1024
    static let maxFileBytes = 64 * 1024
    static let maxLinesPerFile = 50
    /// No rescan during the test: every file must be taken (or refused) as inotify announces it.
    static let config = "[Limits]\nMaxLineBytes=16K\n[Spool]\nMaxFileSize=64K\nMaxLinesPerFile=50\nRescanInterval=30min"

    /// What must be true once everything was sent and dropped.
    struct Expected {
        /// The keys of the good reports: each stored exactly once, and nothing else.
        var keys: Set<String> = []
        /// Every name that must appear in rejected/, with its `.reason` code and line.
        var rejected: [String: (code: String, line: Int?)] = [:]
        /// The names of `rejected` that are removed from new/ with only a `.reason` (links).
        var removed: Set<String> = []
        var rejectedFiles = 0
        var rejectedLines = 0
        var cases = 0
    }

    func testEveryCorpusCaseIsRefusedWithItsCodeAndNothingElseIsLost() throws {
        let corpus = try BadInputCorpus.load()
        let daemon = try DaemonHarness(extraConfig: Self.config)
        try daemon.start()
        var expected = Expected()

        try setUpIncidents(daemon, &expected)
        try sendSocketCases(corpus.socket, daemon, &expected)
        try sendOverlongLines(daemon, &expected)
        try dropSpoolFiles(corpus.spoolFiles, daemon, &expected)
        try dropSpoolLines(corpus.spoolLines, daemon, &expected)
        try dropGeneratedSpoolCases(daemon, &expected)
        XCTAssertGreaterThanOrEqual(expected.cases, 100, "the corpus must hold at least 100 cases")
        print("bad-input corpus: \(expected.cases) cases (docs/TESTING.md counts them)")

        let drained = waitUntil(seconds: 60) { daemon.spoolNames("new").isEmpty || !(daemon.process?.isRunning ?? false) }
        guard daemon.process?.isRunning ?? false else { return XCTFail("gridd died: \(daemon.stderrText.suffix(3000))") }
        XCTAssertTrue(drained, "left in new/: \(daemon.spoolNames("new"))")
        try checkRejected(daemon, expected)
        try checkNothingElse(daemon, expected)
        XCTAssertEqual(daemon.stop(), 0, daemon.stderrText)
    }

    // MARK: The socket

    /// Incident 1 stays dispatched and incident 2 is cancelled: the corpus's invalid_state and
    /// missing-note cases act on them (Tests/Corpus/README.md).
    func setUpIncidents(_ daemon: DaemonHarness, _ expected: inout Expected) throws {
        let client = try RawClient(path: daemon.socketPath)
        for (number, key) in [(1, "corpus-setup-1"), (2, "corpus-setup-2")] {
            try client.send(#"{"id":"setup","op":"submit","report":\#(SpoolIntakeTests.report(key))}"# + "\n")
            let response = try client.readResponse()
            XCTAssertEqual(response["result"]?.objectValue?["id"], .int(Int64(number)), "\(response)")
            expected.keys.insert(key)
        }
        try client.send(#"{"id":"setup","op":"cancel","incident":2,"note":"corpus setup"}"# + "\n")
        XCTAssertEqual(try client.readResponse()["result"]?.objectValue?["state"], "cancelled")
    }

    /// Every socket case pipelined on one connection, a good submit before every 25th; the
    /// responses come back in request order.
    func sendSocketCases(_ cases: [BadInputCorpus.SocketCase], _ daemon: DaemonHarness, _ expected: inout Expected) throws {
        var stream: [UInt8] = []
        var answers: [(name: String, code: String?, id: JSONValue)] = []
        for (index, item) in cases.enumerated() {
            if index % 25 == 0 {
                let key = "corpus-socket-\(index)"
                stream += Array(#"{"id":"\#(key)","op":"submit","report":\#(SpoolIntakeTests.report(key))}"#.utf8) + [0x0A]
                answers.append((key, nil, .string(key)))
                expected.keys.insert(key)
            }
            stream += item.line + [0x0A]
            answers.append((item.name, item.code, BadInputCorpus.expectedID(of: item.line)))
            expected.cases += 1
        }
        let client = try RawClient(path: daemon.socketPath)
        let sender = DispatchQueue(label: "corpus.sender")
        let sent = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var sendError: (any Error)?
        sender.async { [stream] in
            do { try client.send(stream) } catch { sendError = error }
            sent.signal()
        }
        for answer in answers {
            let response = try client.readResponse(seconds: 30)
            XCTAssertEqual(response["id"], answer.id, "\(answer.name): \(response)")
            guard let code = answer.code else {
                XCTAssertEqual(response["ok"], true, "\(answer.name): \(response)")
                XCTAssertEqual(response["result"]?.objectValue?["created"], true, "\(answer.name): \(response)")
                continue
            }
            let error = response["error"]?.objectValue
            XCTAssertEqual(response["ok"], false, answer.name)
            XCTAssertEqual(error?["code"]?.stringValue, code, "\(answer.name): \(response)")
            XCTAssertFalse(error?["message"]?.stringValue?.isEmpty ?? true, "\(answer.name): no message")
        }
        XCTAssertEqual(sent.wait(timeout: .now() + 30), .success)
        XCTAssertNil(sendError)
        // The connection survived every one of them.
        try client.send(#"{"id":"after","op":"ping"}"# + "\n")
        XCTAssertEqual(try client.readResponse()["id"], "after")
    }

    /// Lines over MaxLineBytes, each on its own connection (the contract closes it): what came
    /// before is answered, then `line_too_long` with a null id, then EOF; what came after is not read.
    func sendOverlongLines(_ daemon: DaemonHarness, _ expected: inout Expected) throws {
        let over = Self.maxLineBytes + 1
        let cases: [(String, [UInt8])] = [
            ("ping padded past the limit", Array(#"{"id":1,"op":"ping","pad":""#.utf8) + Array(repeating: UInt8(ascii: "x"), count: over) + Array("\"}\n".utf8)),
            ("no newline at all", Array(repeating: UInt8(ascii: "{"), count: over)),
            ("a valid report past the limit", Array(#"{"id":1,"op":"submit","report":{"category":"0102","cell":"320506002001006","key":"corpus-overlong","description":""#.utf8)
                + Array(repeating: UInt8(ascii: "d"), count: over) + Array("\"}}\n".utf8)),
            ("invalid UTF-8 past the limit", Array(repeating: 0xFF, count: over) + [0x0A]),
        ]
        for (name, bytes) in cases {
            let client = try RawClient(path: daemon.socketPath)
            try client.send(Array(#"{"id":"before","op":"ping"}"#.utf8) + [0x0A] + bytes + Array(#"{"id":"after","op":"ping"}"#.utf8) + [0x0A])
            XCTAssertEqual(try client.readResponse()["id"], "before", name)
            let response = try client.readResponse()
            XCTAssertEqual(response["id"], .null, name)
            XCTAssertEqual(response["error"]?.objectValue?["code"], "line_too_long", "\(name): \(response)")
            XCTAssertTrue(client.waitForEOF(), "\(name): the connection should be closed after line_too_long")
            expected.cases += 1
        }
    }
}
