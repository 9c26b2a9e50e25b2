import Foundation
import GridClient
import GridCore
import GridDaemon
import GridSystem
import XCTest

/// The spool is a directory others write into: what a careless or hostile producer puts in new/
/// (links, hard links, a name used again, a file written in place and paused, a file changed while
/// the daemon works on it) neither makes the daemon write where it should not, nor loses or drops
/// a report, nor overwrites evidence in rejected/.
final class SpoolTrustTests: XCTestCase {
    let good = SpoolIntakeTests.report()

    /// A symbolic link named like a refused line that is still to come (`x.jsonl.line-1`) pointing
    /// at the database: it is removed from new/ (never moved into rejected/), its `.reason` says so,
    /// and when x.jsonl's line 1 is refused later nothing is written through any link: the database
    /// is intact and gridd starts again on it.
    func testASymlinkNamedLikeAFutureRejectedLineIsRemovedAndNothingIsWrittenThroughIt() throws {
        let daemon = try DaemonHarness()
        try daemon.start()
        let tmp = daemon.spoolDirectory + "/tmp/"
        let new = daemon.spoolDirectory + "/new/"
        let header = Array(try Files.read(daemon.databasePath).prefix(16))
        XCTAssertEqual(header, Array("SQLite format 3\0".utf8))

        XCTAssertEqual(symlink(daemon.databasePath, tmp + "x.jsonl.line-1"), 0)
        XCTAssertEqual(rename(tmp + "x.jsonl.line-1", new + "x.jsonl.line-1"), 0)
        XCTAssertTrue(waitUntil(seconds: 20) { daemon.spoolNames("new").isEmpty }, daemon.dispatchLogText)
        XCTAssertEqual(daemon.symbolicLinksInRejected(), [], "a symbolic link was moved into rejected/")
        let linkReason = try XCTUnwrap(try daemon.rejectedReasons()["x.jsonl.line-1"], "\(daemon.spoolNames("rejected"))")
        XCTAssertEqual(linkReason["code"]?.stringValue, "symlink")
        XCTAssertEqual(linkReason["file"]?.stringValue, "x.jsonl.line-1")
        XCTAssertTrue(linkReason["message"]?.stringValue?.contains(daemon.databasePath) == true, "\(linkReason)")

        // x.jsonl: line 1 refused, line 2 good.
        try daemon.spool("x.jsonl", "{oops\n" + good + "\n")
        XCTAssertTrue(waitUntil(seconds: 20) { daemon.spoolNames("new").isEmpty && daemon.incidentCount() == 1 }, daemon.dispatchLogText)
        XCTAssertEqual(Array(try Files.read(daemon.databasePath).prefix(16)), header, "the database was written through a link")
        XCTAssertEqual(daemon.symbolicLinksInRejected(), [])
        let lineReasons = try daemon.rejectedReasons().filter { $0.value["file"]?.stringValue == "x.jsonl" }
        XCTAssertEqual(lineReasons.count, 1, "\(lineReasons)")
        let (lineName, lineReason) = try XCTUnwrap(lineReasons.first)
        XCTAssertEqual(lineReason["line"]?.intValue, 1)
        XCTAssertEqual(lineReason["rejected_as"]?.stringValue, lineName)
        let stored = try Directory.linkStatus(daemon.spoolDirectory + "/rejected/" + lineName)
        XCTAssertTrue(stored.isRegularFile)
        XCTAssertEqual(stored.mode & 0o777, 0o640)
        XCTAssertEqual(try Files.read(daemon.spoolDirectory + "/rejected/" + lineName), Array("{oops\n".utf8))

        XCTAssertEqual(daemon.stop(), 0)
        try daemon.start()
        XCTAssertEqual(try daemon.sqlite("PRAGMA integrity_check"), ["ok"])
        XCTAssertEqual(daemon.incidentCount(), 1)
        XCTAssertEqual(daemon.stop(), 0)
    }

