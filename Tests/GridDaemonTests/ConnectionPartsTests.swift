import Dispatch
import Foundation
import GridSystem
import XCTest

@testable import GridDaemon

/// The plain parts of a client connection, without a socket: its phase, the ordering of
/// responses, the output buffer against a socket that fills up, back-pressure, request lines.
final class ConnectionPartsTests: XCTestCase {
    func testThePhaseMovesOnlyAlongItsAllowedEdges() {
        var phase = ConnectionPhase.reading
        XCTAssertFalse(phase.resume(), "only a held-back connection resumes")
        XCTAssertTrue(phase.pause())
        XCTAssertEqual(phase, .heldBack)
        XCTAssertFalse(phase.pause(), "pausing twice is no change")
        XCTAssertFalse(phase.readsInput)
        XCTAssertTrue(phase.takesRequests, "lines already read are taken once it catches up")
        XCTAssertTrue(phase.startStreaming())
        XCTAssertEqual(phase, .streaming)
        XCTAssertTrue(phase.readsInput, "a stream reads input to see EOF")
        XCTAssertFalse(phase.takesRequests, "a stream is the last request")
        XCTAssertFalse(phase.pause(), "a stream is never held back")
        XCTAssertTrue(phase.stopReading())
        XCTAssertEqual(phase, .draining)
        XCTAssertFalse(phase.stopReading())
        XCTAssertFalse(phase.startStreaming())
        XCTAssertTrue(phase.close())
        XCTAssertFalse(phase.close(), "closing twice is no change")
        XCTAssertFalse(phase.readsInput || phase.takesRequests)
    }

    func testResponsesGoOutInRequestOrderWhateverOrderTheyAreAnswered() {
        var responses = ResponseQueue()
        var output = OutputBuffer()
        let first = responses.reserve()
        let second = responses.reserve()
        let third = responses.reserve()
        XCTAssertEqual([first, second, third], [0, 1, 2])
        XCTAssertTrue(responses.fill(third, with: Array("c\n".utf8)))
        XCTAssertTrue(responses.fill(second, with: Array("b\n".utf8)))
        responses.moveAnswered(into: &output)
        XCTAssertEqual(output.unsentCount, 0, "nothing goes out before the first is answered")
        XCTAssertTrue(responses.fill(first, with: Array("a\n".utf8)))
        responses.moveAnswered(into: &output)
        XCTAssertEqual(output.unsentCount, 6)
        XCTAssertTrue(responses.isEmpty)
        XCTAssertEqual(responses.firstSlot, 3, "slots are numbered for the connection's life")
        XCTAssertFalse(responses.fill(first, with: []), "a slot handed out is not owed any more")
        XCTAssertEqual(responses.reserve(), 3)
        responses.removeAll()
        XCTAssertFalse(responses.fill(3, with: []), "a dropped connection owes nothing")
    }

    func testTheOutputBufferKeepsWhatTheSocketDidNotTakeAndReportsFailures() {
        var output = OutputBuffer()
        XCTAssertEqual(output.flush { _ in .processed(0) }, .nothingToWrite)
        output.append(Array(repeating: 1, count: 10))
        var written: [Int] = []
        var room = 4
        let socket: (UnsafeRawBufferPointer) throws(Errno) -> IOResult<Int> = { buffer in
            guard room > 0 else { return .wouldBlock }
            let count = min(room, buffer.count)
            room -= count
            written.append(count)
            return .processed(count)
        }
        XCTAssertEqual(output.flush(to: socket), .wouldBlock)
        XCTAssertEqual(output.unsentCount, 6)
        XCTAssertFalse(output.isFullyWritten)
        room = 100
        XCTAssertEqual(output.flush(to: socket), .allWritten)
        XCTAssertEqual(written, [4, 6])
        XCTAssertTrue(output.isFullyWritten)
        output.append([1])
        XCTAssertEqual(output.flush { (_) throws(Errno) in throw Errno(code: 32, call: "write") }, .failed(Errno(code: 32, call: "write")))
        output.removeAll()
        XCTAssertEqual(output.unsentCount, 0)
    }

