import XCTest
@testable import GridCore

final class ConfigLoaderTests: XCTestCase {
    static let minimalGrid = """
        [Grid]
        Map=grid.geojson
        FallbackUnit=320500
        CityCode=320500
        """
    static let minimalCategory = """
        [Category 0102]
        Name=暴露垃圾
        Major=市容环境
        """

    /// The required `[Policy]`, appended to texts that have none so that the tests of other
    /// sections keep their line numbers (policy tests live in ConfigPolicyTests).
    static let minimalPolicy = """
        [Policy]
        Ack=2wh
        Resolve=2wd
        """

    func load(_ text: String, path: String = "/etc/gridd/gridd.conf", cwd: String = "/srv") -> Result<GridConfig, ConfigDiagnostics> {
        let full = text.contains("[Policy") ? text : text + "\n" + Self.minimalPolicy + "\n"
        return GridConfigLoader.parse(text: full, path: path, workingDirectory: cwd)
    }

    func config(_ text: String, path: String = "/etc/gridd/gridd.conf", cwd: String = "/srv",
                file: StaticString = #filePath, line: UInt = #line) -> GridConfig? {
        switch load(text, path: path, cwd: cwd) {
        case .success(let config): return config
        case .failure(let problems):
            XCTFail("unexpected diagnostics:\n\(problems)", file: file, line: line)
            return nil
        }
    }

    func problems(_ text: String, path: String = "c.conf") -> [String] {
        switch load(text, path: path) {
        case .success: return []
        case .failure(let problems): return problems.diagnostics.map(\.description)
        }
    }

    /// A valid file with `extra` appended to the given section text.
    func withMinimal(_ extra: String) -> String {
        "\(Self.minimalGrid)\n\(Self.minimalCategory)\n\(extra)\n"
    }

    // MARK: - values and defaults

    func testMinimalConfigGetsDefaults() throws {
        let config = try XCTUnwrap(config(withMinimal("")))
        XCTAssertEqual(config.sourcePath, "/etc/gridd/gridd.conf")
        XCTAssertEqual(config.daemon, DaemonSettings(stateDirectory: "/srv/var"))
        XCTAssertEqual(config.limits, LimitSettings())
        XCTAssertEqual(config.grid, GridSettings(
            mapPath: "/etc/gridd/grid.geojson", fallbackUnit: UnitCode("320500")!, cityCode: UnitCode("320500")))
        XCTAssertEqual(config.categories.sorted, [Category(code: "0102", name: "暴露垃圾", majorName: "市容环境")])
        XCTAssertEqual(config.sourceLines.line(section: "Grid", key: "FallbackUnit"), 3)
        XCTAssertEqual(config.sourceLines.line(section: "Category", argument: "0102", key: ""), 5)
        XCTAssertEqual(config.sourceLines.line(section: "Category", argument: "0102", key: "Major"), 7)
    }

    func testEverySetting() throws {
        let text = """
            [Daemon]
            StateDirectory=/var/lib/gridd
            Socket=/run/gridd/gridd.sock
            Database=db/gridd.sqlite
            Spool=spool
            LogDirectory=../../log/gridd
            SocketMode=0600

            [Limits]
            MaxLineBytes=1M
            IdleTimeout=1h30min
            MaxConnections=64
            MaxConnectionsPerUser=16
            GroupCommitMax=100
            MaxTitleLength=80
            MaxDescriptionLength=4000
            MaxAddressLength=300
            MaxKeyLength=64
            MaxReporterNameLength=20

            [Grid]
            Map=/data/map.geojson
            FallbackUnit=320506001
            CityCode=320500
            CityName=江州市

            [Category 0401]
            Name=路面塌陷
            Major=突发事件
            StartTier=street
            DefaultPriority=urgent
            Department.community=社区网格站
            Department.street=街道应急办
            Department.district=区应急管理局
            Department.city=市应急管理局
            """
        let config = try XCTUnwrap(config(text))
        XCTAssertEqual(config.daemon, DaemonSettings(
            stateDirectory: "/var/lib/gridd", socketPath: "/run/gridd/gridd.sock",
            databasePath: "/var/lib/gridd/db/gridd.sqlite", spoolDirectory: "/var/lib/gridd/spool",
            logDirectory: "/var/log/gridd", socketMode: 0o600))
        var report = ReportLimits()
        report.title = 80
        report.description = 4000
        report.address = 300
        report.key = 64
        report.reporterName = 20
        XCTAssertEqual(config.limits, LimitSettings(
            maxLineBytes: 1_048_576, idleTimeoutMilliseconds: 5_400_000, maxConnections: 64,
            groupCommitMax: 100, report: report, maxConnectionsPerUser: 16))
        XCTAssertEqual(config.grid, GridSettings(
            mapPath: "/data/map.geojson", fallbackUnit: UnitCode("320506001")!, cityCode: UnitCode("320500"),
            cityName: "江州市"))
        XCTAssertEqual(config.categories["0401"], Category(
            code: "0401", name: "路面塌陷", majorName: "突发事件", startTier: .street, defaultPriority: .urgent,
            departments: [.community: "社区网格站", .street: "街道应急办", .district: "区应急管理局", .city: "市应急管理局"]))
    }