    /// A refused file, and a refused line, under a name already used in rejected/ get names of
    /// their own (both are kept). A file taken again with the same bytes (as after a crash before
    /// its removal) does not multiply its refused lines.
    func testTwoRejectionsOfTheSameNameKeepBoth() throws {
        let daemon = try DaemonHarness()
        try daemon.start()
        let rejected = daemon.spoolDirectory + "/rejected/"
        func drop(_ name: String, _ text: String, rows: Int) throws {
            try daemon.spool(name, text)
            XCTAssertTrue(waitUntil(seconds: 20) { daemon.spoolNames("new").isEmpty && daemon.incidentCount() == rows },
                          "\(name): \(daemon.dispatchLogText)")
        }
        try drop("bad.json", "{A", rows: 0)
        try drop("bad.json", "{B", rows: 0)
        try drop("l.jsonl", good + "\n{oops A\n", rows: 1)
        try drop("l.jsonl", SpoolIntakeTests.report(title: "second") + "\n{oops B\n", rows: 2)

        let reasons = try daemon.rejectedReasons()
        func contents(of file: String) throws -> [String] {
            try reasons.filter { $0.value["file"]?.stringValue == file }.keys.sorted().map {
                String(decoding: try Files.read(rejected + $0), as: UTF8.self)
            }
        }
        XCTAssertEqual(try contents(of: "bad.json").sorted(), ["{A", "{B"])
        XCTAssertEqual(try contents(of: "l.jsonl").sorted(), ["{oops A\n", "{oops B\n"], "\(daemon.spoolNames("rejected"))")
        for (name, reason) in reasons {
            XCTAssertEqual(reason["rejected_as"]?.stringValue, name)
        }

        // The same l.jsonl again, byte for byte: its good line is found by its key, its bad line
        // is already in rejected/ (the same bytes, written by the daemon): nothing new.
        let before = daemon.spoolNames("rejected")
        try drop("l.jsonl", SpoolIntakeTests.report(title: "second") + "\n{oops B\n", rows: 2)
        XCTAssertEqual(daemon.spoolNames("rejected"), before)
        XCTAssertTrue(daemon.dispatchLogText.contains("event=duplicate"))
        XCTAssertEqual(daemon.stop(), 0)
    }

    /// A device writes device7.jsonl, it is taken, and later writes a new device7.jsonl (and
    /// device7.json twice): the new reports are stored, not dropped as duplicates of the old.
    func testAReusedNameWithNewContentStoresTheNewReports() throws {
        let daemon = try DaemonHarness()
        try daemon.start()
        let first = [SpoolIntakeTests.report(title: "a1"), SpoolIntakeTests.report(title: "a2")]
        let second = [SpoolIntakeTests.report(title: "b1"), SpoolIntakeTests.report(title: "b2"), SpoolIntakeTests.report(title: "b3")]
        try daemon.spool("device7.jsonl", first.joined(separator: "\n") + "\n")
        XCTAssertTrue(waitUntil(seconds: 20) { daemon.spoolNames("new").isEmpty && daemon.incidentCount() == 2 })
        try daemon.spool("device7.jsonl", second.joined(separator: "\n") + "\n")
        XCTAssertTrue(waitUntil(seconds: 20) { daemon.spoolNames("new").isEmpty && daemon.incidentCount() == 5 },
                      "stored: \(daemon.incidentCount() ?? -1)")
        try daemon.spool("device7.json", SpoolIntakeTests.report(title: "c1"))
        XCTAssertTrue(waitUntil(seconds: 20) { daemon.spoolNames("new").isEmpty && daemon.incidentCount() == 6 })
        try daemon.spool("device7.json", SpoolIntakeTests.report(title: "c2"))
        XCTAssertTrue(waitUntil(seconds: 20) { daemon.spoolNames("new").isEmpty && daemon.incidentCount() == 7 },
                      "stored: \(daemon.incidentCount() ?? -1)")
        XCTAssertEqual(try daemon.sqlite("SELECT title FROM incidents ORDER BY id"), ["a1", "a2", "b1", "b2", "b3", "c1", "c2"])
        var expected = (first.enumerated().map { DaemonHarness.spoolKey(file: "device7.jsonl", line: $0.offset + 1, $0.element) })
        expected += second.enumerated().map { DaemonHarness.spoolKey(file: "device7.jsonl", line: $0.offset + 1, $0.element) }
        expected += ["c1", "c2"].map { DaemonHarness.spoolKey(file: "device7.json", line: 1, SpoolIntakeTests.report(title: $0)) }
        XCTAssertEqual(try daemon.sqlite("SELECT key FROM incidents ORDER BY id"), expected)
        XCTAssertFalse(daemon.dispatchLogText.contains("event=duplicate"))
        XCTAssertEqual(daemon.spoolNames("rejected"), [])
        XCTAssertEqual(daemon.stop(), 0)
    }

