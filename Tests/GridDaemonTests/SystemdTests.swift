import Foundation
import GridCore
import GridSystem
import XCTest

/// A test `$NOTIFY_SOCKET`: an AF_UNIX datagram socket in the harness's directory that collects
/// what gridd sends, each datagram as its list of assignments.
final class NotifyReceiver: @unchecked Sendable {
    let path: String
    private let fd: Int32
    private(set) var messages: [[String]] = []

    init(directory: String) throws {
        path = directory + "/notify.sock"
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw Errno(code: errno, call: "socket") }
        let address = try UnixSocketAddress.path(path, call: "bind(\(path))")
        let bound = address.withSockaddr { bind(fd, $0, $1) }
        guard bound == 0 else { throw Errno(code: errno, call: "bind(\(path))") }
    }

    deinit { close(fd) }

    /// Reads datagrams until one satisfies `match` (searching those already read after index
    /// `after` first) or `seconds` pass; returns its index.
    func waitFor(after: Int = -1, seconds: Double = 30, _ match: ([String]) -> Bool) -> Int? {
        let deadline = Date().addingTimeInterval(seconds)
        var searched = after + 1
        while true {
            while searched < messages.count {
                if match(messages[searched]) { return searched }
                searched += 1
            }
            let remaining = deadline.timeIntervalSinceNow
            guard remaining > 0 else { return nil }
            var pollFD = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&pollFD, 1, Int32(min(remaining, 1) * 1000) + 1) > 0 else { continue }
            var buffer = [UInt8](repeating: 0, count: 4096)
            let count = recv(fd, &buffer, buffer.count, 0)
            guard count > 0 else { continue }
            messages.append(String(decoding: buffer[0..<count], as: UTF8.self).split(separator: "\n").map(String.init))
        }
    }

    func waitFor(after: Int = -1, seconds: Double = 30, containing assignment: String) -> Int? {
        waitFor(after: after, seconds: seconds) { $0.contains(assignment) }
    }

    var transcript: String { messages.map { $0.joined(separator: " ") }.joined(separator: "\n") }
}

private func value(_ key: String, in message: [String]) -> String? {
    message.first { $0.hasPrefix(key + "=") }.map { String($0.dropFirst(key.count + 1)) }
}

private func monotonicMicrosecondsNow() -> UInt64 { UInt64(SystemClocks.monotonicMicroseconds()) }

final class SystemdNotifyTests: XCTestCase {
    /// READY=1 (with MAINPID) only once everything is up, STATUS= updates, WATCHDOG=1 at half of
    /// WATCHDOG_USEC, RELOADING=1 with MONOTONIC_USEC= on SIGHUP then READY=1, STOPPING=1 on
    /// SIGTERM — in that order.
    func testNotificationsArriveInOrder() throws {
        let harness = try DaemonHarness()
        let receiver = try NotifyReceiver(directory: harness.directory)
        try harness.launch(environment: ["NOTIFY_SOCKET": receiver.path, "WATCHDOG_USEC": "200000"])
        let pid = try XCTUnwrap(harness.process?.processIdentifier)

        let ready = try XCTUnwrap(receiver.waitFor(containing: "READY=1"), "no READY=1; stderr:\n\(harness.stderrText)")
        XCTAssertEqual(value("MAINPID", in: receiver.messages[ready]), String(pid))
        XCTAssertNotNil(value("STATUS", in: receiver.messages[ready]))
        XCTAssertFalse(receiver.messages[..<ready].contains { $0.contains("READY=1") })
        // Ready means usable: the socket answers at once.
        XCTAssertEqual(try harness.gridctl(["status"]).status, 0)

        // A STATUS= update of its own with live counts, and watchdog pings every ~100 ms.
        let status = try XCTUnwrap(receiver.waitFor(after: ready) { $0.count == 1 && $0[0].hasPrefix("STATUS=") }, receiver.transcript)
        XCTAssertTrue(receiver.messages[status][0].contains("open incident"), receiver.messages[status][0])
        let firstPing = try XCTUnwrap(receiver.waitFor(containing: "WATCHDOG=1"), receiver.transcript)
        XCTAssertNotNil(receiver.waitFor(after: firstPing, containing: "WATCHDOG=1"), receiver.transcript)

        // Reload: RELOADING=1 with our CLOCK_MONOTONIC, then READY=1 again.
        let beforeReload = monotonicMicrosecondsNow()
        let seen = receiver.messages.count - 1
        harness.signal(SIGHUP)
        let reloading = try XCTUnwrap(receiver.waitFor(after: seen, containing: "RELOADING=1"), receiver.transcript)
        let stamp = try XCTUnwrap(value("MONOTONIC_USEC", in: receiver.messages[reloading]).flatMap(UInt64.init))
        XCTAssertGreaterThanOrEqual(stamp, beforeReload)
        XCTAssertLessThanOrEqual(stamp, monotonicMicrosecondsNow())
        let readyAgain = try XCTUnwrap(receiver.waitFor(after: reloading, containing: "READY=1"), receiver.transcript)

        // Stop: STOPPING=1, then a clean exit.
        harness.signal(SIGTERM)
        let stopping = try XCTUnwrap(receiver.waitFor(after: readyAgain, containing: "STOPPING=1"), receiver.transcript)
        XCTAssertGreaterThan(stopping, readyAgain)
        XCTAssertEqual(harness.stop(), 0)
        XCTAssertFalse(receiver.messages[(stopping + 1)...].contains { $0.contains("READY=1") || $0.contains("RELOADING=1") })
    }

