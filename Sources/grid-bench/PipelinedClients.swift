import Dispatch
import Foundation
import GridSystem
import Synchronization

/// The traffic of the submit benchmark: N clients, each on its own connection and thread,
/// pipelining all its requests (a writer thread sends them while the client reads the answers).
///
/// It exists so that `SubmitBench` (a fresh in-process daemon) and `GrowthBench` (the real gridd
/// on a large database) send the same traffic from one piece of code.
enum PipelinedClients {
    /// Sends `perClient` requests (`request(client, index)`: one JSON line with its newline) from
    /// each of `clients` connections to `socket`; returns the seconds from the first connection
    /// to the last answer and how many answers lacked `marker` (`"ok":true`; a batch's answers
    /// are checked for `"refused":0`).
    static func run(
        socket: String, clients: Int, perClient: Int, marker: String = #""ok":true"#,
        request: @escaping @Sendable (_ client: Int, _ index: Int) -> String
    ) -> (seconds: Double, failures: Int) {
        let failures = Mutex(0)
        let start = monotonicSeconds()
        let finished = DispatchGroup()
        for client in 0..<clients {
            finished.enter()
            Thread {
                defer { finished.leave() }
                let fd = try! UnixSocket.connect(path: socket)
                defer { fd.close() }
                var payload = ""
                for index in 0..<perClient { payload += request(client, index) }
                let bytes = Array(payload.utf8)
                let writer = Thread { try? fd.writeAll(bytes) }
                writer.start()
                let bad = SubmitBench.readResponses(fd, count: perClient, marker: marker)
                failures.withLock { $0 += bad }
            }.start()
        }
        finished.wait()
        return (monotonicSeconds() - start, failures.withLock { $0 })
    }

    /// A durable submit of the benchmarks (category 0102 at cell 320506002001006) under `key`.
    static func submitRequest(id: Int, key: String) -> String {
        #"{"id":\#(id),"op":"submit","report":{"category":"0102","cell":"320506002001006","key":"\#(key)","title":"bench"}}"# + "\n"
    }
}
