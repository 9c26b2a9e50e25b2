import Foundation
import GridClient
import GridCore
import GridSystem
import GridTesting
import XCTest

/// Runs the real `gridd` binary on a temporary state directory and talks to its real socket.
/// Every wait is on a condition with a bound, never a bare sleep.
final class DaemonHarness: @unchecked Sendable {
    let directory: String
    let configPath: String
    let socketPath: String
    let databasePath: String
    let stderrPath: String
    private(set) var process: Process?

    static var repositoryRoot: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    }

    static var productsDirectory: URL {
        let bundle = Bundle.main.bundleURL
        if FileManager.default.fileExists(atPath: bundle.appendingPathComponent("gridd").path) { return bundle }
        return URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    }

    /// - Parameter extraConfig: INI text appended to the sample config (later keys win).
    init(extraConfig: String = "") throws {
        var template = Array("/tmp/gridd-test-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw Errno(code: errno, call: "mkdtemp") }
        directory = String(cString: made)
        configPath = directory + "/gridd.conf"
        socketPath = directory + "/gridd.sock"
        databasePath = directory + "/gridd.sqlite"
        stderrPath = directory + "/stderr.log"
        try SampleConfig.write(to: configPath, repositoryRoot: DaemonHarness.repositoryRoot, extraConfig: extraConfig)
    }

    deinit {
        if let process, process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Starts gridd (with `extraArguments`, e.g. drill flags, and `environment` added to the
    /// test's) and waits until it answers a ping.
    func start(
        extraArguments: [String] = [], environment extra: [String: String] = [:], file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let process = Process()
        process.executableURL = DaemonHarness.productsDirectory.appendingPathComponent("gridd")
        process.arguments = ["--config", configPath, "--state-dir", directory] + extraArguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        _ = FileManager.default.createFile(atPath: stderrPath, contents: nil)
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: stderrPath))
        process.standardOutput = FileHandle.nullDevice
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "JOURNAL_STREAM")
        environment.removeValue(forKey: "STATE_DIRECTORY")
        environment.removeValue(forKey: "RUNTIME_DIRECTORY")
        environment.removeValue(forKey: "LOGS_DIRECTORY")
        environment.merge(extra) { $1 }
        process.environment = environment
        try process.run()
        self.process = process
        let ready = waitUntil(seconds: 30) {
            guard process.isRunning else { return true }
            guard let connection = try? GridConnection(path: self.socketPath, timeoutMilliseconds: 2000) else { return false }
            return (try? connection.call("ping").get()) != nil
        }
        XCTAssertTrue(ready, "gridd did not become ready; stderr:\n\(stderrText)", file: file, line: line)
        XCTAssertTrue(process.isRunning, "gridd exited at start; stderr:\n\(stderrText)", file: file, line: line)
    }

    /// Kills the daemon with SIGKILL (a crash) and waits until it is gone.
    func crash() {
        guard let process else { return }
        kill(process.processIdentifier, SIGKILL)
        _ = waitUntil(seconds: 30) { !process.isRunning }
    }

    /// Sends SIGTERM and waits for the exit status.
    @discardableResult
    func stop(signal: Int32 = SIGTERM) -> Int32? {
        guard let process else { return nil }
        kill(process.processIdentifier, signal)
        guard waitUntil(seconds: 30, { !process.isRunning }) else { return nil }
        return process.terminationStatus
    }

    var stderrText: String { (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "" }
    var dispatchLogText: String { (try? String(contentsOfFile: directory + "/dispatch.log", encoding: .utf8)) ?? "" }

    func connect() throws -> GridConnection { try GridConnection(path: socketPath) }

    /// Runs the real gridctl binary against this daemon; with `uid`, as that user (via setpriv,
    /// so the daemon sees another peer through SO_PEERCRED).
    func gridctl(_ arguments: [String], stdin: String? = nil, uid: UInt32? = nil, groups: [UInt32] = []) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        let gridctl = DaemonHarness.productsDirectory.appendingPathComponent("gridctl")
        if let uid {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
            let groupFlag = groups.isEmpty ? "--clear-groups" : "--groups=" + groups.map(String.init).joined(separator: ",")
            process.arguments = ["--reuid=\(uid)", "--regid=\(uid)", groupFlag, gridctl.path, "--socket", socketPath] + arguments
        } else {
            process.executableURL = gridctl
            process.arguments = ["--socket", socketPath] + arguments
        }
        // The tests read gridctl's English, whatever the machine's locale (zh is tested apart).
        process.environment = ProcessInfo.processInfo.environment.merging(["GRIDCTL_LANG": "en"]) { $1 }
        return try DaemonHarness.runToEnd(process, stdin: stdin)
    }

    /// Runs a configured `process` to its end with `stdin` (or none) and returns its exit status
    /// and output.
    static func runToEnd(_ process: Process, stdin: String? = nil) throws -> (status: Int32, stdout: String, stderr: String) {
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        if let stdin {
            let input = Pipe()
            process.standardInput = input
            try process.run()
            input.fileHandleForWriting.write(Data(stdin.utf8))
            try input.fileHandleForWriting.close()
        } else {
            process.standardInput = FileHandle.nullDevice
            try process.run()
        }
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
    }
}

