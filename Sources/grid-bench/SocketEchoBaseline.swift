import Dispatch
import Foundation
import GridSystem
import Glibc

/// The floor under every socket figure: the same pipelined lines as the `ping` traffic, echoed
/// back over a Unix stream socket by a thread that only reads and writes — no framing, JSON,
/// ordering or queues. Each client has its own socket pair and echo thread.
enum SocketEchoBaseline {
    static func roundTripsPerSecond(clients: Int, perClient: Int) -> Double {
        let start = monotonicSeconds()
        let finished = DispatchGroup()
        for _ in 0..<clients {
            var pair: [Int32] = [0, 0]
            guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &pair) == 0 else {
                fatalError("socketpair failed: errno \(errno)")
            }
            let client = FileDescriptor(rawValue: pair[0])
            let server = FileDescriptor(rawValue: pair[1])
            Thread { echo(server) }.start()
            finished.enter()
            Thread {
                pipeline(client, lines: perClient)
                finished.leave()
            }.start()
        }
        finished.wait()
        return Double(clients * perClient) / (monotonicSeconds() - start)
    }

    /// Writes back whatever arrives until the other end closes.
    private static func echo(_ server: FileDescriptor) {
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = buffer.withUnsafeMutableBytes { (try? server.read(into: $0)) ?? 0 }
            if count <= 0 { break }
            try? server.writeAll(buffer[0..<count])
        }
        server.close()
    }

    /// Sends `lines` ping lines from a second thread while counting the echoed lines.
    private static func pipeline(_ client: FileDescriptor, lines: Int) {
        var payload: [UInt8] = []
        for index in 0..<lines {
            payload.append(contentsOf: #"{"id":\#(index),"op":"ping"}"#.utf8)
            payload.append(0x0A)
        }
        let bytes = payload
        Thread { try? client.writeAll(bytes) }.start()
        var received = 0
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while received < lines {
            let count = buffer.withUnsafeMutableBytes { (try? client.read(into: $0)) ?? 0 }
            guard count > 0 else { break }
            for byte in buffer[0..<count] where byte == 0x0A { received += 1 }
        }
        shutdown(client.rawValue, Int32(SHUT_RDWR))
        client.close()
    }
}
