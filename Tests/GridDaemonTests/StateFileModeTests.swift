import Foundation
import GridClient
import GridCore
import XCTest

/// Every state file gridd creates has an explicit mode whatever the umask: the database and its
/// -wal and -shm (reporters' names and phone numbers) 0640, dispatch.log 0640, the clean-shutdown
/// marker and the database's identity file 0640. Before: created under the umask, so a daemon
/// started by hand under umask 000 or 022 left the database readable by every local user.
final class StateFileModeTests: XCTestCase {
    func testStateFilesHaveExplicitModesUnderAnyUmask() throws {
        for mask: mode_t in [0o000, 0o077] {
            let daemon = try DaemonHarness()
            try daemon.start(umask: mask)
            let submitted = try daemon.connect().call("submit", ["report": .object(SuitePolicy.report(key: "mode-\(mask)"))])
            XCTAssertNoThrow(try submitted.result.get())
            let database = daemon.databasePath
            for path in [database, database + "-wal", database + "-shm", database + ".identity", daemon.directory + "/dispatch.log"] {
                XCTAssertEqual(DaemonHarness.permissions(path).map { String($0, radix: 8) }, "640", "\(path) under umask \(String(mask, radix: 8))")
            }
            XCTAssertEqual(daemon.stop(), 0)
            let marker = database + ".clean-shutdown"
            XCTAssertEqual(DaemonHarness.permissions(marker).map { String($0, radix: 8) }, "640", "\(marker) under umask \(String(mask, radix: 8))")
        }
    }
}
