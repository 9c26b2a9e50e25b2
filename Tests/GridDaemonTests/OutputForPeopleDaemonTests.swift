import Foundation
import GridClient
import GridCore
import XCTest

/// What people read, against the real daemon on a drill clock (`--start-at`, then real speed):
/// `gridctl mine` for a worker (its community's cases, red, yellow, green), an inspector (the
/// resolved case to verify) and an admin (no unit: a line pointing to `list`); `show`, `status`
/// and `list` in Chinese with compact times and the time left against the daemon's now (a drill
/// day two months from the machine's); colour on a real pty, none piped or with NO_COLOR.
final class OutputForPeopleDaemonTests: XCTestCase {
    static let config = """
        [Daemon]
        SocketMode=0666
        [Access]
        Worker=#4242 320506002001
        Worker=#4243 320506002001
        Inspector=#4646 320506002

        """ + CaseLightListTests.policy  // 0102: ack 60 min, resolve 2 h; 0601: a case deadline of 30 min
    static let worker = UInt32(4242), resolver = UInt32(4243), inspector = UInt32(4646)
    let origin = Timestamp(rfc3339: "2026-10-08T09:00:00+08:00")!

    func submit(_ connection: GridConnection, _ category: String, community: String = "320506002001", title: String? = nil) throws -> Int64 {
        var report: JSONObject = ["category": .string(category), "community": .string(community)]
        if let title { report["title"] = .string(title) }
        let result = try connection.call("submit", ["report": .object(report)]).get()
        return try XCTUnwrap(result.objectValue?["id"]?.intValue)
    }

    func ids(_ result: (status: Int32, stdout: String, stderr: String)) throws -> [Int64] {
        XCTAssertEqual(result.status, 0, result.stderr)
        return try result.stdout.split(separator: "\n").map { try XCTUnwrap(try JSONParser.parse(String($0)).objectValue?["id"]?.intValue) }
    }

    func testMineShowStatusAndColour() throws {
        let daemon = try DaemonHarness(extraConfig: Self.config)
        chmod(daemon.directory, 0o755)
        // 09:00: a case red by its case deadline (09:30) at 09:40, one yellow (its ack warning at
        // 09:30), one green (acknowledged: resolve due 11:00), one resolved by 4243, one elsewhere.
        try daemon.start(extraArguments: ["--start-at", origin.description, "--time-scale", "1"])
        let connection = try daemon.connect()
        let green = try submit(connection, "0102", title: String(repeating: "小区门口垃圾桶满溢无人清运", count: 4))
        XCTAssertEqual(try daemon.gridctl(["ack", String(green)], uid: Self.worker).status, 0)
        let red = try submit(connection, "0601")
        let yellow = try submit(connection, "0102")
        let resolved = try submit(connection, "0102")
        XCTAssertEqual(try daemon.gridctl(["ack", String(resolved)], uid: Self.resolver).status, 0)
        XCTAssertEqual(try daemon.gridctl(["resolve", String(resolved)], uid: Self.resolver).status, 0)
        let elsewhere = try submit(connection, "0102", community: "320506002002")
        XCTAssertEqual(daemon.stop(), 0)
        try daemon.start(extraArguments: ["--start-at", origin.adding(milliseconds: 40 * 60_000).description, "--time-scale", "1"])
        XCTAssertTrue(waitUntil(seconds: 20) { daemon.dispatchLogText.contains("event=warning id=\(yellow) ") }, daemon.dispatchLogText)

        XCTAssertEqual(try ids(try daemon.gridctl(["--json", "mine"], uid: Self.worker)), [red, yellow, green], "red, yellow, green")
        XCTAssertEqual(try ids(try daemon.gridctl(["--json", "list", "--mine"], uid: Self.worker)), [red, yellow, green])
        XCTAssertEqual(try ids(try daemon.gridctl(["--json", "mine"], uid: Self.inspector)), [resolved], "to verify")
        XCTAssertFalse(try ids(try daemon.gridctl(["--json", "mine"], uid: Self.resolver)).contains(resolved), "not its own 核查")
        XCTAssertTrue(try ids(try daemon.gridctl(["--json", "list"])).contains(elsewhere), "in list, not in anyone's mine")
        let admin = try daemon.gridctl(["mine"])
        XCTAssertEqual(admin.status, 0, admin.stderr)
        XCTAssertTrue(admin.stdout.contains("you hold no unit") && admin.stdout.contains("gridctl list"), admin.stdout)

        let mine = try daemon.gridctl(["--lang", "zh", "mine", "--limit", "2"], uid: Self.worker)
        XCTAssertEqual(mine.status, 0, mine.stderr)
        let lines = mine.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 5, mine.stdout)
        XCTAssertTrue(lines[1].hasPrefix("\(red) ") && lines[1].contains("红灯"), mine.stdout)
        XCTAssertTrue(lines[2].hasPrefix("\(yellow) ") && lines[2].contains("黄灯"), mine.stdout)
        XCTAssertTrue(mine.stdout.contains("我的待办：桃源社区承办") && mine.stdout.contains("还有更多，用 --limit N 查看"), mine.stdout)
        // Against the daemon's 09:40 on 10-08, not this machine's clock (months later).
        // (10:0x: the due minute follows the submit's, which a slow machine may take past 09:00.)
        XCTAssertTrue(lines[2].contains("10-08 10:0") && lines[2].range(of: "剩余 [0-9]+ 分钟", options: .regularExpression) != nil, mine.stdout)

