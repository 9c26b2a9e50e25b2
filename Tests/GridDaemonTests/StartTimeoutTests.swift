import Foundation
import GridDaemon
import XCTest

/// A start that checks a large database (after an unclean stop `PRAGMA quick_check` reads the
/// whole file: 125 s at 10,000,000 incidents) tells systemd it is still starting, so that the
/// default `TimeoutStartSec=` of 90 s does not kill it mid-check (docs/OPERATIONS.md).
final class StartTimeoutTests: XCTestCase {
    private func value(_ key: String, in message: [String]) -> String? {
        message.first { $0.hasPrefix(key + "=") }.map { String($0.dropFirst(key.count + 1)) }
    }

    /// The extension goes out at once, then again and again while the step runs.
    func testTheExtensionRepeatsWhileTheStepRuns() throws {
        let harness = try DaemonHarness()  // (not launched: its directory)
        let receiver = try NotifyReceiver(directory: harness.directory)
        let service = ServiceManager(environment: { $0 == "NOTIFY_SOCKET" ? receiver.path : nil })
        let seen = service.extendingStartTimeout(status: "checking", every: .milliseconds(20), extension: 5_000_000) { () -> Int in
            // The step ends only once three extensions have arrived (a bounded wait on them).
            var index = -1
            var count = 0
            while count < 3, let next = receiver.waitFor(after: index, containing: "EXTEND_TIMEOUT_USEC=5000000") {
                index = next
                count += 1
            }
            return count
        }
        XCTAssertEqual(seen, 3, receiver.transcript)
        XCTAssertTrue(receiver.messages.allSatisfy { value("STATUS", in: $0) == "checking" }, receiver.transcript)
    }

    /// Without `$NOTIFY_SOCKET` the step just runs.
    func testWithoutSystemdTheStepJustRuns() {
        let service = ServiceManager(environment: { _ in nil })
        XCTAssertEqual(service.extendingStartTimeout(status: "checking") { 42 }, 42)
    }

    /// The real gridd: a first start runs the page check and says so with an extension before
    /// READY=1; a start after a clean stop says it opens the database.
    func testGriddExtendsItsStartWhileItChecksTheDatabase() throws {
        let harness = try DaemonHarness()
        let receiver = try NotifyReceiver(directory: harness.directory)
        try harness.launch(environment: ["NOTIFY_SOCKET": receiver.path])
        let ready = try XCTUnwrap(receiver.waitFor(containing: "READY=1"), "no READY=1; stderr:\n\(harness.stderrText)")
        let extended = try XCTUnwrap(
            receiver.messages[..<ready].firstIndex { $0.contains { $0.hasPrefix("EXTEND_TIMEOUT_USEC=") } }, receiver.transcript)
        XCTAssertGreaterThan(UInt64(value("EXTEND_TIMEOUT_USEC", in: receiver.messages[extended]) ?? "") ?? 0, 0)
        XCTAssertTrue(value("STATUS", in: receiver.messages[extended])?.contains("quick_check") == true, receiver.transcript)
        XCTAssertEqual(harness.stop(), 0)
    }
}
