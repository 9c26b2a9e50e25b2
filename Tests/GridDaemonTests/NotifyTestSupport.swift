import Foundation
import GridClient
import GridCore
import XCTest

/// Notifier scripts for the `[Notify]` tests: small shell programs written into the daemon's
/// temporary directory, which leave traces there (the JSON they read, how often they ran) and
/// whose behaviour the test switches with marker files (`broken`, `hang`, `go`).
extension DaemonHarness {
    /// The directory the notifier writes into.
    var notifyDirectory: String { directory + "/notify" }

    /// Writes `notify.sh` (`DIR` set to `notifyDirectory`, then `body`) and rewrites the config with
    /// a `[Notify]` section running it, plus `settings` (more `[Notify]` keys) and `extraConfig`.
    func installNotifier(_ body: String, settings: String = "", extraConfig: String = "") throws {
        try FileManager.default.createDirectory(atPath: notifyDirectory, withIntermediateDirectories: true)
        let script = directory + "/notify.sh"
        try ("#!/bin/sh\nDIR='\(notifyDirectory)'\n" + body + "\n").write(toFile: script, atomically: true, encoding: .utf8)
        XCTAssertEqual(chmod(script, 0o755), 0)
        try rewriteConfig(extraConfig: extraConfig + "\n[Notify]\nExec=\(script)\n" + settings)
    }

    /// A notifier that keeps each payload as `in/SEQ.ATTEMPT.json`, its variables beside it, and
    /// a line per run in `runs`; it fails with status 7 while `broken` exists and hangs (a child
    /// `sleep`, both pids kept) while `hang` exists.
    static let recordingNotifier = """
        mkdir -p "$DIR/in"
        cat > "$DIR/in/$GRIDD_NOTIFICATION.$GRIDD_ATTEMPT.json"
        echo "$GRIDD_NOTIFICATION $GRIDD_EVENT $GRIDD_INCIDENT $GRIDD_ATTEMPT" > "$DIR/in/$GRIDD_NOTIFICATION.$GRIDD_ATTEMPT.env"
        echo "$GRIDD_NOTIFICATION $GRIDD_ATTEMPT" >> "$DIR/runs"
        if [ -e "$DIR/hang" ]; then
            echo $$ > "$DIR/hung.pid"
            sleep 60 &
            echo $! > "$DIR/sleeper.pid"
            wait $!
        fi
        if [ -e "$DIR/broken" ]; then
            echo "gateway refused attempt $GRIDD_ATTEMPT" >&2
            exit 7
        fi
        exit 0
        """

    /// Creates or removes a marker file of the notifier.
    func setNotifierMarker(_ name: String, _ present: Bool) {
        let path = notifyDirectory + "/" + name
        if present { _ = FileManager.default.createFile(atPath: path, contents: Data()) } else { unlink(path) }
    }

    /// The lines of `runs`: "SEQ ATTEMPT" per run started.
    var notifierRuns: [String] {
        ((try? String(contentsOfFile: notifyDirectory + "/runs", encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    /// The payload a run read, parsed.
    func notifierPayload(seq: Int64, attempt: Int) throws -> JSONObject {
        let text = try String(contentsOfFile: notifyDirectory + "/in/\(seq).\(attempt).json", encoding: .utf8)
        XCTAssertTrue(text.hasSuffix("}\n") && text.filter { $0 == "\n" }.count == 1, "one line of JSON: \(text)")
        return try XCTUnwrap(try JSONParser.parse(text).objectValue)
    }

    /// The `notify` object of `status`.
    func notifyStatus() throws -> JSONObject {
        let status = try connect().call("status").get()
        return try XCTUnwrap(status.objectValue?["notify"]?.objectValue)
    }

    /// Submits a report and returns the incident number.
    @discardableResult
    func submit(_ report: JSONObject) throws -> Int64 {
        let result = try connect().call("submit", ["report": .object(report)]).get()
        return try XCTUnwrap(result.objectValue?["id"]?.intValue)
    }

    /// Runs `gridd --check-config` on this harness's config: its exit status and stderr.
    func checkConfig() throws -> (status: Int32, stderr: String) {
        let process = Process()
        process.executableURL = DaemonHarness.productsDirectory.appendingPathComponent("gridd")
        process.arguments = ["--check-config", "--config", configPath]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }

    /// The dispatch-log lines with `event=NAME`.
    func logLines(_ event: String) -> [String] {
        dispatchLogText.split(separator: "\n").map(String.init).filter { $0.contains(" event=\(event) ") || $0.hasSuffix(" event=\(event)") }
    }
}

/// Whether the process is gone: no such process, or a zombie nobody reaped yet (a notifier's
/// child that was killed along with it is reparented to whatever reaps orphans here).
func processIsGone(_ pid: Int32) -> Bool {
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return true }
    guard let close = stat.lastIndex(of: ")") else { return true }
    let state = stat[stat.index(after: close)...].drop { $0 == " " }.first
    return state == "Z" || state == "X"
}

/// The pid written in a file, if any.
func pid(in path: String) -> Int32? {
    (try? String(contentsOfFile: path, encoding: .utf8)).flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
}

extension JSONValue {
    /// A field of an object value (nil for anything else), for reading nested status objects.
    subscript(_ key: String) -> JSONValue? { objectValue?[key] }
}
