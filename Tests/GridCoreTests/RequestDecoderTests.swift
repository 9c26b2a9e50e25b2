import XCTest

@testable import GridCore

final class RequestDecoderTests: XCTestCase {
    private let decoder = RequestDecoder()

    private func decode(_ text: String) throws(RequestDecodingError) -> Request {
        let bytes = Array(text.utf8)
        return try bytes.withUnsafeBufferPointer { (buffer) throws(RequestDecodingError) -> Request in
            try decoder.decode(line: buffer)
        }
    }

    private func refusal(_ text: String) -> RequestDecodingError? {
        do throws(RequestDecodingError) {
            _ = try decode(text)
            return nil
        } catch {
            return error
        }
    }

    func testDecodesEachOperation() throws {
        XCTAssertEqual(try decode(#"{"id":1,"op":"ping"}"#).operation, .ping)
        XCTAssertEqual(try decode(#"{"id":"a","op":"status"}"#).id, "a")
        XCTAssertEqual(try decode(#"{"id":5,"op":"catalog"}"#).operation, .catalog)
        XCTAssertEqual(refusal(#"{"id":5,"op":"catalog","units":true}"#)?.error.code, .unknownField)
        XCTAssertEqual(try decode(#"{"id":2,"op":"show","incident":42}"#).operation, .show(42))
        XCTAssertEqual(
            try decode(#"{"id":3,"op":"list","state":"dispatched","tier":"street","unit":"320506001","category":"0102","limit":5,"before":9}"#).operation,
            .list(ListQuery(state: .dispatched, tier: .street, unit: UnitCode("320506001"), category: "0102", limit: 5, beforeID: 9)))
        guard case .submit(let report) = try decode(#"{"id":4,"op":"submit","report":{"category":"0102","cell":"320506001001003"}}"#).operation else {
            return XCTFail("not a submit")
        }
        XCTAssertEqual(report.category, "0102")
    }

    /// `reports`: each report decoded alone (a bad one keeps its error in its place), the batch
    /// refused whole when it is not an array of 1…`maxBatch`, or comes with `report`.
    func testABatchKeepsEachReportsOutcomeInItsPlace() throws {
        let good = #"{"category":"0102","cell":"320506001001003"}"#
        guard case .submitBatch(let items) = try decode(#"{"id":1,"op":"submit","reports":[\#(good),{"category":"0102"},7,\#(good)]}"#).operation else {
            return XCTFail("not a batch")
        }
        XCTAssertEqual(items.count, 4)
        XCTAssertEqual(try items[0].get().category, "0102")
        XCTAssertEqual(items[1].failure?.code, .noLocation)
        XCTAssertEqual(items[2].failure?.code, .badRequest)
        XCTAssertNotNil(try? items[3].get())
        let small = RequestDecoder(maxBatch: 2)
        let three = Array(#"{"id":2,"op":"submit","reports":[\#(good),\#(good),\#(good)]}"#.utf8)
        XCTAssertThrowsError(try three.withUnsafeBufferPointer { try small.decode(line: $0) }) {
            XCTAssertEqual(($0 as? RequestDecodingError)?.error.code, .batchTooLarge)
            XCTAssertEqual(($0 as? RequestDecodingError)?.id, 2)
        }
        XCTAssertEqual(refusal(#"{"id":3,"op":"submit","reports":[]}"#)?.error.code, .invalidField)
        XCTAssertEqual(refusal(#"{"id":3,"op":"submit","reports":{}}"#)?.error.code, .invalidField)
        XCTAssertEqual(refusal(#"{"id":3,"op":"submit","report":\#(good),"reports":[\#(good)]}"#)?.error.code, .badRequest)
        XCTAssertEqual(refusal(#"{"id":3,"op":"submit"}"#)?.error.code, .missingField)
    }

    /// `mine` (the caller's to-do list) takes `limit` and nothing else.
    func testListMineTakesOnlyALimit() throws {
        var mine = ListQuery(limit: 20)
        mine.mine = true
        XCTAssertEqual(try decode(#"{"id":1,"op":"list","mine":true,"limit":20}"#).operation, .list(mine))
        XCTAssertEqual(try decode(#"{"id":1,"op":"list","mine":false,"state":"dispatched"}"#).operation, .list(ListQuery(state: .dispatched)))
        XCTAssertEqual(refusal(#"{"id":1,"op":"list","mine":true,"overdue":true}"#)?.error.code, .invalidField)
        XCTAssertEqual(refusal(#"{"id":1,"op":"list","mine":true,"unit":"320506"}"#)?.error.code, .invalidField)
        XCTAssertEqual(refusal(#"{"id":1,"op":"list","mine":"yes"}"#)?.error.code, .invalidField)
    }

    func testErrorsEchoTheIdWhenItCouldBeRead() {
        XCTAssertEqual(refusal(#"{"id":7,"op":"fly"}"#), RequestDecodingError(id: 7, error: GridError(.unknownOp, #"unknown op "fly""#)))
        XCTAssertEqual(refusal(#"{"id":8,"op":"ping","extra":1}"#)?.error.code, .unknownField)
        XCTAssertEqual(refusal(#"{"id":8,"op":"ping","extra":1}"#)?.id, 8)
        XCTAssertEqual(refusal(#"{"op":"ping"}"#)?.error.code, .missingField)
        XCTAssertEqual(refusal(#"{"id":[1],"op":"ping"}"#)?.error.code, .invalidField)
        XCTAssertEqual(refusal(#"{"id":9,"op":"submit","report":{"category":"0102"}}"#)?.error.code, .noLocation)
        XCTAssertEqual(refusal(#"{"id":9,"op":"submit","report":{"category":"0102"}}"#)?.id, 9)
        XCTAssertEqual(refusal(#"{"id":10,"op":"list","limit":0}"#)?.error.code, .invalidField)
        XCTAssertEqual(refusal(#"{"id":10,"op":"list","tier":"galaxy"}"#)?.error.code, .invalidField)
        XCTAssertEqual(refusal(#"{"id":1,"op":"ping""#)?.error.code, .malformedJSON)
        let invalidUTF8: [UInt8] = Array(#"{"id":1,"op":"ping","x":""#.utf8) + [0xC3, 0x28] + Array(#""}"#.utf8)
        let invalid = invalidUTF8.withUnsafeBufferPointer { buffer -> RequestDecodingError? in
            do throws(RequestDecodingError) { _ = try decoder.decode(line: buffer); return nil } catch { return error }
        }
        XCTAssertEqual(invalid?.error.code, .invalidUTF8)
        XCTAssertEqual(refusal("42")?.error.code, .badRequest)
    }

    func testResponsesAreOneLineWithTheEchoedId() throws {
        let success = String(decoding: Response.success(id: 5, result: ["pong": true]), as: UTF8.self)
        XCTAssertEqual(success, "{\"id\":5,\"ok\":true,\"result\":{\"pong\":true}}\n")
        let failure = String(decoding: Response.failure(id: "x", error: GridError(.notFound, "no incident 3")), as: UTF8.self)
        XCTAssertEqual(failure, "{\"id\":\"x\",\"ok\":false,\"error\":{\"code\":\"not_found\",\"message\":\"no incident 3\"}}\n")
    }
}

extension Result {
    /// The error, or nil for a success (for assertions).
    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