    /// A producer writes two lines in place in new/, the second without its end, and pauses with
    /// the file open (no IN_CLOSE_WRITE; scans find it): the daemon waits. It finishes the line
    /// and closes: both reports are stored, nothing is rejected.
    func testAnInPlaceWriterThatPausesMidLineLosesNothing() throws {
        let daemon = try DaemonHarness(extraConfig: "[Spool]\nRescanInterval=100ms")
        try daemon.start()
        let writer = try daemon.openInPlace("w.jsonl")
        let second = SpoolIntakeTests.report(title: "second")
        try writer.writeAll(Array((SpoolIntakeTests.report(title: "first") + "\n" + second.prefix(30)).utf8))
        XCTAssertTrue(waitUntil(seconds: 20) { daemon.dispatchLogText.contains("event=spool_incomplete file=w.jsonl") },
                      "the half-written file was not seen waiting: \(daemon.dispatchLogText)")
        XCTAssertEqual(daemon.spoolNames("new"), ["w.jsonl"])
        XCTAssertEqual(daemon.incidentCount(), 0, "nothing is taken from a file still being written")
        try writer.writeAll(Array((second.dropFirst(30) + "\n").utf8))
        writer.close()
        XCTAssertTrue(waitUntil(seconds: 20) { daemon.spoolNames("new").isEmpty && daemon.incidentCount() == 2 },
                      daemon.dispatchLogText)
        XCTAssertEqual(try daemon.sqlite("SELECT title FROM incidents ORDER BY id"), ["first", "second"])
        XCTAssertEqual(daemon.spoolNames("rejected"), [])
        XCTAssertEqual(daemon.stop(), 0)
    }

    /// A producer that writes half a line and closes the file (IN_CLOSE_WRITE: not a sign that the
    /// file is complete; only a rename into new/ is), then opens it again and finishes the line:
    /// nothing is taken from the half-written file, both reports are stored.
    func testAWriterThatClosesMidLineAndComesBackLosesNothing() throws {
        let daemon = try DaemonHarness()
        try daemon.start()
        let second = SpoolIntakeTests.report(title: "second")
        let writer = try daemon.openInPlace("c.jsonl")
        try writer.writeAll(Array((SpoolIntakeTests.report(title: "first") + "\n" + second.prefix(30)).utf8))
        writer.close()
        XCTAssertTrue(waitUntil(seconds: 20) { daemon.dispatchLogText.contains("event=spool_incomplete file=c.jsonl") },
                      "the half-written file was not seen waiting: \(daemon.dispatchLogText)")
        XCTAssertEqual(daemon.incidentCount(), 0)
        let again = try FileDescriptor.open(daemon.spoolDirectory + "/new/c.jsonl", O_WRONLY | O_APPEND)
        try again.writeAll(Array((second.dropFirst(30) + "\n").utf8))
        again.close()
        XCTAssertTrue(waitUntil(seconds: 20) { daemon.spoolNames("new").isEmpty && daemon.incidentCount() == 2 },
                      daemon.dispatchLogText)
        XCTAssertEqual(try daemon.sqlite("SELECT title FROM incidents ORDER BY id"), ["first", "second"])
        XCTAssertEqual(daemon.spoolNames("rejected"), [])
        XCTAssertEqual(daemon.stop(), 0)
    }

