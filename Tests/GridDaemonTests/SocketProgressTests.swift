import Foundation
import GridClient
import GridCore
import GridSystem
import Synchronization
import XCTest

/// A connection is kept for the requests it completes, not for the bytes it sends: a request line
/// must be complete within `RequestTimeout=` of its first byte, and `IdleTimeout=` counts from
/// the last complete request or answer — so dribbling bytes (or blank lines) does not hold a
/// connection. And the last request of a stream is answered even without its newline.
final class SocketProgressTests: XCTestCase {
    static let shortTimeouts = "[Limits]\nIdleTimeout=1s\nRequestTimeout=1s"

    /// One byte every 100 ms (ten times more often than `IdleTimeout=1s`) of a line that would
    /// take 20 s: closed with a `timeout` about a second after its first byte.
    func testAClientDribblingOneRequestLineIsTimedOut() throws {
        let daemon = try DaemonHarness(extraConfig: Self.shortTimeouts)
        try daemon.start()
        let client = try RawClient(path: daemon.socketPath)
        let line = Array((#"{"id":1,"op":"ping","pad":""# + String(repeating: "x", count: 200) + "\"}\n").utf8)
        let dribbler = Dribbler(client, chunks: line.map { [$0] })
        defer {
            dribbler.stop()
            withExtendedLifetime(client) {}
        }

        let response = try client.readResponse(seconds: 15)
        XCTAssertEqual(response["id"], .null)
        XCTAssertEqual(response["error"]?.objectValue?["code"], "timeout")
        XCTAssertTrue(
            response["error"]?.objectValue?["message"]?.stringValue?.contains("request line not completed within 1000 ms") == true,
            "\(response)")
        XCTAssertTrue(client.waitForEOF(seconds: 15), "closed although it kept sending bytes")
        XCTAssertLessThan(dribbler.sentCount, line.count, "closed before the line was complete")
        XCTAssertTrue(waitUntil(seconds: 10) { daemon.dispatchLogText.contains("event=client_timeout reason=request_timeout") })
        XCTAssertNotNil(try daemon.connect().call("ping").get())
        XCTAssertEqual(daemon.stop(), 0)
    }

    /// Blank lines are no requests: a client that sends only newlines is idle.
    func testAClientSendingOnlyBlankLinesIsIdle() throws {
        let daemon = try DaemonHarness(extraConfig: Self.shortTimeouts)
        try daemon.start()
        let client = try RawClient(path: daemon.socketPath)
        let dribbler = Dribbler(client, chunks: Array(repeating: [0x0A], count: 200))
        defer {
            dribbler.stop()
            withExtendedLifetime(client) {}
        }

        let response = try client.readResponse(seconds: 15)
        XCTAssertEqual(response["error"]?.objectValue?["code"], "timeout")
        XCTAssertTrue(
            response["error"]?.objectValue?["message"]?.stringValue?.contains("no request for 1000 ms") == true, "\(response)")
        XCTAssertTrue(client.waitForEOF(seconds: 15), "closed although it kept sending newlines")
        XCTAssertEqual(daemon.stop(), 0)
    }

    /// The client writes its last request without a newline and shuts down its side: the bytes
    /// before EOF are that request, and it is answered (after the ones before it).
    func testAFinalRequestWithoutANewlineIsAnsweredAtEndOfStream() throws {
        let daemon = try DaemonHarness()
        try daemon.start()
        let client = try RawClient(path: daemon.socketPath)
        try client.send(#"{"id":1,"op":"ping"}"# + "\n" + #"{"id":2,"op":"ping"}"#)
        shutdown(client.fd.rawValue, Int32(SHUT_WR))
        XCTAssertEqual(try client.readResponse()["id"], 1)
        let last = try client.readResponse()
        XCTAssertEqual(last["id"], 2)
        XCTAssertEqual(last["result"]?.objectValue?["pong"], true)
        XCTAssertTrue(client.waitForEOF())

        // Half an object is not a request: an error, not silence.
        let half = try RawClient(path: daemon.socketPath)
        try half.send(#"{"id":3,"op":"pi"#)
        shutdown(half.fd.rawValue, Int32(SHUT_WR))
        let refused = try half.readResponse()
        XCTAssertEqual(refused["ok"], false)
        XCTAssertEqual(refused["error"]?.objectValue?["code"], "malformed_json")
        XCTAssertTrue(half.waitForEOF())
        XCTAssertEqual(daemon.stop(), 0)
    }
}

/// Sends `chunks` one every 100 ms on its own thread until they run out, the daemon closes the
/// connection, or `stop` (MSG_NOSIGNAL: a closed connection is an error, not SIGPIPE).
final class Dribbler: Sendable {
    private let stopped = Atomic<Bool>(false)
    private let sent = Atomic<Int>(0)
    private let finished = Atomic<Bool>(false)

    /// How many chunks went out.
    var sentCount: Int { sent.load(ordering: .acquiring) }

    init(_ client: RawClient, chunks: [[UInt8]]) {
        let fd = client.fd
        Thread { [self] in
            defer { finished.store(true, ordering: .releasing) }
            for chunk in chunks {
                if stopped.load(ordering: .acquiring) { return }
                guard (try? UnixSocket.sendAll(fd, chunk)) != nil else { return }
                _ = sent.add(1, ordering: .releasing)
                usleep(100_000)
            }
        }.start()
    }

    /// Stops sending and waits (bounded) until the thread is done with the descriptor.
    func stop() {
        stopped.store(true, ordering: .releasing)
        _ = waitUntil(seconds: 5) { finished.load(ordering: .acquiring) }
    }
}
