import GridClient
import GridCore
import XCTest

/// Who reported an incident (name, phone) is read in the clear only by those who may act on it:
/// operators, admins, workers bound to its unit or above, and its submitter. Other workers get it
/// masked, as the dispatch log has it — in `show` and `list`, for people and `--json` alike,
/// because the daemon masks it. Real daemon, gridctl run as workers of two streets via setpriv.
final class ReporterMaskingTests: XCTestCase {
    static let qinghe = UInt32(4242), linjiang = UInt32(4343), operatorUID = UInt32(4444)

    func testWorkersReadReportersOnlyInTheirOwnUnits() throws {
        let daemon = try DaemonHarness(extraConfig: """
            [Daemon]
            SocketMode=0666
            [Access]
            Worker=#4242 320506002
            Worker=#4343 320508002
            Operator=#4444
            """)
        chmod(daemon.directory, 0o755)
        try daemon.start()
        func gridctl(_ arguments: [String], uid: UInt32?) throws -> String {
            let result = try daemon.gridctl(arguments, uid: uid)
            XCTAssertEqual(result.status, 0, "\(arguments) as \(uid.map(String.init) ?? "root"): \(result.stderr)")
            return result.stdout
        }
        func reporter(_ id: Int64, uid: UInt32?) throws -> JSONObject {
            let shown = try JSONParser.parse(try gridctl(["--json", "show", String(id)], uid: uid))
            return try XCTUnwrap(shown.objectValue?["reporter"]?.objectValue)
        }
        func submit(cell: String, name: String, phone: String, uid: UInt32?) throws -> (id: Int64, reporter: JSONObject) {
            let stdout = try gridctl(
                ["--json", "submit", "--category", "0102", "--cell", cell, "--reporter-name", name, "--reporter-phone", phone], uid: uid)
            let incident = try XCTUnwrap(try JSONParser.parse(stdout).objectValue)
            return (try XCTUnwrap(incident["id"]?.intValue), try XCTUnwrap(incident["reporter"]?.objectValue))
        }
        // One incident in each street (清河街道 320506002, 临江街道 320508002), reported by root.
        let inQinghe = try submit(cell: "320506002001006", name: "张三丰", phone: "13812345678", uid: nil).id
        let inLinjiang = try submit(cell: "320508002002003", name: "李四", phone: "13987654321", uid: nil).id
        let clear: JSONObject = ["name": "张三丰", "phone": "13812345678"]
        let masked: JSONObject = ["name": "李*", "phone": "139****4321", "masked": true]

        XCTAssertEqual(try reporter(inQinghe, uid: Self.qinghe), clear)
        XCTAssertEqual(try reporter(inLinjiang, uid: Self.qinghe), masked)
        XCTAssertEqual(try reporter(inLinjiang, uid: Self.linjiang), ["name": "李四", "phone": "13987654321"])
        XCTAssertEqual(try reporter(inQinghe, uid: Self.linjiang), ["name": "张*", "phone": "138****5678", "masked": true])
        for uid in [nil, Self.operatorUID] {
            XCTAssertEqual(try reporter(inLinjiang, uid: uid), ["name": "李四", "phone": "13987654321"])
            XCTAssertEqual(try reporter(inQinghe, uid: uid), clear)
        }

        // list, --json: one object per incident, each masked by its own unit.
        let listed = try gridctl(["--json", "list"], uid: Self.qinghe).split(separator: "\n").map { line in
            try XCTUnwrap(try JSONParser.parse(Array(line.utf8)).objectValue)
        }
        XCTAssertEqual(listed.count, 2)
        for incident in listed {
            let expected = incident["id"]?.intValue == inQinghe ? clear : masked
            XCTAssertEqual(incident["reporter"]?.objectValue, expected, "\(incident)")
        }
        // For people too: the phone never appears in the clear outside the worker's street.
        let human = try gridctl(["show", String(inLinjiang)], uid: Self.qinghe)
        XCTAssertTrue(human.contains("李* 139****4321"), human)
        XCTAssertFalse(human.contains("13987654321"), human)
        XCTAssertFalse(try gridctl(["list"], uid: Self.qinghe).contains("13987654321"))

        // A worker reporting outside its street reads what it typed in: in the answer and in show.
        let own = try submit(cell: "320506002001006", name: "王五", phone: "13700001111", uid: Self.linjiang)
        XCTAssertEqual(own.reporter, ["name": "王五", "phone": "13700001111"])
        XCTAssertEqual(try reporter(own.id, uid: Self.linjiang), ["name": "王五", "phone": "13700001111"])

        // An action's answer follows the same rule (the worker acts in its street: in the clear).
        let acked = try JSONParser.parse(try gridctl(["--json", "ack", String(inQinghe)], uid: Self.qinghe))
        XCTAssertEqual(acked.objectValue?["reporter"]?.objectValue, clear)
        XCTAssertEqual(daemon.stop(), 0)
    }
}