    func testPathResolution() throws {
        // Relative config path: Map= against the config's directory, which is against the cwd.
        let relative = try XCTUnwrap(config(withMinimal("[Daemon]\nSocket=run/./gridd.sock"), path: "Config/gridd.conf", cwd: "/home/op/gridd"))
        XCTAssertEqual(relative.grid.mapPath, "/home/op/gridd/Config/grid.geojson")
        XCTAssertEqual(relative.daemon.stateDirectory, "/home/op/gridd/var")
        XCTAssertEqual(relative.daemon.socketPath, "/home/op/gridd/var/run/gridd.sock")
        XCTAssertNil(relative.daemon.databasePath)

        let dotted = try XCTUnwrap(config(
            "[Daemon]\nStateDirectory=../state\n[Grid]\nMap=../maps//city.geojson\nFallbackUnit=320500\n\(Self.minimalCategory)",
            path: "./etc/gridd.conf", cwd: "/opt/gridd/"))
        XCTAssertEqual(dotted.daemon.stateDirectory, "/opt/state")
        XCTAssertEqual(dotted.grid.mapPath, "/opt/gridd/maps/city.geojson")
    }

    func testRepeatedKeyLastWinsAndEmptyResets() throws {
        let config = try XCTUnwrap(config(withMinimal("""
            [Limits]
            MaxConnections=10
            MaxConnections=20
            IdleTimeout=5s
            IdleTimeout=
            [Daemon]
            Socket=/tmp/a.sock
            Socket=
            """)))
        XCTAssertEqual(config.limits.maxConnections, 20)
        XCTAssertEqual(config.limits.idleTimeoutMilliseconds, 30_000)
        XCTAssertNil(config.daemon.socketPath)
    }

    func testRepeatedSectionsMerge() throws {
        let config = try XCTUnwrap(config(withMinimal("[Limits]\nMaxConnections=7\n[Limits]\nGroupCommitMax=9")))
        XCTAssertEqual(config.limits.maxConnections, 7)
        XCTAssertEqual(config.limits.groupCommitMax, 9)
    }

    func testBytesInput() throws {
        let text = withMinimal(Self.minimalPolicy)
        let result = GridConfigLoader.parse(bytes: Array(text.utf8), path: "c.conf", workingDirectory: "/")
        XCTAssertEqual(try result.get().categories.sorted.count, 1)
        let viaGridConfig = GridConfig.parse(text: text, path: "c.conf", workingDirectory: "/")
        XCTAssertEqual(try viaGridConfig.get(), try result.get())
    }

    // MARK: - diagnostics

    func testUnknownSectionsAndKeysWithSuggestions() {
        XCTAssertEqual(problems(withMinimal("""
            [Deamon]
            Whatever=1
            [Daemon]
            Sockt=/tmp/x
            Map=grid.geojson
            Colour=blue
            [Category 0103]
            Name=积存垃圾渣土
            Major=市容环境
            Departement.street=街道城管中队
            [Zebra]
            """)), [
            "c.conf:8: unknown section [Deamon]; did you mean [Daemon]? (sections are [Daemon], [Limits], [Grid], [Calendar], [Policy], [Policy CODE], [Access], [Spool], [Notify], [Intake], [Evaluation] and [Category CODE])",
            "c.conf:11: unknown key Sockt= in [Daemon]; did you mean Socket=?",
            "c.conf:12: unknown key Map= in [Daemon]; it belongs in [Grid]",
            "c.conf:13: unknown key Colour= in [Daemon] (known keys: StateDirectory=, Socket=, Database=, Spool=, LogDirectory=, SocketMode=)",
            "c.conf:17: unknown key Departement.street= in [Category]; did you mean Department.street=?",
            "c.conf:18: unknown section [Zebra] (sections are [Daemon], [Limits], [Grid], [Calendar], [Policy], [Policy CODE], [Access], [Spool], [Notify], [Intake], [Evaluation] and [Category CODE])",
        ])
        XCTAssertEqual(problems(withMinimal("[category 0105]\nName=x\nMajor=y")), [
            "c.conf:8: unknown section [category]; did you mean [Category CODE]? (sections are [Daemon], [Limits], [Grid], [Calendar], [Policy], [Policy CODE], [Access], [Spool], [Notify], [Intake], [Evaluation] and [Category CODE])"
        ])
    }