    func testBackPressureBoundsRequestsByTheLargestResponseLatelyAndResumesAtHalf() {
        var pressure = BackPressure(maxInFlight: 4096, maxUnsentBytes: 1 << 20)
        XCTAssertEqual(pressure.inFlightLimit, 64, "16 KiB assumed before any answer")
        pressure.noteResponse(bytes: 100)
        XCTAssertEqual(pressure.responseSizeEstimate, 14336, "shrinks by an eighth per smaller answer")
        for _ in 0..<200 { pressure.noteResponse(bytes: 100) }
        XCTAssertEqual(pressure.responseSizeEstimate, 256, "never below 256 bytes")
        XCTAssertEqual(pressure.inFlightLimit, 4096)
        pressure.noteResponse(bytes: 1 << 19)
        XCTAssertEqual(pressure.inFlightLimit, 2, "jumps to a larger answer at once")
        XCTAssertTrue(pressure.hasRoom(unanswered: 1, unsentBytes: 0))
        XCTAssertFalse(pressure.hasRoom(unanswered: 2, unsentBytes: 0))
        XCTAssertFalse(pressure.hasRoom(unanswered: 0, unsentBytes: 1 << 20))
        XCTAssertTrue(pressure.hasCaughtUp(unanswered: 1, unsentBytes: 1 << 19))
        XCTAssertFalse(pressure.hasCaughtUp(unanswered: 2, unsentBytes: 0))
        XCTAssertFalse(pressure.hasCaughtUp(unanswered: 0, unsentBytes: (1 << 19) + 1))
    }

    func testTheReaderSkipsBlankLinesAndClocksTheLineBeingRead() {
        var reader = RequestReader(maxLineBytes: 16)
        func feed(_ text: String) { Array(text.utf8).withUnsafeBytes { reader.append($0) } }
        feed("  \r\n{\"op\":\"a\"}\n{\"op\"")
        XCTAssertEqual(reader.next(), .request(Array(#"{"op":"a"}"#.utf8)[...]))
        XCTAssertEqual(reader.next(), .needMore)
        XCTAssertNil(reader.lineStartedAt)
        let start = DispatchTime(uptimeNanoseconds: 1000)
        reader.noteUnfinishedLine(now: start)
        reader.noteUnfinishedLine(now: DispatchTime(uptimeNanoseconds: 2000))
        XCTAssertEqual(reader.lineStartedAt, start, "the clock starts at the line's first bytes")
        reader.forgetLineStart()
        XCTAssertNil(reader.lineStartedAt)
        feed(":1}")
        XCTAssertEqual(reader.finalRequest().map(Array.init), Array(#"{"op":1}"#.utf8), "at EOF, a last line without its newline")
        XCTAssertNil(reader.finalRequest())
        feed(String(repeating: "x", count: 17))
        XCTAssertEqual(reader.next(), .tooLong, "refused before the line is complete")
    }

    func testBlankBytesAtEndOfStreamAreNoRequest() {
        var reader = RequestReader(maxLineBytes: 16)
        Array(" \t".utf8).withUnsafeBytes { reader.append($0) }
        XCTAssertEqual(reader.next(), .needMore)
        XCTAssertNil(reader.finalRequest())
    }

    func testNonBlockingCallsSayWouldBlockAsAValue() throws {
        let path = NSTemporaryDirectory() + "io-result-\(getpid()).sock"
        let listener = try UnixSocket.listen(path: path)
        defer {
            listener.close()
            unlink(path)
        }
        XCTAssertEqual(try UnixSocket.accept(listener), .wouldBlock, "nobody is waiting")
        let client = try UnixSocket.connect(path: path)
        defer { client.close() }
        let accepted = try XCTUnwrap(UnixSocket.accept(listener).value, "accept4 gives a non-blocking descriptor")
        defer { accepted.close() }
        var buffer = [UInt8](repeating: 0, count: 16)
        XCTAssertEqual(try buffer.withUnsafeMutableBytes { try accepted.readNonBlocking(into: $0) }, .wouldBlock)
        XCTAssertEqual(try [UInt8](repeating: 7, count: 3).withUnsafeBytes { try client.writeNonBlocking($0) }, .processed(3))
        XCTAssertEqual(try buffer.withUnsafeMutableBytes { try accepted.readNonBlocking(into: $0) }, .processed(3))
    }

    func testErrnoSaysByNameWhatFailed() {
        XCTAssertTrue(Errno(code: EAGAIN, call: "read").isWouldBlock)
        XCTAssertTrue(Errno(code: EWOULDBLOCK, call: "read").isWouldBlock)
        XCTAssertTrue(Errno(code: ENOENT, call: "open").isNotFound)
        XCTAssertTrue(Errno.alreadyExists("rejected/a").isAlreadyExisting)
        XCTAssertTrue(Errno(code: ELOOP, call: "openat").isSymbolicLinkLoop)
        XCTAssertTrue(Errno(code: EPERM, call: "openat").isPermissionDenied)
        XCTAssertTrue(Errno(code: EACCES, call: "openat").isPermissionDenied)
        for code in [ENXIO, ENODEV, EOPNOTSUPP] { XCTAssertTrue(Errno(code: code, call: "openat").isNotOpenableAsFile) }
        XCTAssertFalse(Errno(code: EIO, call: "read").isNotFound || Errno(code: EIO, call: "read").isWouldBlock)
    }
}
