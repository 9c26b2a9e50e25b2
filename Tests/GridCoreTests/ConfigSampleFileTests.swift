import Foundation
import XCTest
@testable import GridCore

/// The shipped `Config/gridd.conf` must load cleanly: `gridd` with no flags uses it.
final class ConfigSampleFileTests: XCTestCase {
    static let repoRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    func loadSample() throws -> GridConfig {
        let path = Self.repoRoot + "/Config/gridd.conf"
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        switch GridConfigLoader.parse(bytes: bytes, path: "Config/gridd.conf", workingDirectory: Self.repoRoot) {
        case .success(let config): return config
        case .failure(let problems):
            XCTFail("Config/gridd.conf has problems:\n\(problems)")
            throw problems
        }
    }

    func testSampleParsesWithoutDiagnostics() throws {
        let config = try loadSample()
        XCTAssertEqual(config.grid.mapPath, Self.repoRoot + "/Config/grid.geojson")
        XCTAssertEqual(config.grid.fallbackUnit.rawValue, "320500")
        XCTAssertEqual(config.grid.cityCode?.rawValue, "320500")
        XCTAssertEqual(config.grid.cityName, "江州市")
        XCTAssertEqual(config.daemon.stateDirectory, Self.repoRoot + "/var")
        XCTAssertEqual(config.limits, LimitSettings())
        // The city is the fallback, so the map check passes whatever the map holds.
        XCTAssertEqual(config.checkAgainstMap(unitExists: { _ in false }), [])
    }

    func testSampleCategories() throws {
        let categories = try loadSample().categories.sorted
        XCTAssertTrue((10...20).contains(categories.count), "\(categories.count) categories")
        let majors = Set(categories.map(\.majorName))
        // The urban-management classes and the kinds of incident the seed speech names.
        for major in ["市容环境", "宣传广告", "施工管理", "突发事件", "街面秩序", "公用设施",
                      "纠纷调解", "社会治安", "健康养老", "防灾减灾", "生态环境"] {
            XCTAssertTrue(majors.contains(major), "missing major class \(major)")
        }
        XCTAssertEqual(categories.first { $0.code == "0102" }?.name, "暴露垃圾")
        XCTAssertEqual(categories.first { $0.code == "0601" }?.majorName, "公用设施")
        for category in categories {
            XCTAssertFalse(category.departments.isEmpty, "\(category.code) names no departments")
            XCTAssertNotNil(category.departments[category.startTier], "\(category.code) has no department at its start tier")
            if category.majorName == "突发事件" {
                XCTAssertEqual(category.startTier, .street, category.code)
                XCTAssertEqual(category.defaultPriority, .urgent, category.code)
            }
        }
        XCTAssertTrue(categories.contains { $0.majorName == "防灾减灾" && $0.startTier == .street && $0.defaultPriority == .urgent })
    }
}