    func testMissingSectionsAndRequiredKeys() {
        XCTAssertEqual(problems(""), [
            "c.conf: missing section [Grid] (it must set Map= and FallbackUnit=)",
            "c.conf: no [Category CODE] sections: at least one category is required (e.g. [Category 0102])",
        ])
        XCTAssertEqual(problems("# nothing\n[Grid]\nCityName=江州市\n[Category 0102]\nStartTier=street\n"), [
            "c.conf:2: [Grid] is missing Map= (required: the grid map, e.g. Map=grid.geojson)",
            "c.conf:2: [Grid] is missing FallbackUnit= (required: the unit that takes unroutable reports, e.g. FallbackUnit=320500)",
            "c.conf:4: [Category 0102] is missing Name= (required: the category name, e.g. Name=暴露垃圾)",
            "c.conf:4: [Category 0102] is missing Major= (required: the major class name, e.g. Major=市容环境)",
        ])
        XCTAssertEqual(problems("[Grid]\nMap=\nFallbackUnit=\n\(Self.minimalCategory)\nName=\nMajor="), [
            "c.conf:2: Map= is empty: expected the path of the grid map (GeoJSON), e.g. Map=grid.geojson",
            "c.conf:3: FallbackUnit= is empty: expected a unit code (6, 9 or 12 digits)",
            "c.conf:7: Name= is empty: expected the category name, e.g. Name=暴露垃圾",
            "c.conf:8: Major= is empty: expected the major class name, e.g. Major=市容环境",
        ])
    }

    func testBadValuesSayWhatWasExpected() {
        XCTAssertEqual(problems(withMinimal("""
            [Daemon]
            SocketMode=0999
            [Limits]
            MaxLineBytes=64KB
            MaxLineBytes=100
            IdleTimeout=5 fortnights
            IdleTimeout=0
            MaxConnections=-1
            GroupCommitMax=lots
            MaxTitleLength=0
            MaxConnectionsPerUser=0
            [Category 0104]
            Name=道路不洁
            Major=市容环境
            StartTier=stret
            DefaultPriority=high
            """)), [
            "c.conf:9: SocketMode=0999: expected an octal file mode such as 0660",
            "c.conf:11: MaxLineBytes=64KB: size \"64KB\": KB is ambiguous; write 64K or 64KiB (powers of 1024)",
            "c.conf:12: MaxLineBytes=100: expected a size between 1K and 64M",
            "c.conf:13: IdleTimeout=5 fortnights: duration \"5 fortnights\": unknown unit \"fortnights\"; units are ms, s, min, h, d, w",
            "c.conf:14: IdleTimeout=0: expected a duration greater than zero",
            "c.conf:15: MaxConnections=-1: expected a whole number from 1 to 1000000",
            "c.conf:16: GroupCommitMax=lots: expected a whole number from 1 to 100000",
            "c.conf:17: MaxTitleLength=0: expected a whole number from 1 to 100000",
            "c.conf:18: MaxConnectionsPerUser=0: expected a whole number from 1 to 1000000",
            "c.conf:22: StartTier=stret: expected community, street, district or city; did you mean street?",
            "c.conf:23: DefaultPriority=high: expected urgent, normal or low",
        ])
    }

    func testUnitCodes() {
        XCTAssertEqual(problems("""
            [Grid]
            Map=m.geojson
            FallbackUnit=32050
            CityCode=320506
            \(Self.minimalCategory)
            """), [
            "c.conf:3: FallbackUnit=32050: unit code \"32050\": expected 6 (district or city), 9 (street) or 12 (community) digits",
            "c.conf:4: CityCode=320506: this is a district code; expected a city code (6 digits ending in 00, e.g. 320500)",
        ])
        XCTAssertEqual(problems("""
            [Grid]
            Map=m.geojson
            FallbackUnit=330106001
            CityCode=320500
            \(Self.minimalCategory)
            """), [
            "c.conf:3: FallbackUnit=330106001 lies outside CityCode=320500; expected the city or a unit inside it"
        ])
    }

