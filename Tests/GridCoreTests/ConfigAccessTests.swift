import XCTest
@testable import GridCore

/// `[Access]`: subjects, roles, `AccessRules.roles(of:daemonUID:)` and the map check of worker units.
final class ConfigAccessTests: XCTestCase, ConfigSnippetTesting {
    /// Lines 1–10; access text starts at line 11.
    static let base = ConfigSnippetBase.gridCategoryAndPolicy

    static let street = UnitCode("320506002")!
    static let community = UnitCode("320506002001")!
    static let district = UnitCode("320506")!

    func testEveryKeyAndSubject() throws {
        let config = try XCTUnwrap(config("""
            [Access]
            Admin=wang @gridadmin
            Operator=#1001 @#2000
            Operator=zhao.li
            Worker=@qinghe-street 320506002
            Worker=li #1002 320506002001
            Worker=li 320506
            [Access]
            Worker=@city-duty 320500
            """))
        XCTAssertEqual(config.access, AccessRules(
            users: [
                "wang": [.admin], "#1001": [.operator], "zhao.li": [.operator],
                "li": [.worker(Self.community), .worker(Self.district)], "#1002": [.worker(Self.community)],
            ],
            groups: [
                "gridadmin": [.admin], "#2000": [.operator], "qinghe-street": [.worker(Self.street)],
                "city-duty": [.worker(UnitCode("320500")!)],
            ]))
        XCTAssertEqual(config.access.workerUnits.map(\.rawValue), ["320500", "320506", "320506002", "320506002001"])
        XCTAssertEqual(config.sourceLines.workerUnitLines[Self.street], 15)
        XCTAssertEqual(config.sourceLines.line(section: "Access", key: "Worker"), 19)
    }

    func testEmptyAccessAdmitsOnlyRootAndTheDaemon() throws {
        for text in ["", "[Access]", "[Access]\nAdmin=wang\nAdmin=\nWorker=li 320506\nWorker="] {
            let access = try XCTUnwrap(config(text)).access
            XCTAssertTrue(access.isEmpty, text)
            XCTAssertEqual(access.roles(of: Actor(uid: 0, name: "root"), daemonUID: 990), [.admin])
            XCTAssertEqual(access.roles(of: Actor(uid: 990, name: "gridd"), daemonUID: 990), [.admin])
            XCTAssertEqual(access.roles(of: Actor(uid: 1000, name: "wang", groupIDs: [1000], groupNames: ["wang"]), daemonUID: 990), [])
        }
    }

    func testRolesOfActors() throws {
        let access = try XCTUnwrap(config("""
            [Access]
            Admin=wang
            Operator=@gridops #1001
            Operator=@#2000
            Worker=@qinghe-street 320506002
            Worker=li 320506002001
            """)).access
        let daemon: UInt32 = 990
        func roles(_ uid: UInt32, _ name: String?, gids: [UInt32] = [], groups: [String] = []) -> Set<Role> {
            access.roles(of: Actor(uid: uid, name: name, groupIDs: gids, groupNames: groups), daemonUID: daemon)
        }
        XCTAssertEqual(roles(0, "root"), [.admin], "root")
        XCTAssertEqual(roles(daemon, "gridd"), [.admin], "the daemon's own uid")
        XCTAssertEqual(roles(1000, "wang"), [.admin], "by user name")
        XCTAssertEqual(roles(1005, "sun", gids: [3000], groups: ["gridops"]), [.operator], "by group name")
        XCTAssertEqual(roles(1001, nil), [.operator], "by #uid, for a user the system does not name")
        XCTAssertEqual(roles(1001, "qian"), [.operator], "by #uid, also when named")
        XCTAssertEqual(roles(1006, "zhou", gids: [2000], groups: []), [.operator], "by @#gid")
        XCTAssertEqual(roles(1007, "wu", gids: [3001], groups: ["qinghe-street"]), [.worker(Self.street)], "worker by group")
        XCTAssertEqual(roles(1008, "li", gids: [3001], groups: ["qinghe-street", "gridops"]),
                       [.worker(Self.community), .worker(Self.street), .operator], "roles add up")
        XCTAssertEqual(roles(1009, "stranger", gids: [100], groups: ["users"]), [], "not in the access config")
    }

