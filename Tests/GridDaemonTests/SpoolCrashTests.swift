import Foundation
import GridClient
import GridCore
import GridSystem
import XCTest

/// kill -9 at random moments while spool files are processed, until 20 kills have landed while
/// files were being processed: after every kill each file is either gone with all its reports
/// committed, or still in new/; at the end every report is in the database exactly once and the
/// database passes `PRAGMA integrity_check`.
///
/// How many kills land does not depend on the machine's speed: new/ is topped up whenever it runs
/// low (more at a time after a round that emptied it), and a round in which nothing was taken
/// before the kill waits longer next time; only the number of rounds is bounded. Files are dropped
/// while the daemon is down, as after downtime, and the daemon starts once they have settled
/// (files found by a listing are taken once their last change is a second old).
final class SpoolCrashTests: XCTestCase {
    static let killsNeeded = 20
    static let maxRounds = 200

    func testKillNineWhileFilesAreProcessedLosesAndDuplicatesNothing() throws {
        let daemon = try DaemonHarness()
        var files = SpoolCrashFiles()
        try files.drop(5000, into: daemon)
        files.waitUntilSettled()

        var killsWhileProcessing = 0
        var rounds = 0
        var topUp = 2000
        var maxDelayMicroseconds: UInt32 = 100_000
        while killsWhileProcessing < Self.killsNeeded && rounds < Self.maxRounds {
            rounds += 1
            if daemon.spoolNames("new").count < 1000 {
                try files.drop(topUp, into: daemon)
                files.waitUntilSettled()
            }
            let before = daemon.spoolNames("new").count
            // Kill early in the round (the spool starts before the socket answers).
            try daemon.start()
            usleep(UInt32.random(in: 0...maxDelayMicroseconds))
            daemon.crash()
            let remaining = Set(daemon.spoolNames("new"))
            let stored = Set(try daemon.sqlite("SELECT key FROM incidents"))
            for (name, keys) in files.keysOfFile where !remaining.contains(name) {
                for key in keys where !stored.contains(key) {
                    XCTFail("round \(rounds): \(name) is gone but \(key) is not in the database")
                }
            }
            XCTAssertEqual(daemon.spoolNames("rejected"), [], "round \(rounds)")
            if remaining.isEmpty {
                topUp = min(topUp * 2, 32_000)  // all taken before the kill: more work next time
            } else if remaining.count < before {
                killsWhileProcessing += 1
            } else {
                maxDelayMicroseconds = min(maxDelayMicroseconds * 2, 2_000_000)  // nothing taken yet: kill later
            }
        }
        print("spool crash test: \(rounds) rounds, \(killsWhileProcessing) kills while processing, \(files.keysOfFile.count) files")
        XCTAssertGreaterThanOrEqual(
            killsWhileProcessing, Self.killsNeeded, "only \(killsWhileProcessing) kills in \(rounds) rounds landed while files were processed")

        try daemon.start()
        XCTAssertTrue(waitUntil(seconds: 120) { daemon.spoolNames("new").isEmpty }, "left: \(daemon.spoolNames("new").count)")
        XCTAssertEqual(daemon.stop(), 0)
        let stored = try daemon.sqlite("SELECT key FROM incidents")
        let allKeys = Set(files.keysOfFile.values.joined())
        XCTAssertEqual(stored.count, allKeys.count, "every report exactly once")
        XCTAssertEqual(Set(stored), allKeys)
        XCTAssertEqual(try daemon.sqlite("PRAGMA integrity_check"), ["ok"])
        XCTAssertEqual(daemon.spoolNames("rejected"), [])
        XCTAssertEqual(daemon.spoolNames("tmp"), [])
    }
}

/// The files the crash test dropped, each with the keys of its reports.
struct SpoolCrashFiles {
    var keysOfFile: [String: [String]] = [:]
    var lastDrop = Date()

    /// Drops `count` more files: every 50th is JSON Lines with 5 reports (the third with its own
    /// key), the others a single report.
    mutating func drop(_ count: Int, into daemon: DaemonHarness) throws {
        let first = keysOfFile.count
        for index in first..<(first + count) {
            if index % 50 == 0 {
                let name = String(format: "k%06d.jsonl", index)
                var lines: [String] = []
                var keys: [String] = []
                for line in 1...5 {
                    let own = line == 3 ? "own-\(index)" : nil
                    lines.append(SpoolIntakeTests.report(own))
                    keys.append(own ?? DaemonHarness.spoolKey(file: name, line: line, lines[line - 1]))
                }
                try daemon.spool(name, lines.joined(separator: "\n") + "\n")
                keysOfFile[name] = keys
            } else {
                let name = String(format: "k%06d.json", index)
                let report = SpoolIntakeTests.report()
                try daemon.spool(name, report)
                keysOfFile[name] = [DaemonHarness.spoolKey(file: name, line: 1, report)]
            }
        }
        lastDrop = Date()
    }

    /// Waits until the last file dropped is older than the spool's settle time (a second).
    func waitUntilSettled() {
        _ = waitUntil(seconds: 5) { Date().timeIntervalSince(lastDrop) > 1.1 }
    }
}
