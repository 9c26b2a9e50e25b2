import GridClient
import GridCore
import XCTest

/// gridctl in Chinese against the real daemon: the confirmation says what happened with the
/// state and tier as people say them, a refusal says what would make it work, and `--json`
/// stays English whatever the language.
final class GridctlLanguageTests: XCTestCase {
    func testChineseConfirmationsAndRefusals() throws {
        let daemon = try DaemonHarness()
        try daemon.start()
        let point = SubmitAndQueryTests.taoyuanPoint
        let submitted = try daemon.gridctl(["--lang", "zh", "submit", "--category", "0102", "--lat", point.lat, "--lon", point.lon])
        XCTAssertEqual(submitted.status, 0, submitted.stderr)
        XCTAssertTrue(submitted.stdout.hasPrefix("已上报：案件 1 派遣至社区 桃源社区 (320506002001)\n"), submitted.stdout)
        XCTAssertTrue(submitted.stdout.contains("  街道      清河街道 (320506002)"), submitted.stdout)
        XCTAssertTrue(submitted.stdout.contains("  定位方式  按坐标定位\n"), submitted.stdout)

        // A hotline report waits for 立案: its channel as people say it; then registered with a
        // category given by the start of its name, after the positional id.
        let waiting = try daemon.gridctl(["--lang", "zh", "submit", "--category", "0102", "--cell", "320506002001006", "--channel", "hotline"])
        XCTAssertTrue(waiting.stdout.hasPrefix("已上报：案件 2 待立案（12345热线），等待受理员立案\n"), waiting.stdout)
        let registered = try daemon.gridctl(["--lang", "zh", "register", "2", "--category", "积存"])
        XCTAssertEqual(registered.status, 0, registered.stderr)
        XCTAssertTrue(registered.stdout.hasPrefix("已立案：案件 2 待受理，社区 桃源社区 (320506002001)；受理时限至 "), registered.stdout)
        XCTAssertEqual(try JSONParser.parse(try daemon.gridctl(["--json", "show", "2"]).stdout).objectValue?["category"]?["code"], "0103")

        let noted = try daemon.gridctl(["--lang", "zh", "note", "1", "--note", "已联系物业"])
        XCTAssertEqual(noted.status, 0, noted.stderr)
        XCTAssertTrue(noted.stdout.hasPrefix("已添加备注：案件 1 待受理，社区 桃源社区 (320506002001)"), noted.stdout)

        let acked = try daemon.gridctl(["ack", "1", "--lang=zh"])
        XCTAssertTrue(acked.stdout.hasPrefix("已受理：案件 1 处置中，社区 桃源社区"), acked.stdout)

        // A reopen of a case being handled: refused (exit 1), with what would make it work.
        let refused = try daemon.gridctl(["--lang", "zh", "reopen", "1"])
        XCTAssertEqual(refused.status, 1)
        XCTAssertTrue(refused.stderr.hasPrefix("gridctl: 被拒绝（invalid_state）："), refused.stderr)
        XCTAssertTrue(refused.stderr.contains("用 gridctl show 编号 查看"), refused.stderr)
        let english = try daemon.gridctl(["reopen", "1"])
        XCTAssertTrue(english.stderr.contains("refused: invalid_state: ") && english.stderr.contains("gridctl show ID"), english.stderr)

        // --json is the same in both languages.
        let json = try daemon.gridctl(["--lang", "zh", "--json", "show", "1"])
        XCTAssertEqual(try JSONParser.parse(json.stdout).objectValue?["state"], "acknowledged")

        // A report that cannot be written: 73, and the system's reason in Chinese too.
        let unwritable = try daemon.gridctl(["--lang", "zh", "report", "--output", daemon.directory + "/no-such-dir/11月.html"])
        XCTAssertEqual(unwritable.status, 73, unwritable.stderr)
        XCTAssertTrue(unwritable.stderr.contains("无法把报表写入") && unwritable.stderr.contains("文件或目录不存在"), unwritable.stderr)

        XCTAssertEqual(daemon.stop(), 0)
        let down = try daemon.gridctl(["--lang", "zh", "status"])
        XCTAssertEqual(down.status, 69)
        XCTAssertTrue(down.stderr.contains("守护进程没有运行") && down.stderr.contains("systemctl start gridd.socket"), down.stderr)
        XCTAssertTrue(down.stderr.contains("文件或目录不存在") || down.stderr.contains("连接被拒绝"), down.stderr)
        XCTAssertFalse(down.stderr.contains("No such file") || down.stderr.contains("Connection refused"), down.stderr)
    }
}
