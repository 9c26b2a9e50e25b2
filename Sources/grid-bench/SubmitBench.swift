import Dispatch
import Foundation
import GridClient
import GridCore
import GridDaemon
import GridSystem
import Glibc
import Synchronization

/// Durable submits over the real socket: an in-process daemon on a temporary directory,
/// 8 clients each pipelining its requests on one connection; every `ok` arrives after COMMIT.
/// The baseline is the same traffic of `ping` requests: the socket and protocol cost alone.
enum SubmitBench {
    static let clients = 8

    static func run(quick: Bool, into report: inout BenchReport) {
        let perClient = quick ? 1000 : 5000
        var submitRates: [Double] = []
        var pingRates: [Double] = []
        for round in 0..<(quick ? 2 : 3) {
            submitRates.append(measure(round: round, perClient: perClient, op: "submit"))
            pingRates.append(measure(round: round, perClient: perClient, op: "ping"))
        }
        let rawRates = (0..<3).map { _ in RawInsertBaseline.rowsPerSecond(rows: clients * perClient, batch: 450) }
        let echoRates = (0..<3).map { _ in SocketEchoBaseline.roundTripsPerSecond(clients: clients, perClient: perClient) }
        let submits = median(submitRates)
        let pings = median(pingRates)
        let raw = median(rawRates)
        let echo = median(echoRates)
        report.add(.init(
            name: "ping round trips through the daemon, \(clients) pipelining clients", value: formatRate(pings),
            baseline: "\(formatRate(echo)) bare socket echo", ratio: "\(format1(pings / echo * 100))% of echo", target: "—"))
        report.add(.init(
            name: "raw SQLite inserts of the same rows (450 per transaction)", value: formatRate(raw),
            baseline: "—", ratio: "submits at \(format1(submits / raw * 100))% of it", target: "—"))
        report.add(.init(
            name: "durable submits, \(clients) pipelining clients", value: formatRate(submits),
            baseline: "\(formatRate(pings)) ping round trips", ratio: "\(format1(submits / pings * 100))% of ping",
            target: "≥ 20 k/s"))
    }

    /// Starts a fresh daemon, runs the traffic, stops it; returns requests per second.
    /// `around` runs on the daemon's socket before the traffic; what it returns, after.
    static func measure(round: Int, perClient: Int, op: String, around: ((String) -> () -> Void)? = nil) -> Double {
        let directory = makeTemporaryDirectory()
        defer { removeTree(directory) }
        let daemon = BenchDaemonSetup(directory: directory).startDaemon()
        let after = around?(daemon.paths.socket)

        let traffic = PipelinedClients.run(socket: daemon.paths.socket, clients: clients, perClient: perClient) { client, index in
            op == "submit"
                ? PipelinedClients.submitRequest(id: index, key: "b\(round)-\(client)-\(index)")
                : #"{"id":\#(index),"op":"ping"}"# + "\n"
        }
        after?()
        if op == "submit", let summary = BenchDaemonSetup.commitSummary(daemon) {
            writeDiagnostic("  round \(round): \(summary)\n")
        }
        BenchDaemonSetup.stop(daemon)
        precondition(traffic.failures == 0, "\(op): some requests failed")
        return Double(clients * perClient) / traffic.seconds
    }

    /// Reads `count` response lines; returns how many were not `"ok":true`.
    static func readResponses(_ fd: FileDescriptor, count: Int) -> Int {
        var remaining = count
        var bad = 0
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var line: [UInt8] = []
        let okMarker = Array(#""ok":true"#.utf8)
        while remaining > 0 {
            let read = chunk.withUnsafeMutableBytes { (try? fd.read(into: $0)) ?? 0 }
            guard read > 0 else { return bad + remaining }
            for byte in chunk[0..<read] {
                if byte == 0x0A {
                    if !contains(line, okMarker) { bad += 1 }
                    line.removeAll(keepingCapacity: true)
                    remaining -= 1
                } else if line.count < 64 {
                    line.append(byte)
                }
            }
        }
        return bad
    }

    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard haystack.count >= needle.count else { return false }
        for start in 0...(haystack.count - needle.count) where haystack[start..<start + needle.count].elementsEqual(needle) {
            return true
        }
        return false
    }
}

/// The checkout the bench runs from (it reads the sample config and map).
func repositoryRoot() -> String {
    Files.currentDirectory()
}

func makeTemporaryDirectory() -> String {
    var template = Array("/tmp/grid-bench-XXXXXX".utf8CString)
    guard let made = mkdtemp(&template) else { fatalError("mkdtemp failed") }
    return String(cString: made)
}

func removeTree(_ path: String) {
    guard let directory = opendir(path) else {
        unlink(path)
        return
    }
    while let entry = readdir(directory) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        if name == "." || name == ".." { continue }
        let child = path + "/" + name
        if entry.pointee.d_type == UInt8(DT_DIR) { removeTree(child) } else { unlink(child) }
    }
    closedir(directory)
    rmdir(path)
}
