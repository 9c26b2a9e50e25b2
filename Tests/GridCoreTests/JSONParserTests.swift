import XCTest

@testable import GridCore

final class JSONParserTests: XCTestCase {
    func testParsesEveryKindOfValue() throws {
        let value = try JSONParser.parse(#" {"a": [1, -2.5, 3e2, true, false, null, "x"], "b": {"c": "d"}} "#)
        let object = try XCTUnwrap(value.objectValue)
        XCTAssertEqual(object.keys, ["a", "b"])
        XCTAssertEqual(object["a"], [1, -2.5, 300.0, true, false, nil, "x"])
        XCTAssertEqual(object["b"]?.objectValue?["c"], "d")
    }

    func testIntegersStayIntegersAndBigOnesBecomeDoubles() throws {
        XCTAssertEqual(try JSONParser.parse("9007199254740993"), .int(9_007_199_254_740_993))
        XCTAssertEqual(try JSONParser.parse("-0"), .int(0))
        XCTAssertEqual(try JSONParser.parse("123456789012345678901234567890"), .double(1.2345678901234568e29))
    }

    func testStringEscapesAndUnicode() throws {
        XCTAssertEqual(try JSONParser.parse(#""a\"b\\c\/d\n\t\u00e9\u4e2d\ud83d\ude00""#), .string("a\"b\\c/d\n\té中😀"))
        XCTAssertEqual(try JSONParser.parse("\"花园社区\""), .string("花园社区"))
    }

    func testRejectsMalformedInputWithOffsets() {
        let cases: [(String, String)] = [
            ("", "unexpected end of input"),
            ("{", "expected a string key"),
            ("{\"a\":1,}", "expected a string key"),
            ("[1,]", "unexpected character"),
            ("[1 2]", "expected ',' or ']'"),
            ("01", "unexpected data after the JSON value"),
            ("1.", "expected digits after '.'"),
            ("NaN", "unexpected character"),
            ("Infinity", "unexpected character"),
            ("tru", "unexpected end of input"),
            ("\"abc", "unterminated string"),
            ("\"a\u{01}b\"", "control character in string U+0001"),
            ("\"\\x\"", "invalid escape"),
            ("\"\\ud800\"", "unpaired surrogate in \\u escape"),
            ("{\"a\":1,\"a\":2}", "duplicate key \"a\""),
            ("1e999", "number out of range"),
            ("{} {}", "unexpected data after the JSON value"),
        ]
        for (text, message) in cases {
            XCTAssertThrowsError(try JSONParser.parse(text), text) { error in
                let parseError = error as! JSONParseError
                XCTAssertEqual(parseError.kind, .syntax, text)
                XCTAssertEqual(parseError.message, message, text)
            }
        }
    }

    /// What a terminal does not show is named (found by the bad-input corpus, where these all
    /// said `unexpected character at byte 0`).
    func testInvisibleAndLookAlikeCharactersAreNamed() {
        let cases: [([UInt8], String)] = [
            ([0xEF, 0xBB, 0xBF] + Array("{}".utf8), "a byte order mark (U+FEFF) is not allowed before the JSON text"),
            (Array("\u{3000}{}".utf8), "unexpected character U+3000"),
            (Array("{\u{201C}id\u{201D}:1}".utf8), "expected a string key, found U+201C"),
            (Array("{\"id\"\u{FF1A}1}".utf8), "expected ':', found U+FF1A"),
            (Array("[1\u{FF0C}2]".utf8), "expected ',' or ']', found U+FF0C"),
            (Array("{\"a\":1\u{FF0C}}".utf8), "expected ',' or '}', found U+FF0C"),
            (Array("{}".utf8) + [0x00], "unexpected data after the JSON value: U+0000"),
            ([0x00], "unexpected character U+0000"),
            (Array("\"a\tb\"".utf8), "control character in string U+0009"),
        ]
        for (bytes, message) in cases {
            XCTAssertThrowsError(try JSONParser.parse(bytes), message) { error in
                XCTAssertEqual((error as? JSONParseError)?.message, message)
            }
        }
    }

    func testInvalidUTF8IsItsOwnKind() {
        let inputs: [[UInt8]] = [
            [0x22, 0xFF, 0x22],  // 0xFF never appears in UTF-8
            [0x22, 0xC3, 0x22],  // truncated 2-byte sequence
            [0x22, 0xE0, 0x80, 0x80, 0x22],  // overlong
            [0x22, 0xED, 0xA0, 0x80, 0x22],  // UTF-16 surrogate encoded
        ]
        for bytes in inputs {
            XCTAssertThrowsError(try JSONParser.parse(bytes)) { error in
                XCTAssertEqual((error as! JSONParseError).kind, .invalidUTF8, "\(bytes)")
                XCTAssertEqual((error as! JSONParseError).offset, 1)
            }
        }
    }

    func testNestingIsBounded() {
        let deep = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        XCTAssertThrowsError(try JSONParser.parse(deep))
        let fine = String(repeating: "[", count: 10) + String(repeating: "]", count: 10)
        XCTAssertNoThrow(try JSONParser.parse(fine))
    }

    func testSerializationRoundTripsAndEscapes() throws {
        let value: JSONValue = ["id": 7, "text": "引号\"与\\反斜杠\n\u{01}", "list": [1.5, nil, true], "nan": .double(.nan)]
        let text = value.serialized()
        XCTAssertEqual(text, #"{"id":7,"text":"引号\"与\\反斜杠\n\u0001","list":[1.5,null,true],"nan":null}"#)
        var expected = value.objectValue!
        expected["nan"] = .null
        XCTAssertEqual(try JSONParser.parse(text), .object(expected))
    }
}
