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
        var submitRounds: [Round] = []
        var pingRates: [Double] = []
        for round in 0..<(quick ? 2 : 3) {
            submitRounds.append(measureRound(round: round, perClient: perClient, op: "submit"))
            pingRates.append(measure(round: round, perClient: perClient, op: "ping"))
        }
        let rawRuns = (0..<3).map { _ in RawInsertBaseline.measure(rows: clients * perClient, batch: 450) }
        let echoRates = (0..<3).map { _ in SocketEchoBaseline.roundTripsPerSecond(clients: clients, perClient: perClient) }
        let submits = median(submitRounds.map(\.rate))
        let pings = median(pingRates)
        let raw = median(rawRuns.map(\.rate))
        let echo = median(echoRates)
        report.add(.init(
            name: "ping round trips through the daemon, \(clients) pipelining clients", value: formatRate(pings),
            baseline: "\(formatRate(echo)) bare socket echo", ratio: "\(format1(pings / echo * 100))% of echo", target: "—"))
        report.add(.init(
            name: "raw SQLite inserts of the same rows (450 per transaction)", value: formatRate(raw),
            baseline: "—", ratio: "submits at \(format1(submits / raw * 100))% of it", target: "≥ 60%"))
        report.add(.init(
            name: "durable submits, \(clients) pipelining clients", value: formatRate(submits),
            baseline: "\(formatRate(pings)) ping round trips", ratio: "\(format1(submits / pings * 100))% of ping",
            target: "≥ 20 k/s"))
        report.add(.init(
            name: "writer thread CPU per durable submit (busiest thread, /proc task stats)",
            value: "\(format1(median(submitRounds.map(\.writerMicros)))) µs",
            baseline: "\(format1(median(rawRuns.map(\.cpuMicros)))) µs per raw insert", ratio: "—", target: "≤ 12 µs"))
        report.add(RawInsertBaseline.referenceRow(rows: clients * perClient, against: submits, what: "submits"))
    }

    /// One round: reports (or pings) per second, and the writer's CPU per report.
    struct Round {
        var rate: Double
        var writerMicros: Double
    }

    /// Starts a fresh daemon, runs the traffic, stops it; returns requests per second.
    /// `around` runs on the daemon's socket before the traffic; what it returns, after.
    static func measure(round: Int, perClient: Int, op: String, around: ((String) -> () -> Void)? = nil) -> Double {
        measureRound(round: round, perClient: perClient, op: op, around: around).rate
    }

    /// As `measure`, with `batch` reports in each `submit` (`reports: [...]`) when it is above 1;
    /// the rate counts reports, and the busiest thread's CPU (the writer) is divided by them.
    static func measureRound(
        round: Int, perClient: Int, op: String, batch: Int = 1, around: ((String) -> () -> Void)? = nil
    ) -> Round {
        let directory = makeTemporaryDirectory()
        defer { removeTree(directory) }
        let daemon = BenchDaemonSetup(directory: directory).startDaemon()
        let after = around?(daemon.paths.socket)
        let lines = op == "submit" ? perClient / batch : perClient
        let okMarker = batch > 1 ? #""refused":0"# : #""ok":true"#

        let traffic = PipelinedClients.run(socket: daemon.paths.socket, clients: clients, perClient: lines, marker: okMarker) { client, index in
            request(op: op, round: round, client: client, index: index, batch: batch)
        }
        let cpuAfter = ThreadCPU.snapshot(pid: getpid())
        let writer = cpuAfter.busiest(since: traffic.cpuAtStart)
        let process = cpuAfter.total(since: traffic.cpuAtStart)
        after?()
        let reports = clients * lines * (op == "submit" ? batch : 1)
        if op == "submit", let summary = BenchDaemonSetup.commitSummary(daemon) {
            writeDiagnostic("  round \(round)\(batch > 1 ? " (batches of \(batch))" : ""): \(summary); busiest thread \(writer.name): \(format1(writer.seconds / Double(reports) * 1e6)) µs per report; all threads (daemon and clients): \(format1(process / Double(reports) * 1e6)) µs per report\n")
        }
        BenchDaemonSetup.stop(daemon)
        precondition(traffic.failures == 0, "\(op): some requests failed")
        return Round(rate: Double(reports) / traffic.seconds, writerMicros: writer.seconds / Double(reports) * 1e6)
    }

    /// One request line of a client: a ping, a single submit, or a submit of `batch` reports.
    static func request(op: String, round: Int, client: Int, index: Int, batch: Int) -> String {
        if op == "ping" { return #"{"id":\#(index),"op":"ping"}"# + "\n" }
        if batch == 1 { return PipelinedClients.submitRequest(id: index, key: "b\(round)-\(client)-\(index)") }
        let reports = (0..<batch).map {
            #"{"category":"0102","cell":"320506002001006","key":"b\#(round)-\#(client)-\#(index)-\#($0)","title":"bench"}"#
        }
        return #"{"id":\#(index),"op":"submit","reports":[\#(reports.joined(separator: ","))]}"# + "\n"
    }

    /// Reads `count` response lines; returns how many lacked `marker` in their first 96 bytes.
    /// Lean, as a load generator should be (it shares the two cores with the daemon): newlines
    /// are found with memchr, and only the head of each line is kept and searched.
    static func readResponses(_ fd: FileDescriptor, count: Int, marker: String = #""ok":true"#) -> Int {
        var remaining = count
        var bad = 0
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var line: [UInt8] = []
        line.reserveCapacity(96)
        let okMarker = Array(marker.utf8)
        while remaining > 0 {
            let read = chunk.withUnsafeMutableBytes { (try? fd.read(into: $0)) ?? 0 }
            guard read > 0 else { return bad + remaining }
            chunk.withUnsafeBufferPointer { buffer in
                var start = 0
                while start < read {
                    let rest = read - start
                    let found = memchr(buffer.baseAddress! + start, 0x0A, rest)
                    let end = found.map { UnsafePointer<UInt8>(OpaquePointer($0)) - buffer.baseAddress! } ?? read
                    if line.count < 96 { line.append(contentsOf: buffer[start..<min(end, start + 96 - line.count)]) }
                    guard found != nil else { break }
                    if !contains(line, okMarker) { bad += 1 }
                    line.removeAll(keepingCapacity: true)
                    remaining -= 1
                    start = end + 1
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