    /// $WATCHDOG_PID naming another process means the pings are not ours to send.
    func testWatchdogForAnotherProcessIsNotPinged() throws {
        let harness = try DaemonHarness()
        let receiver = try NotifyReceiver(directory: harness.directory)
        try harness.launch(environment: ["NOTIFY_SOCKET": receiver.path, "WATCHDOG_USEC": "100000", "WATCHDOG_PID": "1"])
        let ready = try XCTUnwrap(receiver.waitFor(containing: "READY=1"), harness.stderrText)
        // Five of our would-be intervals (50 ms each) go by with a round trip through the daemon each.
        for _ in 0..<5 { XCTAssertEqual(try harness.gridctl(["status"]).status, 0) }
        harness.signal(SIGTERM)
        XCTAssertNotNil(receiver.waitFor(after: ready, containing: "STOPPING=1"))
        XCTAssertEqual(harness.stop(), 0)
        XCTAssertFalse(receiver.messages.contains { $0.contains("WATCHDOG=1") }, receiver.transcript)
    }

    /// Under journald ($JOURNAL_STREAM) log lines on stderr carry <N> priorities and no ts=;
    /// dispatch.log keeps its timestamps.
    func testJournalPriorityPrefixes() throws {
        let harness = try DaemonHarness()
        try harness.launch(environment: ["JOURNAL_STREAM": "8:12345"])
        XCTAssertTrue(waitUntil(seconds: 30) { (try? harness.gridctl(["status"]).status) == 0 }, harness.stderrText)
        XCTAssertEqual(harness.stop(), 0)
        let logLines = harness.stderrText.split(separator: "\n").filter { $0.contains("event=") }
        XCTAssertTrue(logLines.contains { $0.hasPrefix("<5>level=notice event=ready ") }, harness.stderrText)
        XCTAssertTrue(logLines.contains { $0.hasPrefix("<6>level=info event=database_opened ") }, harness.stderrText)
        for line in logLines {
            XCTAssertNotNil(line.range(of: #"^<[0-7]>level="#, options: .regularExpression), String(line))
            XCTAssertFalse(line.contains("ts="), String(line))
        }
        XCTAssertTrue(harness.dispatchLogText.split(separator: "\n").allSatisfy { $0.hasPrefix("ts=") })
    }
}

final class SystemdSocketActivationTests: XCTestCase {
    /// Through the real systemd-socket-activate: gridd takes fd 3 named gridd.sock, serves it,
    /// says so in status, and leaves the socket file alone when it stops.
    func testSocketActivationThroughSystemdSocketActivate() throws {
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: DaemonHarness.socketActivateTool), "no systemd-socket-activate")
        let harness = try DaemonHarness()
        let receiver = try NotifyReceiver(directory: harness.directory)
        let daemon = try harness.spawnSocketActivated(environment: ["NOTIFY_SOCKET": receiver.path])
        XCTAssertTrue(
            waitUntil(seconds: 30) { FileManager.default.fileExists(atPath: harness.socketPath) || daemon.hasExited },
            harness.stderrText)

        // The first connection makes systemd-socket-activate exec gridd, which answers it.
        let submitted = try harness.gridctl(["submit", "--category", "0102", "--cell", "320506002001006", "--title", "楼道堆放垃圾"])
        XCTAssertEqual(submitted.status, 0, submitted.stderr + harness.stderrText)
        let ready = try XCTUnwrap(receiver.waitFor(containing: "READY=1"), harness.stderrText)
        XCTAssertEqual(value("MAINPID", in: receiver.messages[ready]), String(daemon.pid), "gridd is not the activated process")
        let status = try harness.gridctl(["--json", "status"])
        XCTAssertEqual(status.status, 0, status.stderr)
        let object = try XCTUnwrap(try JSONParser.parse(String(status.stdout.split(separator: "\n")[0])).objectValue)
        XCTAssertEqual(object["socket_activated"]?.boolValue, true, status.stdout)
        XCTAssertEqual(object["paths"]?.objectValue?["socket"]?.stringValue, harness.socketPath)
        XCTAssertTrue(harness.dispatchLogText.contains("event=socket_inherited fd=3 name=gridd.sock"), harness.dispatchLogText)

        XCTAssertEqual(daemon.stop(), 0, harness.stderrText)
        // Not ours to unlink: whoever passed it (systemd, here systemd-socket-activate's caller) owns it.
        var info = stat()
        XCTAssertEqual(lstat(harness.socketPath, &info), 0, "the inherited socket file was removed")
        XCTAssertEqual(info.st_mode & S_IFMT, S_IFSOCK)
        XCTAssertTrue(harness.dispatchLogText.contains("event=stopped"))
    }

