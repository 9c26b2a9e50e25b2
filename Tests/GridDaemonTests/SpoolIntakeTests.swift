import Foundation
import GridClient
import GridCore
import GridSystem
import XCTest

/// The spool with the real daemon: gridctl drop without a daemon, half-written files, renamed-in
/// and written-in-place files, the start-up scan racing new files, inotify overflow, tmp/ clean-up.
final class SpoolIntakeTests: XCTestCase {
    static func report(_ key: String? = nil, category: String = "0102", title: String = "spool") -> String {
        let keyField = key.map { #""key":"\#($0)","# } ?? ""
        return #"{\#(keyField)"category":"\#(category)","cell":"320506002001006","title":"\#(title)"}"#
    }

    func testDropWorksWithoutTheDaemonAndIsTakenAtStart() throws {
        let daemon = try DaemonHarness()
        for sub in ["tmp", "new", "rejected"] { try Files.makeDirectories(daemon.spoolDirectory + "/" + sub) }
        let spool = ["--spool", daemon.spoolDirectory]
        let flags = try daemon.gridctl(["drop"] + spool + ["--category", "0102", "--cell", "320506002001006", "--title", "楼道堆放垃圾"])
        XCTAssertEqual(flags.status, 0, flags.stderr)
        let name = flags.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        XCTAssertTrue(name.hasSuffix(".json"), name)
        let lines = "\(Self.report("jl-1"))\n\n\(Self.report("jl-2"))\n"
        let fromFile = try daemon.gridctl(["drop"] + spool + ["--file", "-"], stdin: lines)
        XCTAssertEqual(fromFile.status, 0, fromFile.stderr)
        let jsonlName = fromFile.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        XCTAssertTrue(jsonlName.hasSuffix(".jsonl"), jsonlName)
        XCTAssertEqual(daemon.spoolNames("new"), [name, jsonlName].sorted())
        XCTAssertEqual(daemon.spoolNames("tmp"), [])
        let dropped = try Files.read(daemon.spoolDirectory + "/new/" + name)

        // Usage, input and cannot-create errors have their own exit statuses.
        XCTAssertEqual(try daemon.gridctl(["drop"] + spool + ["--cell", "320506002001006"]).status, 2)
        XCTAssertEqual(try daemon.gridctl(["drop"] + spool + ["--file", "-"], stdin: "{not json").status, 66)
        XCTAssertEqual(try daemon.gridctl(["drop", "--spool", daemon.directory + "/missing", "--category", "0102", "--cell", "320506002001006"]).status, 73)

        try daemon.start()
        XCTAssertTrue(waitUntil(seconds: 20) { daemon.spoolNames("new").isEmpty }, daemon.dispatchLogText)
        let keys = try daemon.sqlite("SELECT key || '|' || source || '|' || coalesce(title, '') FROM incidents ORDER BY key")
        XCTAssertEqual(keys, ["jl-1|spool|spool", "jl-2|spool|spool", "\(DaemonHarness.spoolKey(file: name, line: 1, bytes: dropped))|spool|楼道堆放垃圾"])
        let status = try daemon.spoolStatus()
        XCTAssertEqual(status["state"], "running")
        XCTAssertEqual(status["taken"], 2)
        XCTAssertEqual(status["reports"], 3)
        XCTAssertEqual(status["backlog"], 0)
        XCTAssertEqual(daemon.stop(), 0)
    }

    func testHalfWrittenFilesAreNeverTaken() throws {
        let daemon = try DaemonHarness(extraConfig: "[Spool]\nRescanInterval=100ms")
        try daemon.start()
        let new = daemon.spoolDirectory + "/new/"
        // A producer still writing in tmp/ (never renamed), and one writing in place in new/.
        let report = Array(Self.report("in-place", title: "written in place").utf8)
        let halfInTmp = try FileDescriptor.open(daemon.spoolDirectory + "/tmp/half.json", O_WRONLY | O_CREAT)
        try halfInTmp.writeAll(report.prefix(20))
        let inPlace = try FileDescriptor.open(new + "in-place.json", O_WRONLY | O_CREAT)
        try inPlace.writeAll(report.prefix(25))
        // Let several rescans go by while both are half-written.
        let scansBefore = daemon.dispatchLogText.components(separatedBy: "event=spool_scan").count
        XCTAssertTrue(waitUntil(seconds: 10) {
            daemon.dispatchLogText.components(separatedBy: "event=spool_scan").count >= scansBefore + 3
        })
        XCTAssertEqual(daemon.spoolNames("new"), ["in-place.json"])
        XCTAssertEqual(try daemon.sqlite("SELECT count(*) FROM incidents"), ["0"])
        // The in-place writer finishes and closes: IN_CLOSE_WRITE, taken once, whole.
        try inPlace.writeAll(report.dropFirst(25))
        inPlace.close()
        XCTAssertTrue(waitUntil(seconds: 10) { daemon.spoolNames("new").isEmpty })
        XCTAssertEqual(try daemon.sqlite("SELECT key || '|' || title FROM incidents"), ["in-place|written in place"])
        XCTAssertEqual(daemon.spoolNames("rejected"), [])
        XCTAssertEqual(daemon.spoolNames("tmp"), ["half.json"])
        halfInTmp.close()
        XCTAssertFalse(daemon.dispatchLogText.contains("event=duplicate"))
        XCTAssertEqual(daemon.stop(), 0)
    }

    func testRenamedAndWrittenInPlaceFilesAreEachTakenOnce() throws {
        let daemon = try DaemonHarness()
        try daemon.start()
        for index in 0..<100 {
            if index % 2 == 0 {
                try daemon.spool("renamed-\(index).json", Self.report())
            } else {
                let fd = try FileDescriptor.open(daemon.spoolDirectory + "/new/in-place-\(index).json", O_WRONLY | O_CREAT | O_EXCL)
                try fd.writeAll(Array(Self.report().utf8))
                fd.close()
            }
        }
        XCTAssertTrue(waitUntil(seconds: 20) { daemon.spoolNames("new").isEmpty })
        XCTAssertTrue(waitUntil(seconds: 10) { (try? daemon.sqlite("SELECT count(*) FROM incidents")) == ["100"] })
        XCTAssertEqual(try daemon.sqlite("SELECT count(DISTINCT key) FROM incidents WHERE key LIKE 'spool:%#1:%'"), ["100"])
        let log = daemon.dispatchLogText
        XCTAssertEqual(log.components(separatedBy: "event=dispatched").count - 1, 100)
        XCTAssertFalse(log.contains("event=duplicate"), "a file was processed twice")
        XCTAssertEqual(daemon.spoolNames("rejected"), [])
        XCTAssertEqual(daemon.stop(), 0)
    }

    func testFilesDroppedDuringTheStartupScanAreTakenOnce() throws {
        let daemon = try DaemonHarness()
        let before = 2000
        let during = 2000
        for index in 0..<before { try daemon.spool(String(format: "a%05d.json", index), Self.report()) }
        // Files keep arriving while the daemon starts and scans.
        let dropper = Thread {
            for index in 0..<during { try? daemon.spool(String(format: "b%05d.json", index), Self.report()) }
        }
        dropper.start()
        try daemon.start()
        XCTAssertTrue(waitUntil(seconds: 60) {
            (try? daemon.sqlite("SELECT count(*) FROM incidents")) == [String(before + during)] && daemon.spoolNames("new").isEmpty
        }, "left: \(daemon.spoolNames("new").count)")
        let log = daemon.dispatchLogText
        XCTAssertFalse(log.contains("event=duplicate"), "a file was processed twice")
        XCTAssertEqual(log.components(separatedBy: "event=dispatched").count - 1, before + during)
        XCTAssertEqual(try daemon.spoolStatus()["taken"]?.intValue, Int64(before + during))
        XCTAssertEqual(daemon.stop(), 0)
    }

    func testMoreFilesThanTheInotifyQueueWhileThePausedDaemonCannotReadAreAllTaken() throws {
        let queued = Int((try? String(contentsOfFile: "/proc/sys/fs/inotify/max_queued_events", encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines) ?? "") ?? 16384
        let count = max(20_000, queued + 1000)
        let daemon = try DaemonHarness()
        try daemon.start()
        let pid = try XCTUnwrap(daemon.process?.processIdentifier)
        kill(pid, SIGSTOP)
        for index in 0..<count { try daemon.spool(String(format: "p%06d.json", index), Self.report()) }
        kill(pid, SIGCONT)
        XCTAssertTrue(waitUntil(seconds: 120) {
            daemon.spoolNames("new").isEmpty && (try? daemon.sqlite("SELECT count(*) FROM incidents")) == [String(count)]
        }, "left: \(daemon.spoolNames("new").count)")
        let log = daemon.dispatchLogText
        XCTAssertTrue(log.contains("event=spool_overflow"), "expected an IN_Q_OVERFLOW and a rescan")
        XCTAssertFalse(log.contains("event=duplicate"))
        XCTAssertEqual(daemon.stop(), 0)
    }

    func testStaleFilesInTmpAreRemovedAndLogged() throws {
        let daemon = try DaemonHarness()
        try daemon.spool("placeholder.json", Self.report())
        let tmp = daemon.spoolDirectory + "/tmp/"
        _ = FileManager.default.createFile(atPath: tmp + "abandoned.json", contents: Data("{".utf8))
        _ = FileManager.default.createFile(atPath: tmp + "fresh.json", contents: Data("{".utf8))
        // Last written 37 hours ago: past the default TmpMaxAge=36h.
        var times = [timeval(tv_sec: time(nil) - 37 * 3600, tv_usec: 0), timeval(tv_sec: time(nil) - 37 * 3600, tv_usec: 0)]
        XCTAssertEqual(utimes(tmp + "abandoned.json", &times), 0)
        try daemon.start()
        XCTAssertTrue(waitUntil(seconds: 10) { daemon.dispatchLogText.contains("event=spool_tmp_removed") })
        XCTAssertEqual(daemon.spoolNames("tmp"), ["fresh.json"])
        XCTAssertTrue(daemon.dispatchLogText.contains("file=abandoned.json"))
        XCTAssertEqual(daemon.stop(), 0)
    }
}