        let list = try daemon.gridctl(["--lang", "zh", "list"])
        for line in list.stdout.split(separator: "\n") { XCTAssertLessThanOrEqual(DisplayWidth.of(String(line)), 100, String(line)) }
        XCTAssertTrue(list.stdout.contains("…"), "the long title is cut: \(list.stdout)")
        let cut = try daemon.gridctl(["--lang", "zh", "list", "--limit", "2"])
        XCTAssertTrue(cut.stdout.hasSuffix("还有更多，用 --before \(resolved) 或 --limit N 查看\n"), cut.stdout)
        XCTAssertFalse(try daemon.gridctl(["--lang", "zh", "list", "--limit", "5"]).stdout.contains("还有更多"), "all five shown")

        try checkChineseShowAndStatus(daemon, red: red)
        try checkColour(daemon)
        XCTAssertEqual(daemon.stop(), 0)
    }

    func checkChineseShowAndStatus(_ daemon: DaemonHarness, red: Int64) throws {
        let shown = try daemon.gridctl(["--lang", "zh", "show", String(red)])
        XCTAssertEqual(shown.status, 0, shown.stderr)
        for expected in [
            "案件 \(red)  待受理，社区 桃源社区 (320506002001)", "当前时限", "受理时限 10-08 10:0", "（剩余 ", "案件时限", "10-08 09:3", "（超期 ",
            "红灯", "时间线", "派遣", "渠道", "操作人",
        ] {
            XCTAssertTrue(shown.stdout.contains(expected), "\(expected) in:\n\(shown.stdout)")
        }
        XCTAssertFalse(shown.stdout.contains("2026-10-08T"), "compact times: \(shown.stdout)")
        let json = try XCTUnwrap(try JSONParser.parse(try daemon.gridctl(["--json", "show", String(red)]).stdout).objectValue)
        XCTAssertTrue(json["now"]?.stringValue?.hasPrefix("2026-10-08T09:4") == true, "the daemon's drill now: \(json["now"] ?? .null)")
        XCTAssertEqual(json["state"], "dispatched", "--json stays English")

        let status = try daemon.gridctl(["--lang", "zh", "status"])
        XCTAssertEqual(status.status, 0, status.stderr)
        for expected in ["版本", "启动于", "连接", "案件库 超期（督办）红灯", "未结", "演练时钟"] {
            XCTAssertTrue(status.stdout.contains(expected), "\(expected) in:\n\(status.stdout)")
        }
        XCTAssertNotNil(status.stdout.range(of: "\n投递目录 +运行中，积压 0", options: .regularExpression), status.stdout)
    }

    /// On a pty (util-linux `script`) the lights are coloured; piped, or with NO_COLOR, not.
    func checkColour(_ daemon: DaemonHarness) throws {
        let gridctl = DaemonHarness.productsDirectory.appendingPathComponent("gridctl").path
        func onPty(_ environment: [String: String]) throws -> String {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
            process.arguments = ["-qec", "\(gridctl) --socket \(daemon.socketPath) list", "/dev/null"]
            var base = ProcessInfo.processInfo.environment
            base["NO_COLOR"] = nil
            process.environment = base.merging(environment) { $1 }
            let result = try DaemonHarness.runToEnd(process)
            XCTAssertEqual(result.status, 0, result.stderr)
            return result.stdout
        }
        let terminal = try onPty(["GRIDCTL_LANG": "en"])
        XCTAssertTrue(terminal.contains("\u{1B}[31mred\u{1B}[0m"), terminal)
        XCTAssertTrue(terminal.contains("\u{1B}[33myellow\u{1B}[0m"), terminal)
        XCTAssertFalse(try onPty(["GRIDCTL_LANG": "en", "NO_COLOR": "1"]).contains("\u{1B}["))
        XCTAssertFalse(try onPty(["GRIDCTL_LANG": "en"]).isEmpty)
        let piped = try daemon.gridctl(["list"])
        XCTAssertTrue(piped.stdout.contains("red") && !piped.stdout.contains("\u{1B}["), piped.stdout)
        XCTAssertTrue(try daemon.gridctl(["--color", "always", "list"]).stdout.contains("\u{1B}[31mred"))
    }
}