    func testCategoryCodesAndDuplicates() {
        XCTAssertEqual(problems(withMinimal("""
            [Category 0100]
            Name=x
            Major=y
            [Category]
            Name=x
            Major=y
            [Category 0102]
            Name=又一个
            Major=市容环境
            [Category 0105]
            Name=水域不洁
            Major=市容
            [Daemon extra]
            """)), [
            "c.conf:8: category code \"0100\": expected 4 digits, major and minor class not 00 (e.g. 0102)",
            "c.conf:11: [Category] needs a category code: write [Category 0102]",
            "c.conf:14: duplicate category 0102 (first defined at line 5)",
            "c.conf:19: Major=市容 differs from Major=市容环境 of category 0102 (line 7); major class 01 has one name",
            "c.conf:20: [Daemon] takes no argument (found \"extra\"); write [Daemon]",
        ])
    }

    func testLineNumbersAfterContinuationLines() {
        XCTAssertEqual(problems("""
            [Grid]
            Map=grid.geojson
            CityName=江州市 \\
              (示例) \\
              continued
            FallbackUnit=3205
            \(Self.minimalCategory)
            [Limits]
            IdleTimeout=1h \\
              30
            """), [
            "c.conf:6: FallbackUnit=3205: unit code \"3205\": expected 6 (district or city), 9 (street) or 12 (community) digits",
            "c.conf:11: IdleTimeout=1h 30: duration \"1h 30\": missing unit after 30; expected a duration such as 30s, 500ms, 5min, 2h, 1d or 1h30min",
        ])
        // The continued value itself.
        let config = config(withMinimal("[Grid]\nCityName=江州 \\\n  市"))
        XCTAssertEqual(config?.grid.cityName, "江州 市")
    }

    func testSyntaxAndSemanticProblemsTogetherInLineOrder() {
        var bytes = Array("[Grid]\nMap=grid.geojson\nFallbackUnit=320500\nCityName=".utf8)
        bytes += [0xC3, 0x28]
        bytes += Array("\n\(Self.minimalCategory)\nnonsense\nStartTier=up\n\(Self.minimalPolicy)\n".utf8)
        let result = GridConfigLoader.parse(bytes: bytes, path: "c.conf", workingDirectory: "/")
        guard case .failure(let problems) = result else { return XCTFail("should fail") }
        XCTAssertEqual(problems.diagnostics.map(\.description), [
            "c.conf:4: invalid UTF-8 (byte 0xC3 at column 10); the file must be UTF-8",
            "c.conf:8: expected Key=Value, a [Section] header or a comment, found \"nonsense\"",
            "c.conf:9: StartTier=up: expected community, street, district or city",
        ])
        XCTAssertEqual(problems.description.split(separator: "\n").count, 3)
    }

    // MARK: - the map

    func testCheckAgainstMap() throws {
        let inMap: Set<String> = ["320506", "320506001", "320506001001"]
        let exists: (UnitCode) -> Bool = { inMap.contains($0.rawValue) }

        let cityFallback = try XCTUnwrap(config(withMinimal("")))
        XCTAssertEqual(cityFallback.checkAgainstMap(unitExists: exists), [])

        let street = try XCTUnwrap(config("[Grid]\nMap=g.json\nFallbackUnit=320506001\n\(Self.minimalCategory)", path: "c.conf"))
        XCTAssertEqual(street.checkAgainstMap(unitExists: exists), [])

        let missing = try XCTUnwrap(config("# map check\n[Grid]\nMap=g.json\nCityCode=320500\nFallbackUnit=320508002\n\(Self.minimalCategory)", path: "c.conf", cwd: "/w"))
        XCTAssertEqual(missing.checkAgainstMap(unitExists: exists).map(\.description), [
            "c.conf:5: FallbackUnit=320508002: no street with this code in the grid map /w/g.json; expected a unit of the map or CityCode=320500"
        ])

        // Without CityCode even a city fallback must be in the map.
        let noCity = try XCTUnwrap(config("[Grid]\nMap=g.json\nFallbackUnit=320500\n\(Self.minimalCategory)", path: "c.conf", cwd: "/w"))
        XCTAssertEqual(noCity.checkAgainstMap(unitExists: exists).map(\.description), [
            "c.conf:3: FallbackUnit=320500: no city with this code in the grid map /w/g.json; expected a unit of the map"
        ])
    }
}