    /// A file left with a half line longer than `IncompleteTimeout=`: its complete lines are taken
    /// and the half line is refused (`incomplete_line`), kept in rejected/.
    func testAnIncompleteLineUnchangedPastIncompleteTimeoutIsRejectedAndTheRestTaken() throws {
        let daemon = try DaemonHarness(extraConfig: "[Spool]\nRescanInterval=100ms\nIncompleteTimeout=2s")
        try daemon.start()
        let writer = try daemon.openInPlace("w.jsonl")
        defer { writer.close() }
        try writer.writeAll(Array((SpoolIntakeTests.report(title: "first") + "\n" + #"{"category":"01"#).utf8))
        XCTAssertTrue(waitUntil(seconds: 30) { daemon.spoolNames("new").isEmpty && daemon.incidentCount() == 1 }, daemon.dispatchLogText)
        XCTAssertEqual(try daemon.sqlite("SELECT title FROM incidents"), ["first"])
        let reason = try XCTUnwrap(try daemon.rejectedReasons()["w.jsonl.line-2"], "\(daemon.spoolNames("rejected"))")
        XCTAssertEqual(reason["code"]?.stringValue, "incomplete_line")
        XCTAssertEqual(reason["line"]?.intValue, 2)
        XCTAssertEqual(try Files.read(daemon.spoolDirectory + "/rejected/w.jsonl.line-2"), Array(#"{"category":"01"#.utf8) + [0x0A])
        XCTAssertEqual(daemon.stop(), 0)
    }

    /// A line appended to a file after the daemon read it and before it removed it (the commit is
    /// held meanwhile): the file is not removed on the strength of the old read; it is read again,
    /// and the new line stored too.
    func testAFileAppendedBetweenReadAndRemovalIsReRead() throws {
        let daemon = try DaemonHarness()
        let faultFile = daemon.directory + "/fault"
        try "hold INSERT INTO incidents".write(toFile: faultFile, atomically: true, encoding: .utf8)
        try daemon.start(environment: [StoreFaultSwitch.environmentVariable: faultFile])
        try daemon.spool("a.jsonl", SpoolIntakeTests.report(title: "first") + "\n")
        XCTAssertTrue(waitUntil(seconds: 20) { Files.exists(faultFile + ".held") }, "the commit of a.jsonl was not held")
        // Appended while the report read from it waits for its commit; the writer keeps the file
        // open until the end (no close event).
        let appender = try FileDescriptor.open(daemon.spoolDirectory + "/new/a.jsonl", O_WRONLY | O_APPEND)
        defer { appender.close() }
        try appender.writeAll(Array((SpoolIntakeTests.report(title: "appended") + "\n").utf8))
        unlink(faultFile)
        XCTAssertTrue(waitUntil(seconds: 20) { daemon.spoolNames("new").isEmpty && daemon.incidentCount() == 2 },
                      "stored: \(daemon.incidentCount() ?? -1); \(daemon.dispatchLogText)")
        XCTAssertEqual(try daemon.sqlite("SELECT title FROM incidents ORDER BY id"), ["first", "appended"])
        XCTAssertEqual(daemon.spoolNames("rejected"), [])
        XCTAssertEqual(daemon.stop(), 0)
    }

    /// A second name for another user's file (a hard link renamed into new/) is refused with
    /// `hard_link`: the name is removed from new/, nothing is moved or copied into rejected/ but
    /// the `.reason`, the original is untouched, and nothing is stored as its owner's report.
    func testAHardLinkIsRefusedAndTheOriginalIsUntouched() throws {
        let daemon = try DaemonHarness(extraConfig: "[Access]\nOperator=#4243")
        try daemon.start()
        let original = daemon.directory + "/victim.json"
        let content = SpoolIntakeTests.report(title: "not yours")
        try content.write(toFile: original, atomically: false, encoding: .utf8)
        XCTAssertEqual(chown(original, 4243, 4243), 0)
        XCTAssertEqual(chmod(original, 0o600), 0)
        let tmp = daemon.spoolDirectory + "/tmp/linked.json"
        XCTAssertEqual(link(original, tmp), 0)
        XCTAssertEqual(rename(tmp, daemon.spoolDirectory + "/new/linked.json"), 0)
        XCTAssertTrue(waitUntil(seconds: 20) { daemon.spoolNames("new").isEmpty }, daemon.dispatchLogText)
        XCTAssertTrue(waitUntil(seconds: 10) { daemon.dispatchLogText.contains("event=spool_rejected file=linked.json") })
        XCTAssertEqual(daemon.spoolNames("rejected"), ["linked.json.reason"])
        let reason = try XCTUnwrap(try daemon.rejectedReasons()["linked.json"])
        XCTAssertEqual(reason["code"]?.stringValue, "hard_link")
        XCTAssertEqual(reason["rejected_as"], .null, "nothing was moved into rejected/")
        XCTAssertEqual(daemon.incidentCount(), 0)
        let status = try Directory.linkStatus(original)
        XCTAssertEqual(status.links, 1)
        XCTAssertEqual(status.uid, 4243)
        XCTAssertEqual(try Files.read(original), Array(content.utf8))
        XCTAssertEqual(try daemon.spoolStatus()["rejected"], 1)
        XCTAssertEqual(daemon.stop(), 0)
    }
}
