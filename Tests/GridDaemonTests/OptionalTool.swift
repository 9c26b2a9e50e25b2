import Foundation
import XCTest

/// A program from Debian's packages that some tests need and a fresh machine may lack (chromium
/// for the HTML report's browser test, systemd-socket-activate for socket activation).
///
/// On a developer's machine a missing tool skips the test with one line naming the package to
/// install, so the README's `swift test` passes on a fresh machine. Where the tools are required
/// — `GRIDD_REQUIRE_TOOLS=1`, which `.ci/run` sets after installing them, or `CI=true` — a missing
/// tool fails the test instead, so CI still proves what those tests prove.
enum OptionalTool {
    /// Whether a missing tool is a failure rather than a skip.
    static var isRequired: Bool {
        let environment = ProcessInfo.processInfo.environment
        return environment["GRIDD_REQUIRE_TOOLS"] == "1" || environment["CI"] == "true"
    }

    /// The first executable among `candidates`; if there is none, a skip (or, where tools are
    /// required, a failure) saying `apt-get install PACKAGE`.
    static func locate(
        _ candidates: [String], package: String, file: StaticString = #filePath, line: UInt = #line
    ) throws -> String {
        if let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) { return found }
        let name = URL(fileURLWithPath: candidates[0]).lastPathComponent
        let message = "\(name) is not installed: apt-get install \(package)"
        guard isRequired else { throw XCTSkip(message, file: file, line: line) }
        XCTFail(message + " (required here: GRIDD_REQUIRE_TOOLS=1 or CI=true)", file: file, line: line)
        throw CocoaError(.fileNoSuchFile)
    }
}
