import XCTest
@testable import GridCore

final class ConfigIniFileTests: XCTestCase {
    func parse(_ text: String) -> (IniFile, [String]) {
        let (file, diagnostics) = IniFile.parse(text, path: "t.conf")
        return (file, diagnostics.map(\.description))
    }

    func testSectionsKeysCommentsAndBlankLines() {
        let (file, problems) = parse("""
            # a comment
            ; another comment

            [Daemon]
              Socket = /run/gridd.sock\u{20}\u{20}
            SocketMode=0660
            [Category 0102]
            Name=暴露垃圾
            """)
        XCTAssertEqual(problems, [])
        XCTAssertEqual(file.sections.count, 2)
        XCTAssertEqual(file.sections[0].name, "Daemon")
        XCTAssertNil(file.sections[0].argument)
        XCTAssertEqual(file.sections[0].line, 4)
        XCTAssertEqual(file.sections[0].entries, [
            IniEntry(key: "Socket", value: "/run/gridd.sock", line: 5),
            IniEntry(key: "SocketMode", value: "0660", line: 6),
        ])
        XCTAssertEqual(file.sections[1].name, "Category")
        XCTAssertEqual(file.sections[1].argument, "0102")
        XCTAssertEqual(file.sections[1].header, "[Category 0102]")
        XCTAssertEqual(file.sections[1].last("Name")?.value, "暴露垃圾")
    }

    func testValuesAreLiteral() {
        let (file, problems) = parse("[A]\nK=a = b # not a comment\nQ=\"quoted\"\nE=\n")
        XCTAssertEqual(problems, [])
        XCTAssertEqual(file.sections[0].last("K")?.value, "a = b # not a comment")
        XCTAssertEqual(file.sections[0].last("Q")?.value, "\"quoted\"")
        XCTAssertEqual(file.sections[0].last("E")?.value, "")
    }

    func testRepeatedKeysKeptInOrderLastWins() {
        let (file, _) = parse("[A]\nK=1\nK=2\nOther=x\nK=3\n")
        XCTAssertEqual(file.sections[0].entries("K").map(\.value), ["1", "2", "3"])
        XCTAssertEqual(file.sections[0].entries("K").map(\.line), [2, 3, 5])
        XCTAssertEqual(file.sections[0].last("K")?.value, "3")
    }

    func testContinuationLinesKeepTheStartingLineNumber() {
        let (file, problems) = parse("""
            [A]
            Long=one \\
              two \\
            # a comment inside is skipped
              three
            Next=x
            """)
        XCTAssertEqual(problems, [])
        XCTAssertEqual(file.sections[0].entries, [
            IniEntry(key: "Long", value: "one two three", line: 2),
            IniEntry(key: "Next", value: "x", line: 6),
        ])
    }

    func testContinuationAtEndOfFile() {
        let (file, problems) = parse("[A]\nK=v \\")
        XCTAssertEqual(problems, ["t.conf:2: line continuation (trailing backslash) at end of file"])
        XCTAssertEqual(file.sections[0].last("K")?.value, "v")
    }

    func testCRLFAndByteOrderMark() {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("[A]\r\nK=v\r\n".utf8)
        let (file, problems) = IniFile.parse(bytes: bytes, path: "t.conf")
        XCTAssertEqual(problems, [])
        XCTAssertEqual(file.sections[0].name, "A")
        XCTAssertEqual(file.sections[0].last("K"), IniEntry(key: "K", value: "v", line: 2))
    }

    func testMalformedLinesAreDiagnosedNotFatal() {
        let (file, problems) = parse("""
            Orphan=1
            [A]
            just words
            =value
            bad key=1
            [B
            [ ]
            [C]
            K=ok
            """)
        XCTAssertEqual(problems, [
            "t.conf:1: Orphan= before any [Section] header",
            "t.conf:3: expected Key=Value, a [Section] header or a comment, found \"just words\"",
            "t.conf:4: missing key before '='",
            "t.conf:5: invalid key \"bad key\": keys use letters, digits, '.', '-' and '_'",
            "t.conf:6: malformed section header \"[B\": expected [Name] or [Name argument]",
            "t.conf:7: malformed section header \"[ ]\": expected [Name] or [Name argument]",
        ])
        XCTAssertEqual(file.sections(named: "C").first?.last("K")?.value, "ok")
    }

    func testInvalidUTF8IsReportedWithItsLine() {
        var bytes = Array("[A]\nGood=1\nBad=".utf8)
        bytes += [0x61, 0xFF, 0x62]
        bytes += Array("\nAfter=2\n".utf8)
        let (file, problems) = IniFile.parse(bytes: bytes, path: "t.conf")
        XCTAssertEqual(problems.map(\.description), [
            "t.conf:3: invalid UTF-8 (byte 0xFF at column 6); the file must be UTF-8"
        ])
        XCTAssertEqual(file.sections[0].entries.map(\.key), ["Good", "After"])
        XCTAssertEqual(file.sections[0].last("After")?.line, 4)
    }

    func testNulByte() {
        let bytes = Array("[A]\nK=a".utf8) + [0] + Array("\n".utf8)
        let (_, problems) = IniFile.parse(bytes: bytes, path: "t.conf")
        XCTAssertEqual(problems.map(\.description), ["t.conf:2: NUL byte at column 4"])
    }

    func testDiagnosticDescription() {
        XCTAssertEqual(ConfigDiagnostic(file: "a.conf", line: 7, message: "bad").description, "a.conf:7: bad")
        XCTAssertEqual(ConfigDiagnostic(file: "a.conf", line: 0, message: "bad").description, "a.conf: bad")
        let all = ConfigDiagnostics([
            ConfigDiagnostic(file: "a", line: 0, message: "whole"),
            ConfigDiagnostic(file: "a", line: 9, message: "nine"),
            ConfigDiagnostic(file: "a", line: 2, message: "two"),
        ])
        XCTAssertEqual(all.description, "a:2: two\na:9: nine\na: whole")
    }

    func testClosestMatch() {
        XCTAssertEqual(ConfigDiagnostic.closestMatch(to: "Sockt", among: ["Socket", "Spool"]), "Socket")
        XCTAssertEqual(ConfigDiagnostic.closestMatch(to: "socket", among: ["Socket"]), "Socket")
        XCTAssertEqual(ConfigDiagnostic.closestMatch(to: "Database", among: ["Spool", "Socket"]), nil)
        XCTAssertEqual(ConfigDiagnostic.editDistance(Array("kitten"), Array("sitting")), 3)
    }
}