    /// Without activation gridd binds its own socket and removes it when it stops.
    func testOwnSocketIsBoundAndRemoved() throws {
        let harness = try DaemonHarness()
        try harness.start()
        let status = try XCTUnwrap(try harness.connect().call("status").get().objectValue)
        XCTAssertEqual(status["socket_activated"]?.boolValue, false)
        XCTAssertEqual(harness.stop(), 0)
        XCTAssertFalse(FileManager.default.fileExists(atPath: harness.socketPath))
    }
}

final class SystemdReloadTests: XCTestCase {
    private func status(_ harness: DaemonHarness) throws -> JSONObject {
        try XCTUnwrap(try harness.connect().call("status").get().objectValue)
    }

    private func policy(_ harness: DaemonHarness, id: String) throws -> JSONValue {
        let shown = try harness.gridctl(["--json", "show", id])
        XCTAssertEqual(shown.status, 0, shown.stderr)
        let object = try XCTUnwrap(try JSONParser.parse(String(shown.stdout.split(separator: "\n")[0])).objectValue)
        let incident = object["incident"]?.objectValue ?? object
        return try XCTUnwrap(incident["policy"], shown.stdout)
    }

    private func submitEmergency(_ harness: DaemonHarness) throws -> String {
        let result = try harness.gridctl(["--json", "submit", "--category", "0401", "--cell", "320506002001006", "--title", "路面塌陷"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let object = try XCTUnwrap(try JSONParser.parse(String(result.stdout.split(separator: "\n")[0])).objectValue)
        let id = object["id"] ?? object["incident"]?.objectValue?["id"]
        return try XCTUnwrap(id.flatMap { $0.intValue.map(String.init) }, result.stdout)
    }

    /// A broken config is refused with file:line, the old one keeps serving; a good changed one
    /// is taken and its policy applies to new incidents only.
    func testReloadKeepsOldConfigOnErrorAndAppliesNewPolicyToNewIncidentsOnly() throws {
        let harness = try DaemonHarness()
        try harness.start()
        let loadedAt = try XCTUnwrap(try status(harness)["config_loaded_at"]?.stringValue)
        let first = try submitEmergency(harness)
        let firstPolicy = try policy(harness, id: first)

        // Broken: an unknown key in a known section.
        try harness.rewriteConfig(extraConfig: "[Policy 0401]\nAck=soon\n")
        let brokenLine = try String(contentsOfFile: harness.configPath, encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false).lastIndex { $0 == "Ack=soon" }.map { $0 + 1 }
        harness.signal(SIGHUP)
        XCTAssertTrue(waitUntil(seconds: 30) { harness.dispatchLogText.contains("event=reload_failed") }, harness.stderrText)
        let failures = harness.dispatchLogText.split(separator: "\n").filter { $0.contains("event=reload_failed") }
        XCTAssertTrue(failures.contains { $0.contains("\(harness.configPath):\(brokenLine ?? -1):") }, failures.joined(separator: "\n"))
        XCTAssertEqual(try status(harness)["config_loaded_at"]?.stringValue, loadedAt)
        XCTAssertEqual(try harness.gridctl(["status"]).status, 0)
        XCTAssertEqual(try policy(harness, id: try submitEmergency(harness)), firstPolicy, "the broken config was applied")

        // Good and changed: 45 minutes to acknowledge an emergency instead of 30.
        try harness.rewriteConfig(extraConfig: "[Policy 0401]\nAck=45min\n")
        harness.signal(SIGHUP)
        XCTAssertTrue(waitUntil(seconds: 30) { harness.dispatchLogText.contains("event=reloaded") }, harness.stderrText)
        XCTAssertNotEqual(try status(harness)["config_loaded_at"]?.stringValue, loadedAt)
        let newPolicy = try policy(harness, id: try submitEmergency(harness))
        XCTAssertEqual(newPolicy.objectValue?["windows"]?.objectValue?["street"]?.objectValue?["ack"]?.stringValue, "45min")
        XCTAssertEqual(try policy(harness, id: first), firstPolicy, "a reload changed an existing incident's policy")
        XCTAssertEqual(harness.stop(), 0)
    }
}
