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
            Thread {
                var buffer = [UInt8](repeating: 0, count: 1 << 16)
                while true {
                    let count = buffer.withUnsafeMutableBytes { (try? server.read(into: $0)) ?? 0 }
                    if count <= 0 { break }
                    try? server.writeAll(buffer[0..<count])
                }
                server.close()
            }.start()
            finished.enter()
            Thread {
                defer { finished.leave() }
                let payload = (0..<perClient).flatMap { Array(#"{"id":\#($0),"op":"ping"}"#.utf8) + [0x0A] }
                let writer = Thread { try? client.writeAll(payload) }
                writer.start()
                var lines = 0
                var buffer = [UInt8](repeating: 0, count: 1 << 16)
                while lines < perClient {
                    let count = buffer.withUnsafeMutableBytes { (try? client.read(into: $0)) ?? 0 }
                    guard count > 0 else { break }
                    for byte in buffer[0..<count] where byte == 0x0A { lines += 1 }
                }
                shutdown(client.rawValue, Int32(SHUT_RDWR))
                client.close()
            }.start()
        }
        finished.wait()
        return Double(clients * perClient) / (monotonicSeconds() - start)
    }
}