    func testSubjects() {
        let valid: [(String, AccessRules.Subject)] = [
            ("wang", .user("wang")), ("zhao.li", .user("zhao.li")), ("svc_grid-1", .user("svc_grid-1")), ("machine$", .user("machine$")),
            ("@gridops", .group("gridops")), ("#1001", .uid(1001)), ("@#2000", .gid(2000)), ("#0", .uid(0)),
        ]
        for (text, subject) in valid {
            XCTAssertEqual(AccessRules.Subject(text), subject, text)
            XCTAssertEqual(subject.description, text)
        }
        let invalid: [(String, String)] = [
            ("wang!", "a user name uses letters, digits, '.', '_' and '-' (found \"!\")"),
            ("@", "expected a group name after @, e.g. @gridops"),
            ("#", "expected a numeric uid after #, e.g. #1001"),
            ("#abc", "expected a numeric uid after #, e.g. #1001"),
            ("@#x", "expected a numeric gid after @#, e.g. @#1001"),
            ("#99999999999", "expected a numeric uid after #, e.g. #1001"),
            ("1001", "a user name of digits only is ambiguous; write #1001 for the numeric uid"),
            ("@2000", "a group name of digits only is ambiguous; write @#2000 for the numeric gid"),
            ("-x", "a user name does not start with '-'"),
            ("王", "a user name uses letters, digits, '.', '_' and '-' (found \"王\")"),
            (String(repeating: "a", count: 33), "a user name is at most 32 characters"),
        ]
        for (text, message) in invalid {
            XCTAssertNil(AccessRules.Subject(text), text)
            XCTAssertEqual(AccessRules.Subject.problem(in: text), message, text)
        }
        var rules = AccessRules()
        rules.grant(.admin, to: .gid(7))
        rules.grant(.operator, to: .gid(7))
        XCTAssertEqual(rules.groups, ["#7": [.admin, .operator]])
    }

    func testDiagnostics() {
        XCTAssertEqual(problems("""
            [Access]
            Admin=wang wang!
            Operator=@
            Admin=1001
            Worker=@qinghe-street
            Worker=320506002
            Worker=@qinghe-street 32050600
            Worker=320506002 @qinghe-street
            Worker=@x 330106001
            Worker=li# 320506002
            Admn=wang
            Role=x
            [Access all]
            """), [
            "c.conf:12: Admin=wang wang!: subject \"wang!\": a user name uses letters, digits, '.', '_' and '-' (found \"!\")",
            "c.conf:13: Operator=@: subject \"@\": expected a group name after @, e.g. @gridops",
            "c.conf:14: Admin=1001: subject \"1001\": a user name of digits only is ambiguous; write #1001 for the numeric uid",
            "c.conf:15: Worker=@qinghe-street: expected a unit code after the subject, e.g. Worker=@qinghe-street 320506002",
            "c.conf:16: Worker=320506002: expected a subject before the unit code, e.g. Worker=@qinghe-street 320506002",
            "c.conf:17: Worker=@qinghe-street 32050600: unit code \"32050600\": expected 6 (district or city), 9 (street) or 12 (community) digits",
            "c.conf:18: Worker=320506002 @qinghe-street: unit code \"@qinghe-street\": expected 6 (district or city), 9 (street) or 12 (community) digits; the unit code comes last, e.g. Worker=@qinghe-street 320506002",
            "c.conf:19: Worker=@x 330106001: unit 330106001 lies outside CityCode=320500; expected the city or a unit inside it",
            "c.conf:20: Worker=li# 320506002: subject \"li#\": a user name uses letters, digits, '.', '_' and '-' (found \"#\")",
            "c.conf:21: unknown key Admn= in [Access]; did you mean Admin=?",
            "c.conf:22: unknown key Role= in [Access] (known keys: Admin=, Operator=, Worker=, Inspector=)",
            "c.conf:23: [Access] takes no argument (found \"all\"); write [Access]",
        ])
    }

    func testWorkerUnitsAreCheckedAgainstTheMap() throws {
        let config = try XCTUnwrap(config("""
            [Access]
            Worker=@a 320506002
            Worker=@b 320506009
            Worker=@c 320506009001
            Worker=@d 320500
            Worker=@e 320506009
            """))
        let inMap: Set<String> = ["320506", "320506002"]
        XCTAssertEqual(config.checkAgainstMap { inMap.contains($0.rawValue) }.map(\.description), [
            "c.conf:13: Worker= unit 320506009: no street with this code in the grid map /w/grid.geojson; a worker is bound to a unit of the map or CityCode=320500",
            "c.conf:14: Worker= unit 320506009001: no community with this code in the grid map /w/grid.geojson; a worker is bound to a unit of the map or CityCode=320500",
        ])
        XCTAssertEqual(config.checkAgainstMap { _ in true }, [])
    }
}
