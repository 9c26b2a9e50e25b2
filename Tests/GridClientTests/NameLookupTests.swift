import GridCore
import XCTest
@testable import GridClient

/// `--category` and `--unit` by name: the exact name, else the one name that starts with it;
/// none or several is a usage error naming the candidates.
final class NameLookupTests: XCTestCase {
    let communities = [
        LookupCommands.Entry(code: "320506003002", name: "新华社区"), LookupCommands.Entry(code: "320506003003", name: "新华社区二"),
        LookupCommands.Entry(code: "320506002001", name: "桃源社区"),
    ]

    func testExactNameThenUniquePrefix() throws {
        let output = CapturedOutput().output
        XCTAssertEqual(try LookupCommands.resolve("新华社区", kind: .unit, among: communities, output: output), "320506003002")
        XCTAssertEqual(try LookupCommands.resolve("桃", kind: .unit, among: communities, output: output), "320506002001")
    }

    func testAmbiguousAndUnknownNamesListTheCandidates() {
        let output = CapturedOutput().output
        XCTAssertThrowsError(try LookupCommands.resolve("新华", kind: .unit, among: communities, output: output)) { error in
            XCTAssertEqual(
                (error as? ClientError)?.description,
                "新华 could be more than one unit: 320506003002 新华社区, 320506003003 新华社区二; give more of the name, or the code")
        }
        XCTAssertThrowsError(try LookupCommands.resolve("柳岸", kind: .unit, among: communities, output: output)) { error in
            XCTAssertEqual((error as? ClientError)?.exitStatus, 2)
            XCTAssertEqual((error as? ClientError)?.description, "no unit named 柳岸; gridctl units lists them")
        }
    }

    /// Only the declared named flags are rewritten, codes never, and the catalogue is fetched
    /// only when a name is given.
    func testCommandLineRewriting() throws {
        let catalog: JSONValue = [
            "categories": [["code": "0102", "name": "暴露垃圾", "major": "市容环境"]],
            "units": [["code": "320506002001", "name": "桃源社区", "tier": "community", "parent": "320506002"]],
        ]
        let spec = CommandTable.spec("submit")
        let output = CapturedOutput().output
        var fetched = 0
        let fetch = { () throws(ClientError) -> JSONValue in
            fetched += 1
            return catalog
        }
        let codes = ["--category", "01x", "--community=320506002001", "--title", "暴露垃圾"]
        XCTAssertEqual(try LookupCommands.resolvingNames(codes, spec: spec, output: output, catalog: fetch), codes)
        XCTAssertEqual(fetched, 0)
        let names = ["--category", "暴露", "--community=桃源社区", "--title", "暴露垃圾"]
        XCTAssertEqual(
            try LookupCommands.resolvingNames(names, spec: spec, output: output, catalog: fetch),
            ["--category", "0102", "--community=320506002001", "--title", "暴露垃圾"])
        XCTAssertEqual(fetched, 1)
    }

    /// A positional before the flags (`register 3 --category 积存`) and switches between them do
    /// not shift the reading of flag and value.
    func testPositionalsAndSwitchesBeforeANamedFlag() throws {
        let catalog: JSONValue = ["categories": [["code": "0103", "name": "积存垃圾渣土", "major": "市容环境"]], "units": []]
        let output = CapturedOutput().output
        let fetch = { () throws(ClientError) -> JSONValue in catalog }
        XCTAssertEqual(
            try LookupCommands.resolvingNames(["3", "--category", "积存", "--note", "积存"], spec: CommandTable.spec("register"), output: output, catalog: fetch),
            ["3", "--category", "0103", "--note", "积存"])
        XCTAssertEqual(
            try LookupCommands.resolvingNames(["--overdue", "--category", "积存"], spec: CommandTable.spec("list"), output: output, catalog: fetch),
            ["--overdue", "--category", "0103"])
    }
}
