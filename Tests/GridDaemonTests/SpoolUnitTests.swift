import Foundation
import GridCore
import GridDaemon
import GridSystem
import XCTest

/// The pieces of the spool without a daemon: inotify record parsing, `[Spool]` settings, keys.
final class SpoolUnitTests: XCTestCase {
    func testInotifyRecordsOfVariableLengthAreParsed() {
        func record(watch: Int32, mask: UInt32, cookie: UInt32, name: String, padTo: Int) -> [UInt8] {
            var bytes: [UInt8] = []
            withUnsafeBytes(of: watch.littleEndian) { bytes += $0 }
            withUnsafeBytes(of: mask.littleEndian) { bytes += $0 }
            withUnsafeBytes(of: cookie.littleEndian) { bytes += $0 }
            withUnsafeBytes(of: UInt32(padTo).littleEndian) { bytes += $0 }
            var nameBytes = Array(name.utf8)
            nameBytes += [UInt8](repeating: 0, count: padTo - nameBytes.count)
            return bytes + nameBytes
        }
        let buffer = record(watch: 1, mask: UInt32(IN_MOVED_TO), cookie: 7, name: "a.json", padTo: 16)
            + record(watch: 1, mask: UInt32(IN_Q_OVERFLOW), cookie: 0, name: "", padTo: 0)
            + record(watch: 1, mask: UInt32(IN_CLOSE_WRITE), cookie: 0, name: "报告-长一点的名字.jsonl", padTo: 48)
            + Array(record(watch: 1, mask: UInt32(IN_MOVED_TO), cookie: 0, name: "cut", padTo: 16).prefix(20))
        let events = buffer.withUnsafeBytes { Inotify.parse($0) }
        XCTAssertEqual(events.map(\.name), ["a.json", "", "报告-长一点的名字.jsonl"])
        XCTAssertEqual(events[0].cookie, 7)
        XCTAssertTrue(events[1].isOverflow)
        XCTAssertEqual(events[2].mask, UInt32(IN_CLOSE_WRITE))
    }

    /// A file name is bytes: one that is not UTF-8 keeps its bytes and has no String name
    /// (it was decoded lossily, so the spool looked for a file that did not exist).
    func testAnInotifyNameThatIsNotUTF8KeepsItsBytes() {
        var record: [UInt8] = []
        for field in [UInt32(1), UInt32(IN_MOVED_TO), 0, 8] { withUnsafeBytes(of: field.littleEndian) { record += $0 } }
        record += [0xFF, 0xFE, 0x2E, 0x6A, 0, 0, 0, 0]
        let events = record.withUnsafeBytes { Inotify.parse($0) }
        XCTAssertEqual(events.map(\.nameBytes), [[0xFF, 0xFE, 0x2E, 0x6A]])
        XCTAssertEqual(events.map(\.name), [nil])
    }

