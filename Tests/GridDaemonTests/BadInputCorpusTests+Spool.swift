import Foundation
import GridClient
import GridCore
import GridSystem
import XCTest

/// The spool half of the corpus run, and the final checks.
extension BadInputCorpusTests {
    /// Each whole-file case as `CODE--NAME`, with a good file before every 10th.
    func dropSpoolFiles(_ cases: [BadInputCorpus.SpoolFileCase], _ daemon: DaemonHarness, _ expected: inout Expected) throws {
        for (index, item) in cases.enumerated() {
            if index % 10 == 0 {
                let good = "good-\(index).json"
                let report = SpoolIntakeTests.report(title: "good spool file \(index)")
                try daemon.spool(good, report)
                expected.keys.insert(DaemonHarness.spoolKey(file: good, line: 1, report))
            }
            let name = "\(item.code)--\(item.name)"
            try daemon.spool(name, bytes: item.bytes)
            expected.rejected[name] = (item.code, nil)
            expected.rejectedFiles += 1
            expected.cases += 1
        }
    }

    /// Each JSON Lines case as `lines--NAME`: its ok lines stored (under their own key or the
    /// spool's), its bad lines in rejected/NAME.line-N.
    func dropSpoolLines(_ cases: [BadInputCorpus.SpoolLinesCase], _ daemon: DaemonHarness, _ expected: inout Expected) throws {
        for item in cases {
            let name = "lines--\(item.name)"
            XCTAssertTrue(item.expected.contains { $0.code == "ok" }, "\(item.name): a lines case needs a good line, else it is rejected whole")
            try daemon.spool(name, bytes: item.bytes)
            for (line, code) in item.expected {
                if code == "ok" {
                    let own = (try? JSONParser.parse(item.line(line)))?.objectValue?["key"]?.stringValue
                    expected.keys.insert(own ?? DaemonHarness.spoolKey(file: name, line: line, bytes: item.line(line)))
                } else {
                    expected.rejected["\(name).line-\(line)"] = (code, line)
                    expected.rejectedLines += 1
                    expected.cases += 1
                }
            }
        }
    }

    /// What cannot be a plain file in the corpus: too large, too many lines, symbolic links, a
    /// hard link, a FIFO, a Unix socket, a name that is not UTF-8. The reports inside them are
    /// good: none may be stored. Links are never moved: only their `.reason` is in rejected/.
    func dropGeneratedSpoolCases(_ daemon: DaemonHarness, _ expected: inout Expected) throws {
        let tmp = daemon.spoolDirectory + "/tmp/"
        let new = daemon.spoolDirectory + "/new/"
        func expect(_ name: String, _ code: String) {
            if code == "symlink" || code == "hard_link" { expected.removed.insert(name) }
            expected.rejected[name] = (code, nil)
            expected.rejectedFiles += 1
            expected.cases += 1
        }
        func move(_ name: String) { XCTAssertEqual(rename(tmp + name, new + name), 0, name) }

        let report = SpoolIntakeTests.report("corpus-never-stored")
        try daemon.spool("too_large--padded.json", report + String(repeating: " ", count: Self.maxFileBytes))
        expect("too_large--padded.json", "too_large")
        let lines = (0...Self.maxLinesPerFile).map { SpoolIntakeTests.report("corpus-too-many-\($0)") }
        try daemon.spool("too_many_lines--one-over.jsonl", lines.joined(separator: "\n") + "\n")
        expect("too_many_lines--one-over.jsonl", "too_many_lines")

        let outside = daemon.directory + "/outside.json"
        try report.write(toFile: outside, atomically: true, encoding: .utf8)
        XCTAssertEqual(symlink(outside, tmp + "symlink--to-a-good-report.json"), 0)
        move("symlink--to-a-good-report.json")
        expect("symlink--to-a-good-report.json", "symlink")
        XCTAssertEqual(symlink(daemon.directory + "/nowhere.json", tmp + "symlink--dangling.json"), 0)
        move("symlink--dangling.json")
        expect("symlink--dangling.json", "symlink")
        XCTAssertEqual(symlink(daemon.spoolDirectory + "/new", tmp + "symlink--to-new.json"), 0)
        move("symlink--to-new.json")
        expect("symlink--to-new.json", "symlink")
        // Named like a refused line of a file that is still to come.
        XCTAssertEqual(symlink(daemon.databasePath, tmp + "symlink--to-the-database.jsonl.line-1"), 0)
        move("symlink--to-the-database.jsonl.line-1")
        expect("symlink--to-the-database.jsonl.line-1", "symlink")
        // A second name for a file outside the spool.
        XCTAssertEqual(link(outside, tmp + "hard_link--to-a-good-report.json"), 0)
        move("hard_link--to-a-good-report.json")
        expect("hard_link--to-a-good-report.json", "hard_link")

        XCTAssertEqual(mkfifo(tmp + "not_regular_file--fifo.json", 0o644), 0)
        move("not_regular_file--fifo.json")
        expect("not_regular_file--fifo.json", "not_regular_file")
        let listener = try UnixSocket.listen(path: tmp + "not_regular_file--socket.json")
        listener.close()
        move("not_regular_file--socket.json")
        expect("not_regular_file--socket.json", "not_regular_file")

        // A good report under a name that is not UTF-8: moved as bad-name.<printable form>.
        let badName = Array(new.utf8) + [0xFF, 0xFE] + Array(".json".utf8)
        try report.write(toFile: tmp + "bad-name", atomically: false, encoding: .utf8)
        let renamed = (badName.map { CChar(bitPattern: $0) } + [0]).withUnsafeBufferPointer { rename(tmp + "bad-name", $0.baseAddress!) }
        XCTAssertEqual(renamed, 0)
        expect("bad-name.__.json", "bad_name")

        // A name with a line separator and a bidi override would stand in every key, log line and
        // .reason made from it: refused as a bad name, moved under its printable form.
        try report.write(toFile: tmp + "forged\u{2028}event=escalated\u{202E}.json", atomically: false, encoding: .utf8)
        move("forged\u{2028}event=escalated\u{202E}.json")
        expect("bad-name.forged_event=escalated_.json", "bad_name")
    }