/// Polls `condition` every 10 ms until it holds or `seconds` pass; returns whether it held.
func waitUntil(seconds: Double, _ condition: () -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if condition() { return true }
        usleep(10_000)
    }
    return condition()
}

/// A raw socket client for protocol tests: send arbitrary bytes, read lines.
final class RawClient: @unchecked Sendable {
    let fd: FileDescriptor
    private var buffer: [UInt8] = []

    init(path: String) throws { fd = try UnixSocket.connect(path: path) }
    deinit { fd.close() }

    func send(_ bytes: [UInt8]) throws { try fd.writeAll(bytes) }
    func send(_ text: String) throws { try send(Array(text.utf8)) }

    /// The next line, or nil at EOF; fails the wait after `seconds`.
    func readLine(seconds: Int32 = 10) throws -> String? {
        while true {
            if let newline = buffer.firstIndex(of: 0x0A) {
                let line = String(decoding: buffer[..<newline], as: UTF8.self)
                buffer.removeSubrange(...newline)
                return line
            }
            var pollFD = pollfd(fd: fd.rawValue, events: Int16(POLLIN), revents: 0)
            guard poll(&pollFD, 1, seconds * 1000) > 0 else { throw Errno(code: ETIMEDOUT, call: "readLine") }
            var chunk = [UInt8](repeating: 0, count: 65536)
            let count = read(fd.rawValue, &chunk, chunk.count)
            if count <= 0 { return nil }
            buffer.append(contentsOf: chunk[0..<count])
        }
    }

    /// Reads a line and parses it as a response object.
    func readResponse(seconds: Int32 = 10) throws -> JSONObject {
        guard let line = try readLine(seconds: seconds) else { throw Errno(code: ECONNRESET, call: "readResponse: EOF") }
        return try XCTUnwrap(try JSONParser.parse(line).objectValue, line)
    }

    /// Whether the daemon closed the connection (EOF) within `seconds`.
    func waitForEOF(seconds: Int32 = 10) -> Bool {
        do { return try readLine(seconds: seconds) == nil } catch { return false }
    }
}

// MARK: Spool helpers

extension DaemonHarness {
    /// The spool of a daemon started by this harness (`--state-dir` puts it here).
    var spoolDirectory: String { directory + "/spool" }

    /// Drops a file the way producers must: write into spool/tmp/, then rename into spool/new/.
    func spool(_ name: String, bytes: [UInt8]) throws {
        for sub in ["tmp", "new", "rejected"] { try Files.makeDirectories(spoolDirectory + "/" + sub) }
        let tmp = spoolDirectory + "/tmp/" + name
        let fd = try FileDescriptor.open(tmp, O_WRONLY | O_CREAT | O_TRUNC)
        defer { fd.close() }
        try fd.writeAll(bytes)
        guard rename(tmp, spoolDirectory + "/new/" + name) == 0 else { throw Errno(code: errno, call: "rename(\(name))") }
    }

    func spool(_ name: String, _ text: String) throws { try spool(name, bytes: Array(text.utf8)) }

    /// The names in spool/new, spool/tmp or spool/rejected (sorted).
    func spoolNames(_ sub: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: spoolDirectory + "/" + sub)) ?? []).sorted()
    }

    /// Runs the sqlite3 shell on the daemon's database (or `database`) and returns its output lines.
    func sqlite(_ sql: String, database: String? = nil) throws -> [String] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        process.arguments = [database ?? databasePath, sql]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    /// The `spool` object of `gridctl status`.
    func spoolStatus() throws -> JSONObject {
        let status = try connect().call("status").get()
        return try XCTUnwrap(status.objectValue?["spool"]?.objectValue)
    }
}

// MARK: systemd helpers

extension DaemonHarness {
    /// The variables systemd sets for a service, removed from what tests pass on.
    static let systemdVariables = [
        "JOURNAL_STREAM", "STATE_DIRECTORY", "RUNTIME_DIRECTORY", "LOGS_DIRECTORY", "NOTIFY_SOCKET", "WATCHDOG_USEC",
        "WATCHDOG_PID", "LISTEN_FDS", "LISTEN_PID", "LISTEN_FDNAMES",
    ]

