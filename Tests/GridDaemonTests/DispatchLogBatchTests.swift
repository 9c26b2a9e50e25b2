import GridCore
import GridTesting
import XCTest

@testable import GridDaemon

/// `DispatchLog.log(_ lines:)`, what the commit sink logs a commit's events with: the lines in
/// order in the file and in tail's backlog, one time stamp, levels below the minimum left out.
final class DispatchLogBatchTests: XCTestCase {
    func testLinesLoggedTogetherKeepTheirOrderInTheFileAndTail() throws {
        var template = Array("/tmp/gridd-logbatch-XXXXXX".utf8CString)
        let directory = String(cString: try XCTUnwrap(mkdtemp(&template)))
        defer {
            unlink(directory + "/dispatch.log")
            rmdir(directory)
        }
        let clock = ManualClock(Timestamp(rfc3339: "2026-12-05T09:30:00+08:00")!)
        let log = DispatchLog(filePath: directory + "/dispatch.log", clock: clock, minimumLevel: .info, echoToStderr: false)
        log.openFile()
        log.log(.info, "before")
        log.log([
            LogLine(.info, "dispatched", [("id", "1"), ("title", "楼道 堆物")]),
            LogLine(.debug, "hidden", [("id", "2")]),
            LogLine(.notice, "escalated", [("id", "3"), ("note", "a\nb")]),
        ])
        log.log([LogLine]())
        log.close()
        let text = String(decoding: try XCTUnwrap(FileManager.default.contents(atPath: directory + "/dispatch.log")), as: UTF8.self)
        XCTAssertEqual(text, """
            ts=2026-12-05T09:30:00.000+08:00 level=info event=before
            ts=2026-12-05T09:30:00.000+08:00 level=info event=dispatched id=1 title="楼道 堆物"
            ts=2026-12-05T09:30:00.000+08:00 level=notice event=escalated id=3 note="a\\nb"

            """)
        let backlog = log.broadcaster.subscribe(TailFilter(TailQuery()), backlog: 10, follow: false).backlog
        XCTAssertEqual(backlog.map(\.line.event), ["before", "dispatched", "escalated"])
        XCTAssertEqual(backlog.map(\.seq), [backlog[0].seq, backlog[0].seq + 1, backlog[0].seq + 2])
    }
}
