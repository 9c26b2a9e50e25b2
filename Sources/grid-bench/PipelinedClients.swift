import Dispatch
import Foundation
import Glibc
import GridSystem
import Synchronization

/// The traffic of the submit benchmark: N clients, each on its own connection and thread,
/// pipelining all its requests (a writer thread sends them while the client reads the answers).
///
/// It exists so that `SubmitBench` (a fresh in-process daemon) and `GrowthBench` (the real gridd
/// on a large database) send the same traffic from one piece of code.
enum PipelinedClients {
    /// Sends `perClient` requests (`request(client, index)`: one JSON line with its newline) from
    /// each of `clients` connections to `socket`; returns the seconds from the first request sent
    /// to the last answer, how many answers lacked `marker` (`"ok":true`; a batch's answers are
    /// checked for `"refused":0`), and this process's threads' CPU when the first was sent.
    static func run(
        socket: String, clients: Int, perClient: Int, marker: String = #""ok":true"#,
        request: @escaping @Sendable (_ client: Int, _ index: Int) -> String
    ) -> (seconds: Double, failures: Int, cpuAtStart: ThreadCPU) {
        let failures = Mutex(0)
        // The traffic is generated and the connections made before the clock starts, as a load
        // generator does: on two cores, formatting requests meanwhile took CPU from the daemon.
        let payloads = (0..<clients).map { client in
            var payload = ""
            for index in 0..<perClient { payload += request(client, index) }
            return Array(payload.utf8)
        }
        let sockets = (0..<clients).map { _ in try! UnixSocket.connect(path: socket) }
        let cpuAtStart = ThreadCPU.snapshot(pid: getpid())
        let start = monotonicSeconds()
        let finished = DispatchGroup()
        for (fd, bytes) in zip(sockets, payloads) {
            finished.enter()
            Thread {
                defer { finished.leave() }
                let writer = Thread { try? fd.writeAll(bytes) }
                writer.start()
                let bad = SubmitBench.readResponses(fd, count: perClient, marker: marker)
                failures.withLock { $0 += bad }
            }.start()
        }
        finished.wait()
        let seconds = monotonicSeconds() - start
        for fd in sockets { fd.close() }
        return (seconds, failures.withLock { $0 }, cpuAtStart)
    }

    /// A durable submit of the benchmarks (category 0102 at cell 320506002001006) under `key`.
    static func submitRequest(id: Int, key: String) -> String {
        #"{"id":\#(id),"op":"submit","report":{"category":"0102","cell":"320506002001006","key":"\#(key)","title":"bench"}}"# + "\n"
    }
}
