import Foundation
import GridClient
import GridCore
import GridSystem
import XCTest

/// kill -9 at random moments while 5,000 spool files are processed, at least 20 times: after every
/// kill each file is either gone with all its reports committed, or still in new/; at the end every
/// report is in the database exactly once and the database passes `PRAGMA integrity_check`.
final class SpoolCrashTests: XCTestCase {
    func testKillNineWhileFilesAreProcessedLosesAndDuplicatesNothing() throws {
        let daemon = try DaemonHarness()
        let fileCount = 5000
        var keysOfFile: [String: [String]] = [:]
        for index in 0..<fileCount {
            // Every 50th file is JSON Lines with 5 reports (one of them with its own key).
            if index % 50 == 0 {
                let name = String(format: "k%05d.jsonl", index)
                var lines: [String] = []
                var keys: [String] = []
                for line in 1...5 {
                    if line == 3 {
                        lines.append(SpoolIntakeTests.report("own-\(index)"))
                        keys.append("own-\(index)")
                    } else {
                        lines.append(SpoolIntakeTests.report())
                        keys.append("spool:\(name)#\(line)")
                    }
                }
                try daemon.spool(name, lines.joined(separator: "\n") + "\n")
                keysOfFile[name] = keys
            } else {
                let name = String(format: "k%05d.json", index)
                try daemon.spool(name, SpoolIntakeTests.report())
                keysOfFile[name] = ["spool:\(name)#1"]
            }
        }
        let allKeys = Set(keysOfFile.values.joined())

        var killsWhileProcessing = 0
        var rounds = 0
        var left = fileCount
        // Kill early in each round (the spool starts before the socket answers), so that at least
        // 20 kills land while files are being processed; the last round runs to the end.
        while killsWhileProcessing < 20 && rounds < 80 {
            rounds += 1
            try daemon.start()
            usleep(UInt32.random(in: 0...100_000))
            daemon.crash()
            let remaining = Set(daemon.spoolNames("new"))
            let stored = Set(try daemon.sqlite("SELECT key FROM incidents"))
            for (name, keys) in keysOfFile where !remaining.contains(name) {
                for key in keys where !stored.contains(key) {
                    XCTFail("round \(rounds): \(name) is gone but \(key) is not in the database")
                }
            }
            XCTAssertEqual(daemon.spoolNames("rejected"), [], "round \(rounds)")
            if remaining.count < left && !remaining.isEmpty { killsWhileProcessing += 1 }
            left = remaining.count
            if remaining.isEmpty { break }
        }
        print("spool crash test: \(rounds) rounds, \(killsWhileProcessing) kills while processing, \(left) files left before the last start")
        XCTAssertGreaterThanOrEqual(killsWhileProcessing, 20, "only \(killsWhileProcessing) kills in \(rounds) rounds landed while files were processed")

        try daemon.start()
        XCTAssertTrue(waitUntil(seconds: 60) { daemon.spoolNames("new").isEmpty }, "left: \(daemon.spoolNames("new").count)")
        XCTAssertEqual(daemon.stop(), 0)
        let stored = try daemon.sqlite("SELECT key FROM incidents")
        XCTAssertEqual(stored.count, allKeys.count, "every report exactly once")
        XCTAssertEqual(Set(stored), allKeys)
        XCTAssertEqual(try daemon.sqlite("PRAGMA integrity_check"), ["ok"])
        XCTAssertEqual(daemon.spoolNames("rejected"), [])
        XCTAssertEqual(daemon.spoolNames("tmp"), [])
    }
}