    /// Every expected name is in rejected/ with a `.reason` of its code (and line), or (a link)
    /// only its `.reason`, and nothing else is.
    func checkRejected(_ daemon: DaemonHarness, _ expected: Expected) throws {
        let names = Set(daemon.spoolNames("rejected"))
        for (name, (code, line)) in expected.rejected.sorted(by: { $0.key < $1.key }) {
            let kept = !expected.removed.contains(name)
            guard names.contains(name) == kept, names.contains(name + ".reason") else {
                XCTFail("\(name) (\(code)) is not in rejected/ with a .reason (or a link was kept)")
                continue
            }
            let reason = try XCTUnwrap(try JSONParser.parse(try Files.read(daemon.spoolDirectory + "/rejected/\(name).reason")).objectValue)
            XCTAssertEqual(reason["code"]?.stringValue, code, "\(name): \(reason)")
            XCTAssertFalse(reason["message"]?.stringValue?.isEmpty ?? true, "\(name): no message")
            XCTAssertEqual(reason["rejected_as"], kept ? .string(name) : .null, name)
            if let line { XCTAssertEqual(reason["line"]?.intValue, Int64(line), name) }
        }
        let unexpected = names.filter { !$0.hasSuffix(".reason") && expected.rejected[$0] == nil }
        XCTAssertEqual(unexpected, [], "rejected/ holds more than the corpus refused")
        XCTAssertEqual(names.count, expected.rejected.count * 2 - expected.removed.count, "a file or a .reason too many in rejected/")
        XCTAssertEqual(daemon.symbolicLinksInRejected(), [], "a symbolic link was moved into rejected/")
        XCTAssertEqual(Array(try Files.read(daemon.databasePath).prefix(16)), Array("SQLite format 3\0".utf8))
    }

    /// The good reports stored exactly once and nothing else; the two setup actions the only
    /// events besides the first; the spool's counters right; the daemon up and answering.
    func checkNothingElse(_ daemon: DaemonHarness, _ expected: Expected) throws {
        XCTAssertTrue(waitUntil(seconds: 20) { (try? daemon.sqlite("SELECT count(*) FROM incidents")) == ["\(expected.keys.count)"] })
        let keys = try daemon.sqlite("SELECT key FROM incidents")
        XCTAssertEqual(keys.count, expected.keys.count, "stored more or fewer reports than the good ones")
        XCTAssertEqual(Set(keys), expected.keys, "missing: \(expected.keys.subtracting(keys).sorted()), extra: \(Set(keys).subtracting(expected.keys).sorted())")
        XCTAssertEqual(try daemon.sqlite("SELECT kind, count(*) FROM events GROUP BY kind ORDER BY kind"),
                       ["cancelled|1", "dispatched|\(expected.keys.count)"], "an action in the corpus changed an incident")
        XCTAssertEqual(try daemon.sqlite("SELECT state || ' ' || version FROM incidents WHERE id = 1"), ["dispatched 1"])

        let spool = try daemon.spoolStatus()
        XCTAssertEqual(spool["rejected"]?.intValue, Int64(expected.rejectedFiles))
        XCTAssertEqual(spool["rejected_lines"]?.intValue, Int64(expected.rejectedLines))
        XCTAssertEqual(spool["state"], "running")
        XCTAssertTrue(daemon.process?.isRunning ?? false, "gridd died: \(daemon.stderrText)")
        XCTAssertNotNil(try daemon.connect().call("status").get())
        let log = daemon.dispatchLogText
        XCTAssertFalse(log.contains("code=internal"), "an internal error was logged")
        XCTAssertFalse(log.contains("event=spool_reject_failed"), "a rejection could not be written")
    }
}