    func testInotifyReportsARenameIntoTheWatchedDirectory() throws {
        let directory = NSTemporaryDirectory() + "spool-inotify-\(getpid())"
        try Files.makeDirectories(directory + "/new")
        try Files.makeDirectories(directory + "/tmp")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let inotify = try Inotify()
        defer { inotify.close() }
        _ = try inotify.addWatch(directory + "/new", mask: UInt32(IN_MOVED_TO) | UInt32(IN_CLOSE_WRITE))
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 65536, alignment: 8)
        defer { buffer.deallocate() }
        XCTAssertEqual(try inotify.readEvents(into: buffer), [], "non-blocking: nothing queued yet")
        _ = FileManager.default.createFile(atPath: directory + "/tmp/x.json", contents: Data("{}".utf8))
        XCTAssertEqual(rename(directory + "/tmp/x.json", directory + "/new/x.json"), 0)
        let events = try inotify.readEvents(into: buffer)
        XCTAssertEqual(events.map(\.name), ["x.json"])
        XCTAssertNotEqual(events[0].mask & UInt32(IN_MOVED_TO), 0)
    }

    func testSpoolSettingsHaveDefaultsAndAreChecked() throws {
        var base = try String(contentsOfFile: DaemonHarness.repositoryRoot + "/Config/gridd.conf", encoding: .utf8)
        if !base.hasSuffix("\n") { base += "\n" }
        let first = base.split(separator: "\n", omittingEmptySubsequences: false).count  // the line of [Spool] below
        let defaults = try GridConfig.parse(text: base, path: "g.conf", workingDirectory: "/w").get()
        XCTAssertEqual(defaults.spool, SpoolSettings())
        XCTAssertEqual(defaults.spool.maxFileBytes, 1 << 20)
        XCTAssertEqual(defaults.spool.rescanIntervalMilliseconds, 60_000)
        XCTAssertEqual(defaults.spool.tmpMaxAgeMilliseconds, 36 * 3_600_000)
        XCTAssertEqual(defaults.spool.maxLinesPerFile, 10_000)
        XCTAssertEqual(defaults.spool.incompleteTimeoutMilliseconds, 600_000)

        let set = try GridConfig.parse(
            text: base + "[Spool]\nMaxFileSize=256K\nRescanInterval=5s\nTmpMaxAge=2d\nMaxLinesPerFile=500\nIncompleteTimeout=30s\n", path: "g.conf",
            workingDirectory: "/w"
        ).get()
        XCTAssertEqual(set.spool, SpoolSettings(
            maxFileBytes: 256 << 10, rescanIntervalMilliseconds: 5000, tmpMaxAgeMilliseconds: 2 * 86_400_000, maxLinesPerFile: 500,
            incompleteTimeoutMilliseconds: 30_000))

        let bad = base + "[Spool]\nMaxFileSize=12\nRescanInterval=10ms\nTmpMaxAge=soon\nMaxLinesPerFile=0\nRescan=1s\nIncompleteTimeout=500ms\n"
        guard case .failure(let problems) = GridConfig.parse(text: bad, path: "g.conf", workingDirectory: "/w") else {
            return XCTFail("expected problems")
        }
        let lines = problems.diagnostics.map(\.description)
        XCTAssertTrue(lines.contains { $0.hasPrefix("g.conf:\(first + 1): MaxFileSize=12: expected a size between 1K and 256M") }, "\(lines)")
        XCTAssertTrue(lines.contains { $0.hasPrefix("g.conf:\(first + 2): RescanInterval=10ms: expected a duration of at least 100ms") }, "\(lines)")
        XCTAssertTrue(lines.contains { $0.hasPrefix("g.conf:\(first + 3): TmpMaxAge=soon:") }, "\(lines)")
        XCTAssertTrue(lines.contains { $0.hasPrefix("g.conf:\(first + 4): MaxLinesPerFile=0: expected a whole number from 1 to 1000000") }, "\(lines)")
        XCTAssertTrue(lines.contains { $0.hasPrefix("g.conf:\(first + 5): unknown key Rescan= in [Spool]") }, "\(lines)")
        XCTAssertTrue(lines.contains { $0.hasPrefix("g.conf:\(first + 6): IncompleteTimeout=500ms: expected a duration of at least 1s") }, "\(lines)")
    }

    /// `spool:NAME#LINE:` and the first 16 hex digits of the SHA-256 of the report's bytes (the
    /// digest here from Python's hashlib): the same bytes under the same name give the same key
    /// (a crash re-run), other bytes under the same name another (a name used again).
    func testReportsWithoutAKeyAreKeyedByFileLineAndContent() {
        let report = Array(#"{"category":"0102","cell":"320506002001006"}"#.utf8)
        XCTAssertEqual(SpoolLayout.key(file: "1764300000.123456.42.abc.json", line: 1, bytes: report[...]),
                       "spool:1764300000.123456.42.abc.json#1:eb4abfe4828e2e9d")
        XCTAssertEqual(SpoolLayout.key(file: "a.jsonl", line: 3, bytes: report[...]), "spool:a.jsonl#3:eb4abfe4828e2e9d")
        XCTAssertNotEqual(SpoolLayout.key(file: "a.jsonl", line: 3, bytes: report.dropLast()), "spool:a.jsonl#3:eb4abfe4828e2e9d")
        XCTAssertEqual(SpoolLayout(root: "/s").new, "/s/new")
        XCTAssertEqual(SpoolLayout(root: "/s").rejected, "/s/rejected")
    }
}
