import Foundation
import GridSystem
import XCTest

/// Helpers for the tests of the daemon's state files: their modes, and the database going away.
extension DaemonHarness {
    /// Starts gridd with the process umask set to `mask` (the child inherits it at spawn; the
    /// test process's umask is restored as soon as gridd runs).
    func start(umask mask: mode_t, file: StaticString = #filePath, line: UInt = #line) throws {
        let previous = umask(mask)
        defer { umask(previous) }
        try start(file: file, line: line)
    }

    /// The permission bits of `path` (nil when it does not exist).
    static func permissions(_ path: String) -> mode_t? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        return info.st_mode & 0o7777
    }

    /// Starts gridd and expects it to refuse to start: returns its exit status and stderr.
    func launchExpectingRefusal(file: StaticString = #filePath, line: UInt = #line) throws -> (status: Int32, stderr: String) {
        try launch()
        let process = try XCTUnwrap(process, file: file, line: line)
        guard waitUntil(seconds: 30, { !process.isRunning }) else {
            crash()
            XCTFail("gridd started where it must refuse to", file: file, line: line)
            return (0, stderrText)
        }
        return (process.terminationStatus, stderrText)
    }
}
