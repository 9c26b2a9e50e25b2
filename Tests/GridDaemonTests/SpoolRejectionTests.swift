import Foundation
import GridClient
import GridCore
import GridSystem
import XCTest

/// Bad spool files end in rejected/ with a `.reason`, the rest of a JSON Lines file is taken, the
/// daemon goes on; a file whose owner the access config does not admit is refused.
final class SpoolRejectionTests: XCTestCase {
    let good = SpoolIntakeTests.report()

    func reason(_ daemon: DaemonHarness, _ name: String) throws -> JSONObject {
        let bytes = try Files.read(daemon.spoolDirectory + "/rejected/" + name + ".reason")
        return try XCTUnwrap(try JSONParser.parse(bytes).objectValue, name)
    }

    func testBadFilesEndInRejectedWithAReasonAndTheDaemonGoesOn() throws {
        let daemon = try DaemonHarness(extraConfig: "[Spool]\nMaxFileSize=4K")
        try daemon.start()
        let tmp = daemon.spoolDirectory + "/tmp/"
        let new = daemon.spoolDirectory + "/new/"
        var expected: [String: String] = [:]  // file → code

        try daemon.spool("corrupt.json", #"{"category":"0102","cell":"#)
        expected["corrupt.json"] = "malformed_json"
        try daemon.spool("empty.json", "")
        expected["empty.json"] = "empty"
        try daemon.spool("binary.json", bytes: [0x00, 0x01, 0x02, 0x7F, 0x10, 0x00, 0x41])
        expected["binary.json"] = "malformed_json"
        try daemon.spool("oversized.json", #"{"category":"0102","cell":"320506002001006","description":""# + String(repeating: "x", count: 5000) + #""}"#)
        expected["oversized.json"] = "too_large"
        try daemon.spool("latin1.json", bytes: Array(#"{"category":"0102","cell":"320506002001006","title":""#.utf8) + [0xE9, 0x74, 0xE9] + Array(#""}"#.utf8))
        expected["latin1.json"] = "invalid_utf8"
        try daemon.spool("unknown-category.json", SpoolIntakeTests.report(category: "0999"))
        expected["unknown-category.json"] = "unknown_category"
        try daemon.spool("unknown-field.json", #"{"category":"0102","cell":"320506002001006","catgory":"x"}"#)
        expected["unknown-field.json"] = "unknown_field"
        // A symbolic link to a good report: never followed nor moved, removed from new/ with a reason.
        let target = daemon.directory + "/target.json"
        try good.write(toFile: target, atomically: true, encoding: .utf8)
        XCTAssertEqual(symlink(target, tmp + "link.json"), 0)
        XCTAssertEqual(rename(tmp + "link.json", new + "link.json"), 0)
        expected["link.json"] = "symlink"
        // A FIFO with no writer: opened without blocking, refused by fstat.
        XCTAssertEqual(mkfifo(tmp + "fifo.json", 0o644), 0)
        XCTAssertEqual(rename(tmp + "fifo.json", new + "fifo.json"), 0)
        expected["fifo.json"] = "not_regular_file"
        // A directory.
        XCTAssertEqual(mkdir(tmp + "dir.json", 0o755), 0)
        XCTAssertEqual(rename(tmp + "dir.json", new + "dir.json"), 0)
        expected["dir.json"] = "not_regular_file"
        // JSON Lines: good, malformed, unknown category, good, blank, invalid UTF-8, unknown community.
        let mixed = [
            Array(SpoolIntakeTests.report(title: "line 1").utf8), Array("{oops".utf8),
            Array(SpoolIntakeTests.report(category: "0999").utf8), Array(SpoolIntakeTests.report(title: "line 4").utf8),
            Array("   ".utf8), Array(#"{"category":"0102","cell":"320506002001006","title":""#.utf8) + [0xFF] + Array(#""}"#.utf8),
            Array(#"{"category":"0102","community":"320506009009"}"#.utf8),
        ].joined(separator: [0x0A])
        try daemon.spool("mixed.jsonl", bytes: Array(mixed) + [0x0A])
        // And a good file after all of them: the daemon went on.
        try daemon.spool("zz-good.json", good)

        XCTAssertTrue(waitUntil(seconds: 20) { daemon.spoolNames("new").isEmpty }, "left: \(daemon.spoolNames("new"))")
        XCTAssertTrue(waitUntil(seconds: 10) { (try? daemon.sqlite("SELECT count(*) FROM incidents")) == ["3"] })
        let rejected = Set(daemon.spoolNames("rejected"))
        for (name, code) in expected {
            XCTAssertTrue(rejected.contains(name) || name == "link.json", "\(name) not in rejected/: \(rejected.sorted())")
            let reason = try reason(daemon, name)
            XCTAssertEqual(reason["code"]?.stringValue, code, "\(name): \(reason)")
            XCTAssertEqual(reason["file"]?.stringValue, name)
            XCTAssertNotNil(reason["message"]?.stringValue)
            XCTAssertTrue(daemon.dispatchLogText.contains("event=spool_rejected file=\(name) "), name)
        }
        // The link was neither followed nor moved: gone from new/, not in rejected/ (only its
        // reason), and its target untouched.
        XCTAssertFalse(rejected.contains("link.json"))
        XCTAssertEqual(try reason(daemon, "link.json")["rejected_as"], .null)
        XCTAssertEqual(try Files.read(target), Array(good.utf8))

        // The good lines of mixed.jsonl were taken; each bad line has a file and a reason of its own.
        XCTAssertEqual(try daemon.sqlite("SELECT key FROM incidents WHERE key LIKE 'spool:mixed.jsonl%' ORDER BY key"),
                       [DaemonHarness.spoolKey(file: "mixed.jsonl", line: 1, SpoolIntakeTests.report(title: "line 1")),
                        DaemonHarness.spoolKey(file: "mixed.jsonl", line: 4, SpoolIntakeTests.report(title: "line 4"))])
        XCTAssertFalse(rejected.contains("mixed.jsonl"))
        for (line, code) in [(2, "malformed_json"), (3, "unknown_category"), (6, "invalid_utf8"), (7, "unknown_community")] {
            let name = "mixed.jsonl.line-\(line)"
            XCTAssertTrue(rejected.contains(name), "\(name) not in \(rejected.sorted())")
            let reason = try reason(daemon, name)
            XCTAssertEqual(reason["code"]?.stringValue, code, name)
            XCTAssertEqual(reason["line"]?.intValue, Int64(line))
            XCTAssertEqual(reason["file"]?.stringValue, "mixed.jsonl")
            XCTAssertTrue(daemon.dispatchLogText.contains("event=spool_rejected file=mixed.jsonl line=\(line) code=\(code)"))
        }
        XCTAssertEqual(try Files.read(daemon.spoolDirectory + "/rejected/mixed.jsonl.line-2"), Array("{oops\n".utf8))
        XCTAssertFalse(rejected.contains("mixed.jsonl.line-5"), "a blank line is not a report")
        XCTAssertEqual(try daemon.sqlite("SELECT count(*) FROM incidents WHERE key = '\(DaemonHarness.spoolKey(file: "zz-good.json", line: 1, good))'"), ["1"])

        let status = try daemon.spoolStatus()
        XCTAssertEqual(status["rejected"]?.intValue, Int64(expected.count))
        XCTAssertEqual(status["rejected_lines"], 4)
        XCTAssertEqual(status["state"], "running")
        XCTAssertEqual(daemon.stop(), 0)
    }

    func testAFileOwnedByAUserTheAccessConfigDoesNotAdmitIsRefused() throws {
        let daemon = try DaemonHarness(extraConfig: "[Access]\nOperator=#4243")
        try daemon.start()
        // Write it as root, then give it to uid 4242 (not admitted) before it reaches new/.
        let tmp = daemon.spoolDirectory + "/tmp/"
        for (name, uid) in [("stranger.json", UInt32(4242)), ("operator.json", UInt32(4243))] {
            try good.write(toFile: tmp + name, atomically: false, encoding: .utf8)
            XCTAssertEqual(chown(tmp + name, uid, uid), 0)
            XCTAssertEqual(rename(tmp + name, daemon.spoolDirectory + "/new/" + name), 0)
        }
        XCTAssertTrue(waitUntil(seconds: 20) { daemon.spoolNames("new").isEmpty })
        let reason = try reason(daemon, "stranger.json")
        XCTAssertEqual(reason["code"]?.stringValue, "permission_denied")
        XCTAssertTrue(reason["message"]?.stringValue?.contains("4242") == true, "\(reason)")
        XCTAssertTrue(waitUntil(seconds: 10) {
            (try? daemon.sqlite("SELECT key || '|' || created_uid FROM incidents")) == ["\(DaemonHarness.spoolKey(file: "operator.json", line: 1, self.good))|4243"]
        })
        XCTAssertEqual(daemon.stop(), 0)
    }
}
