import XCTest

@testable import GridCore

/// `ConfigSchema` is the one declaration of gridd.conf's sections and keys: the loader accepts
/// every key it declares, in its own section, and refuses a key it does not.
final class ConfigSchemaTests: XCTestCase, ConfigSnippetTesting {
    static let base = ConfigSnippetBase.gridCategoryAndPolicy

    /// Each declared key, written with an empty value (its default) in its section, is not an
    /// unknown key; the same name in a section that does not declare it is one.
    func testLoaderAcceptsExactlyTheDeclaredKeys() {
        for section in ConfigSchema.sections {
            let header = section.name == "Category" ? "[Category 0103]\nName=积存垃圾渣土\nMajor=市容环境" : "[\(section.name)]"
            for key in section.keys {
                let problems = problems("\(header)\n\(key.name)=")
                XCTAssertFalse(problems.contains { $0.contains("unknown key") }, "\(section.header) \(key.name)=: \(problems)")
            }
        }
        XCTAssertTrue(problems("[Daemon]\nSockt=/tmp/s").contains { $0.contains("unknown key Sockt= in [Daemon]; did you mean Socket=?") })
        XCTAssertTrue(problems("[Spool]\nWait=none").contains { $0.contains("unknown key Wait= in [Spool]; it belongs in [Intake]") })
    }

    /// Every section the loader knows is declared, once, with a title and keys that have a
    /// meaning and a default.
    func testEverySectionAndKeyIsDescribed() {
        XCTAssertEqual(GridConfigLoader.sectionNames, ["Daemon", "Limits", "Grid", "Calendar", "Policy", "Access", "Spool", "Notify", "Intake", "Evaluation", "Category"])
        for section in ConfigSchema.sections {
            XCTAssertFalse(section.title.isEmpty || section.summary.isEmpty, section.name)
            XCTAssertEqual(Set(section.keys.map(\.name)).count, section.keys.count, "a key declared twice in \(section.header)")
            for key in section.keys {
                XCTAssertFalse(key.meaning.isEmpty || key.type.isEmpty || key.defaultValue.isEmpty, "\(section.header) \(key.name)=")
            }
        }
        XCTAssertEqual(ConfigSchema.section("Policy").header, "[Policy] and [Policy CODE]")
        XCTAssertEqual(ConfigSchema.section("Category").header, "[Category CODE]")
    }
}
