import XCTest

@testable import GridCore

/// Config tests that load a fixed `base` (a minimal valid config) followed by the snippet under
/// test, and look at the loaded config or at the diagnostics.
protocol ConfigSnippetTesting {
    /// A minimal config; its line count is where the snippet's line numbers start.
    static var base: String { get }
}

/// Bases shared by more than one test class.
enum ConfigSnippetBase {
    /// Lines 1–10: a grid, one category and a default policy; a snippet starts at line 11.
    static let gridCategoryAndPolicy = """
        [Grid]
        Map=grid.geojson
        FallbackUnit=320500
        CityCode=320500
        [Category 0102]
        Name=暴露垃圾
        Major=市容环境
        [Policy]
        Ack=2wh
        Resolve=2wd
        """
}

extension ConfigSnippetTesting {
    func load(_ text: String, path: String = "c.conf", workingDirectory: String = "/w") -> Result<GridConfig, ConfigDiagnostics> {
        GridConfigLoader.parse(text: Self.base + "\n" + text + "\n", path: path, workingDirectory: workingDirectory)
    }

    /// The loaded config; a test failure (at the caller) when it has diagnostics.
    func config(
        _ text: String, path: String = "c.conf", workingDirectory: String = "/w", file: StaticString = #filePath,
        line: UInt = #line
    ) -> GridConfig? {
        switch load(text, path: path, workingDirectory: workingDirectory) {
        case .success(let config): return config
        case .failure(let problems):
            XCTFail("unexpected diagnostics:\n\(problems)", file: file, line: line)
            return nil
        }
    }

    /// The `file:line: message` lines, empty when the snippet loads.
    func problems(_ text: String) -> [String] {
        switch load(text) {
        case .success: return []
        case .failure(let problems): return problems.diagnostics.map(\.description)
        }
    }
}
