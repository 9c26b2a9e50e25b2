import GridCore
import XCTest
@testable import GridClient

/// One catalogue, two languages: every message in both, with the same placeholders, and every
/// key the command table and the actions need.
final class MessageCatalogueTests: XCTestCase {
    func testEveryMessageExistsInBothLanguagesWithTheSamePlaceholders() {
        let en = Messages.catalogue(.en), zh = Messages.catalogue(.zh)
        XCTAssertEqual(Set(en.keys).subtracting(zh.keys), [], "in English only")
        XCTAssertEqual(Set(zh.keys).subtracting(en.keys), [], "in Chinese only")
        for (key, english) in en {
            XCTAssertFalse(english.isEmpty, key)
            XCTAssertEqual(Messages.placeholders(english), Messages.placeholders(zh[key] ?? ""), key)
        }
    }

    /// The table's summaries, option help and exit meanings, and every action's confirmation.
    func testEveryKeyTheCommandsNeedIsInTheCatalogue() {
        for language in Language.allCases {
            let catalogue = Messages.catalogue(language)
            var needed = CommandTable.exitStatuses.map { "exit.\($0)" }
            needed += CommandTable.globalOptions.map { "opt.\($0.keyName)" }
            for spec in CommandTable.all {
                needed.append(spec.summaryKey)
                needed += spec.options.map { spec.helpKey($0, in: catalogue) }
                needed += spec.exitCodes.map { "exit.\($0)" }
            }
            needed += ActionCommands.names.map { "done.\($0)" }
            for key in needed { XCTAssertNotNil(catalogue[key], "\(language): \(key)") }
        }
    }

    /// The Chinese catalogue is Chinese: every summary and option help has Chinese characters.
    func testChineseTextsAreChinese() {
        for (key, text) in Messages.catalogue(.zh) where key.hasPrefix("cmd.") || key.hasPrefix("done.") || key.hasPrefix("exit.") {
            XCTAssertTrue(text.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }, "\(key): \(text)")
        }
    }

    /// --lang, then GRIDCTL_LANG, then LC_ALL, LC_MESSAGES, LANG (the first set); zh_* is Chinese.
    func testLanguageChoice() throws {
        func pick(_ environment: [String: String], flag: String? = nil) throws -> Language {
            try Language.resolve(flag: flag) { environment[$0] }
        }
        XCTAssertEqual(try pick([:]), .en)
        XCTAssertEqual(try pick(["LANG": "zh_CN.UTF-8"]), .zh)
        XCTAssertEqual(try pick(["LANG": "C.UTF-8"]), .en)
        XCTAssertEqual(try pick(["LC_MESSAGES": "zh_TW.UTF-8", "LANG": "en_US.UTF-8"]), .zh)
        XCTAssertEqual(try pick(["LC_ALL": "en_US.UTF-8", "LC_MESSAGES": "zh_CN.UTF-8"]), .en)
        XCTAssertEqual(try pick(["LC_ALL": "", "LANG": "zh_CN.UTF-8"]), .zh)
        XCTAssertEqual(try pick(["GRIDCTL_LANG": "en", "LC_ALL": "zh_CN.UTF-8"]), .en)
        XCTAssertEqual(try pick(["GRIDCTL_LANG": "klingon", "LANG": "zh_CN.UTF-8"]), .zh)
        XCTAssertEqual(try pick(["GRIDCTL_LANG": "en"], flag: "zh"), .zh)
        XCTAssertThrowsError(try pick([:], flag: "fr"))
        XCTAssertEqual(CapturedOutput.run(["--lang", "fr", "help"]).status, 2)
        // --lang is taken wherever it stands, and not seen by the command.
        let after = CapturedOutput.run(["help", "ack", "--lang=zh"])
        XCTAssertTrue(after.stdout.hasPrefix("用法: gridctl ack ID"), after.stdout)
    }

    /// The confirmation says what happened, with states and tiers as people say them.
    func testActionConfirmationInBothLanguages() {
        let incident: JSONValue = [
            "id": 12, "state": "acknowledged", "tier": "street",
            "unit": ["code": "320506002", "name": "清河街道"],
        ]
        func printed(_ name: String, _ language: Language) -> String {
            let capture = CapturedOutput()
            var output = capture.output
            output.language = language
            ActionCommands.printResult(name, incident, output: output)
            return capture.stdout
        }
        XCTAssertEqual(printed("reopen", .zh), "已返工，退回处置中：案件 12 处置中，街道 清河街道 (320506002)\n")
        XCTAssertEqual(printed("note", .zh), "已添加备注：案件 12 处置中，街道 清河街道 (320506002)\n")
        XCTAssertEqual(printed("reopen", .en), "reworked, back to handling: incident 12 acknowledged at street 清河街道 (320506002)\n")
    }

    func testEveryStateAndTierHasItsChineseName() {
        XCTAssertEqual(
            IncidentState.allCases.map { Messages.state($0.rawValue, .zh) },
            ["待立案", "待受理", "处置中", "待核查", "已结案", "已撤销", "缓办", "不予立案", "挂账"])
        XCTAssertEqual(["community", "street", "district", "city"].map { Messages.tier($0, .zh) }, ["社区", "街道", "区", "市"])
        XCTAssertEqual(Messages.state("acknowledged", .en), "acknowledged")
    }
}

/// `list` for people: headers, states and tiers in the caller's language.
final class ListTextTests: XCTestCase {
    func testListInChineseAndEnglish() {
        let result: JSONValue = [
            "incidents": [["id": 7, "state": "deferred", "tier": "district", "unit": ["code": "320506", "name": "清河区"]]],
        ]
        func printed(_ language: Language) -> String {
            let capture = CapturedOutput()
            var output = capture.output
            output.language = language
            ListText.print(result, heading: Messages.text("list.heading.overdue", language), output: output)
            return capture.stdout
        }
        let chinese = printed(.zh)
        XCTAssertTrue(chinese.hasPrefix("编号  状态  承办单位  类别"), chinese)
        XCTAssertTrue(chinese.contains("7     缓办  清河区"), chinese)
        XCTAssertTrue(chinese.hasSuffix("共 1 件：超期（督办）清单：红灯，各层级错过时限或超过案件时限的案件\n"), chinese)
        let english = printed(.en)
        XCTAssertTrue(english.hasPrefix("ID  STATE     UNIT"), english)
        XCTAssertTrue(english.hasSuffix("1 incident(s): 超期 (督办) list: red, a window missed or past the case deadline, at any tier\n"), english)
    }
}
