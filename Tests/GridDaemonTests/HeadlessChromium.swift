import Foundation
import GridCore
import XCTest

/// Debian's chromium, headless, for checking the HTML report in a real browser: the DOM as
/// rendered, a screenshot, and the browser's own log of every network request it started
/// (`--log-net-log`). The proxy points at a dead port (127.0.0.1:9), so nothing can actually
/// leave the machine even if the page asked; the net log still records the attempt.
///
/// A missing chromium skips the test with one line naming the package, except where tools are
/// required (`OptionalTool`: .ci/run installs chromium and requires it).
struct HeadlessChromium {
    let binary: String
    let workDirectory: String

    static let candidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]

    /// The browser; without one, a skip naming the package (a failure where tools are required:
    /// `OptionalTool`).
    static func locate(workDirectory: String, file: StaticString = #filePath, line: UInt = #line) throws -> HeadlessChromium {
        let binary = try OptionalTool.locate(candidates, package: "chromium", file: file, line: line)
        return HeadlessChromium(binary: binary, workDirectory: workDirectory)
    }

    /// What one run of the browser on a page produced.
    struct Run {
        var status: Int32?
        var stdout: String
        var stderr: String
        /// URLs of requests the page itself started (not the browser's own background traffic).
        var pageRequests: [String]
    }

    /// Loads `page` (a local file) headless with `mode` (`--dump-dom`, `--screenshot=…`), the
    /// network disabled and logged; returns its output and the page's requests from the net log.
    func run(_ page: String, mode: [String], name: String) throws -> Run {
        let profile = workDirectory + "/profile-" + name
        let netLog = workDirectory + "/netlog-" + name + ".json"
        let stdoutPath = workDirectory + "/stdout-" + name
        let stderrPath = workDirectory + "/stderr-" + name
        let arguments = [
            "/usr/bin/timeout", "--kill-after=10", "90", binary, "--headless", "--disable-gpu", "--no-sandbox",
            "--user-data-dir=" + profile, "--no-first-run", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--disable-extensions", "--proxy-server=127.0.0.1:9", "--log-net-log=" + netLog,
            "--net-log-capture-mode=Everything", "--window-size=1280,2000",
        ] + mode + ["file://" + page]
        let process = try SpawnedProcess(
            arguments: arguments, environment: ProcessInfo.processInfo.environment, stderrPath: stderrPath, stdoutPath: stdoutPath)
        let status = process.waitForExit(seconds: 120)
        let stdout = (try? String(contentsOfFile: stdoutPath, encoding: .utf8)) ?? ""
        let stderr = (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? ""
        return Run(status: status, stdout: stdout, stderr: stderr, pageRequests: try Self.pageRequests(netLog: netLog))
    }

    /// The URLs of `URL_REQUEST_START_JOB` events started on behalf of a document: those with an
    /// initiator origin (a `file://` page's is `null`). Chromium's own background requests
    /// (component updates, time sync, accounts) carry the initiator `not an origin`.
    static func pageRequests(netLog path: String) throws -> [String] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        // Chromium may be stopped before it closes the JSON; the events it wrote are complete lines.
        let value: JSONValue
        if let complete = try? JSONParser.parse(text) {
            value = complete
        } else {
            value = try JSONParser.parse(Self.closed(text))
        }
        guard let log = value.objectValue, let types = log["constants"]?.objectValue?["logEventTypes"]?.objectValue,
            let startJob = types["URL_REQUEST_START_JOB"]?.intValue
        else {
            throw CocoaError(.fileReadCorruptFile)
        }
        var urls: [String] = []
        for event in log["events"]?.arrayValue ?? [] {
            guard let object = event.objectValue, object["type"]?.intValue == startJob,
                let params = object["params"]?.objectValue, let url = params["url"]?.stringValue
            else { continue }
            if params["initiator"]?.stringValue != "not an origin" { urls.append(url) }
        }
        return urls
    }

    /// A net log cut off after its last complete event, closed so that it parses.
    private static func closed(_ text: String) -> String {
        var trimmed = text
        while let last = trimmed.last, last != "}" { trimmed.removeLast() }
        return trimmed + "]}"
    }
}
