import XCTest

@testable import GridCore

/// The controls of `ControlCharacters`: refused in idempotency keys, escaped in logfmt values, so
/// that no key or text can forge a line for a reader that splits on any Unicode line break.
final class ControlCharactersTests: XCTestCase {
    /// One of each kind: C0 (NUL, ESC, LF, CR), DEL, C1 (NEL, CSI), the line and paragraph
    /// separators, and every bidi control.
    static let controls: [Unicode.Scalar] = [
        "\u{0}", "\u{1B}", "\n", "\r", "\u{7F}", "\u{85}", "\u{9B}", "\u{2028}", "\u{2029}", "\u{200E}", "\u{200F}", "\u{61C}",
        "\u{202A}", "\u{202B}", "\u{202C}", "\u{202D}", "\u{202E}", "\u{2066}", "\u{2067}", "\u{2068}", "\u{2069}",
    ]

    func testTheSetHoldsTheControlsAndNothingPrintable() {
        for scalar in Self.controls { XCTAssertTrue(ControlCharacters.contains(scalar), ControlCharacters.name(scalar)) }
        for scalar in ["a", " ", "张", "\u{A0}", "\u{200B}", "\u{2027}", "\u{202F}", "\u{2065}", "\u{206A}", "é"] as [Unicode.Scalar] {
            XCTAssertFalse(ControlCharacters.contains(scalar), ControlCharacters.name(scalar))
        }
        XCTAssertEqual(ControlCharacters.name("\u{85}"), "U+0085")
        XCTAssertEqual(ControlCharacters.name("\u{202E}"), "U+202E")
    }

    func testKeysWithAnyControlAreRefusedAsInvalidField() {
        func decode(key: String) throws -> Report {
            try ReportDecoder().decode(["category": "0102", "cell": "320506002001006", "key": .string(key)] as JSONObject)
        }
        for scalar in Self.controls {
            var key = "device7#"
            key.unicodeScalars.append(scalar)
            key += "event=forged"
            XCTAssertThrowsError(try decode(key: key), ControlCharacters.name(scalar)) { error in
                XCTAssertEqual((error as? GridError)?.code, .invalidField)
                XCTAssertTrue((error as? GridError)?.message.contains(ControlCharacters.name(scalar)) == true, "\(error)")
                XCTAssertTrue((error as? GridError)?.message.contains("at character 9") == true, "\(error)")
            }
        }
        XCTAssertEqual(try decode(key: "spool:设备7.jsonl#12 α").key, "spool:设备7.jsonl#12 α")
        XCTAssertThrowsError(try decode(key: ""))
    }

    func testLogfmtQuotesAndEscapesEveryControl() {
        for scalar in Self.controls {
            var value = "a"
            value.unicodeScalars.append(scalar)
            value += "event=forged"
            let quoted = Logfmt.quoted(value)
            XCTAssertTrue(quoted.hasPrefix("\"") && quoted.hasSuffix("\""), quoted)
            XCTAssertFalse(quoted.unicodeScalars.contains(where: ControlCharacters.contains), ControlCharacters.name(scalar))
        }
        XCTAssertEqual(Logfmt.quoted("a\u{2028}b"), #""a\u{2028}b""#)
        XCTAssertEqual(Logfmt.quoted("a\u{85}b"), #""a\u{85}b""#)
        XCTAssertEqual(Logfmt.quoted("a\u{202E}b"), #""a\u{202e}b""#)
        XCTAssertEqual(Logfmt.quoted("a\u{7F}b"), #""a\u{7f}b""#)
        XCTAssertEqual(Logfmt.quoted("a\nb\u{1B}"), #""a\nb\u{1b}""#, "the escapes the log had before stay as they were")
        XCTAssertEqual(Logfmt.quoted("张三"), "张三")
        // A reader splitting on every Unicode line break still sees one line.
        let line = Logfmt.line([("event", "request_refused"), ("message", "k\u{2028}ts=x level=info event=escalated\u{2029}\u{85}")])
        XCTAssertEqual(line.split(whereSeparator: \.isNewline).count, 1, line)
    }

    /// A value stands bare exactly when it holds no space, quote, `=`, backslash or control,
    /// whether it is ASCII (checked a byte at a time) or not (checked scalar by scalar).
    func testLogfmtLeavesExactlyTheSafeValuesBare() {
        let scalars = (0x00...0x2100).compactMap(Unicode.Scalar.init) + ["\u{2066}", "\u{2069}", "\u{3000}", "张", "🙂"]
        for scalar in scalars {
            let unsafe = scalar == " " || scalar == "\"" || scalar == "=" || scalar == "\\" || ControlCharacters.contains(scalar)
            for prefix in ["id", "张三"] {
                var value = prefix
                value.unicodeScalars.append(scalar)
                let quoted = Logfmt.quoted(value)
                XCTAssertEqual(quoted != value, unsafe, "U+\(String(scalar.value, radix: 16)) after \(prefix)")
            }
        }
        XCTAssertEqual(Logfmt.quoted(""), #""""#)
    }

    func testMaskedNamesKeepOneCharacter() {
        XCTAssertEqual(PersonName.masked("张三丰"), "张*")
        XCTAssertEqual(PersonName.masked("Li"), "L*")
        XCTAssertEqual(PersonName.masked(""), "")
    }
}
