import XCTest

@testable import GridCore

/// The `tail` request: its fields, defaults and strict refusals.
final class TailQueryTests: XCTestCase {
    private func decode(_ text: String) throws(RequestDecodingError) -> Request {
        let bytes = Array(text.utf8)
        return try bytes.withUnsafeBufferPointer { (buffer) throws(RequestDecodingError) -> Request in
            try RequestDecoder().decode(line: buffer)
        }
    }

    private func refusal(_ text: String) -> GridError? {
        do throws(RequestDecodingError) {
            _ = try decode(text)
            return nil
        } catch {
            return error.error
        }
    }

    func testDefaultsAndEveryField() throws {
        let plain = try decode(#"{"id":1,"op":"tail"}"#)
        XCTAssertEqual(plain.operation, .tail(TailQuery()))
        XCTAssertEqual(plain.opName, "tail")
        XCTAssertEqual(TailQuery().backlog, 10)
        XCTAssertFalse(TailQuery().follow)
        let full = try decode(
            #"{"id":"t","op":"tail","unit":"320506002","tier":"street","category":"0401","level":"notice","backlog":0,"follow":true}"#)
        XCTAssertEqual(
            full.operation,
            .tail(TailQuery(unit: UnitCode("320506002"), tier: .street, category: "0401", level: .notice, backlog: 0, follow: true)))
    }

    func testRequestFieldsRoundTrip() throws {
        let query = TailQuery(unit: UnitCode("320500"), tier: .city, category: "0102", level: .error, backlog: 500, follow: true)
        var object = query.requestFields
        object["id"] = 1
        object["op"] = "tail"
        XCTAssertEqual(try RequestDecoder().decode(.object(object)).operation, .tail(query))
    }

    func testBadFieldsAreRefused() {
        XCTAssertEqual(refusal(#"{"id":1,"op":"tail","lines":5}"#)?.code, .unknownField)
        XCTAssertEqual(refusal(#"{"id":1,"op":"tail","level":"loud"}"#)?.code, .invalidField)
        XCTAssertTrue(refusal(#"{"id":1,"op":"tail","level":"loud"}"#)?.message.contains("debug, info, notice, warning, error") == true)
        XCTAssertEqual(refusal(#"{"id":1,"op":"tail","backlog":-1}"#)?.code, .invalidField)
        XCTAssertEqual(refusal(#"{"id":1,"op":"tail","backlog":"10"}"#)?.code, .invalidField)
        XCTAssertEqual(refusal(#"{"id":1,"op":"tail","follow":"yes"}"#)?.code, .invalidField)
        XCTAssertEqual(refusal(#"{"id":1,"op":"tail","unit":"3205"}"#)?.code, .invalidField)
        XCTAssertEqual(refusal(#"{"id":1,"op":"tail","tier":"province"}"#)?.code, .invalidField)
        XCTAssertEqual(refusal(#"{"id":1,"op":"tail","category":"12"}"#)?.code, .invalidField)
    }

    func testLevelsOrderAndLogfmtQuoting() {
        XCTAssertLessThan(LogLevel.debug, LogLevel.info)
        XCTAssertLessThan(LogLevel.warning, LogLevel.error)
        XCTAssertEqual(LogLevel.notice.syslogPriority, 5)
        XCTAssertEqual(Logfmt.line([("event", "x"), ("note", "a b"), ("empty", ""), ("q", #"say "hi""#)]), #"event=x note="a b" empty="" q="say \"hi\"""#)
    }
}