    /// Starts gridd with `environment` added to the test's (systemd's own variables removed
    /// first) and returns without waiting: callers wait on what they test (a notify socket, the
    /// socket, the log).
    func launch(environment extra: [String: String] = [:], extraArguments: [String] = []) throws {
        let process = Process()
        var environment = ProcessInfo.processInfo.environment
        for name in DaemonHarness.systemdVariables { environment.removeValue(forKey: name) }
        environment.merge(extra) { $1 }
        process.executableURL = DaemonHarness.productsDirectory.appendingPathComponent("gridd")
        process.arguments = ["--config", configPath, "--state-dir", directory] + extraArguments
        process.environment = environment
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        _ = FileManager.default.createFile(atPath: stderrPath, contents: nil)
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: stderrPath))
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        self.process = process
    }

    /// Runs gridd under the real `systemd-socket-activate`, which listens on `socketPath`, passes
    /// it as fd 3 named `gridd.sock`, and execs gridd (same pid) on the first connection.
    ///
    /// Spawned with posix_spawn rather than Foundation's Process: Process watches its child with
    /// a process source that fires when the child execs later (as systemd-socket-activate does),
    /// after which its monitor thread blocks in waitpid and no other Process is ever reaped.
    func spawnSocketActivated(environment extra: [String: String] = [:]) throws -> SpawnedProcess {
        let gridd = DaemonHarness.productsDirectory.appendingPathComponent("gridd").path
        // systemd-socket-activate passes on only the variables named with -E.
        let arguments = [DaemonHarness.socketActivateTool, "--listen=\(socketPath)", "--fdname=gridd.sock"]
            + extra.sorted { $0.key < $1.key }.flatMap { ["-E", "\($0.key)=\($0.value)"] }
            + [gridd, "--config", configPath, "--state-dir", directory]
        var environment = ProcessInfo.processInfo.environment
        for name in DaemonHarness.systemdVariables { environment.removeValue(forKey: name) }
        return try SpawnedProcess(arguments: arguments, environment: environment, stderrPath: stderrPath)
    }

    static var socketActivateTool: String {
        for path in ["/usr/bin/systemd-socket-activate", "/bin/systemd-socket-activate", "/usr/local/bin/systemd-socket-activate"]
        where FileManager.default.isExecutableFile(atPath: path) {
            return path
        }
        return "/usr/bin/systemd-socket-activate"
    }

    /// Sends `signal` to the daemon without waiting.
    func signal(_ signal: Int32) {
        guard let process else { return }
        kill(process.processIdentifier, signal)
    }

    /// Replaces the config file with the sample (paths fixed as at init) plus `extraConfig`.
    func rewriteConfig(extraConfig: String) throws {
        try SampleConfig.write(to: configPath, repositoryRoot: DaemonHarness.repositoryRoot, extraConfig: extraConfig)
    }
}

/// A child started with posix_spawn and reaped with waitpid (see `spawnSocketActivated`).
final class SpawnedProcess: @unchecked Sendable {
    let pid: pid_t
    private var status: Int32?

    /// - Parameter stdoutPath: where standard output goes (default /dev/null).
    init(arguments: [String], environment: [String: String], stderrPath: String, stdoutPath: String? = nil) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        if let stdoutPath {
            posix_spawn_file_actions_addopen(&actions, 1, stdoutPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        } else {
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        }
        posix_spawn_file_actions_addopen(&actions, 2, stderrPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, arguments[0], &actions, nil, argv, envp)
        guard result == 0 else { throw Errno(code: result, call: "posix_spawn(\(arguments[0]))") }
        self.pid = pid
    }

    deinit {
        if status == nil {
            kill(pid, SIGKILL)
            var raw: Int32 = 0
            waitpid(pid, &raw, 0)
        }
    }

    /// Whether it has exited (reaping it if so).
    var hasExited: Bool {
        if status != nil { return true }
        var raw: Int32 = 0
        guard waitpid(pid, &raw, WNOHANG) == pid else { return false }
        status = raw
        return true
    }

    /// Waits (bounded) for it to exit by itself; returns the exit status, or nil if it did not
    /// exit normally in time.
    func waitForExit(seconds: Double) -> Int32? {
        guard waitUntil(seconds: seconds, { hasExited }), let status else { return nil }
        return status & 0x7f == 0 ? (status >> 8) & 0xff : nil
    }

    /// Sends `signal` and waits (bounded) for the exit; returns the exit status, or nil if it did
    /// not exit normally in time.
    func stop(signal: Int32 = SIGTERM, seconds: Double = 30) -> Int32? {
        kill(pid, signal)
        guard waitUntil(seconds: seconds, { hasExited }), let status else { return nil }
        return status & 0x7f == 0 ? (status >> 8) & 0xff : nil
    }
}
