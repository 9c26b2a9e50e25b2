import Dispatch
import Foundation
import GridClient
import GridCore
import GridFixtures
import GridSystem
import Synchronization

/// The real gridd binary with 1,000 extra connections that misbehave (`LoadCrowd`: stalled,
/// never reading, flooding until held back, slow readers, and active ones at a modest rate)
/// against the same daemon with nothing else connected: the ack latency of ordinary clients
/// doing one submit at a time, the daemon's resident memory, and how many connections the
/// limits refused (none should be: the limits are set above the crowd, which runs as one uid).
enum LoadBench {
    static let clients = Int(Files.environment("GRID_BENCH_CLIENTS") ?? "") ?? 8
    static let mix = LoadCrowd.Mix(stalled: 500, neverReading: 250, flooding: 20, slowReaders: 130, active: 100)
    /// Incidents with long descriptions that the crowd's `list` requests return (~18 KiB answers).
    static let seeded = 3

    struct Round {
        var baseline: Latencies
        var loaded: Latencies
        var baseResidentKiB: Int
        var loadedResidentKiB: Int
        var refused: Int64
        var heldBack: Int64
        var activeRoundTrips: Int
    }

    struct Latencies {
        var p50: Double
        var p99: Double

        /// The median and 99th percentile of `samples` (in any order; at least one).
        init(of samples: [Double]) {
            let sorted = samples.sorted()
            p50 = sorted[sorted.count / 2]
            p99 = sorted[min(sorted.count - 1, sorted.count * 99 / 100)]
        }
    }

    static func run(quick: Bool, into report: inout BenchReport) {
        _ = try? OpenFileLimit.raiseSoftToHard()  // 1,000 sockets here; gridd inherits the limit
        let perClient = quick ? 100 : 250
        let rounds = (0..<(quick ? 1 : 3)).map { round in measure(round: round, perClient: perClient) }
        let baseP99 = median(rounds.map(\.baseline.p99))
        let loadedP99 = median(rounds.map(\.loaded.p99))
        let baseP50 = median(rounds.map(\.baseline.p50))
        let loadedP50 = median(rounds.map(\.loaded.p50))
        let samples = clients * perClient
        // The floor under one submit at a time: one row committed (fsync'd) alone, one at a time.
        let bare = (0..<3).map { _ in Latencies(of: RawInsertBaseline.measure(rows: 2000, batch: 1).commitMilliseconds) }
        let bareP50 = median(bare.map(\.p50))
        let bareP99 = median(bare.map(\.p99))
        // What any design gets from SQLite's one-commit-at-a-time: the same clients, in process.
        let floors = (0..<3).map { _ in GroupCommitFloor.measure(clients: clients, perClient: perClient).latencies }
        let floorP50 = median(floors.map(\.p50))
        let floorP99 = median(floors.map(\.p99))
        report.add(.init(
            name: "group-commit floor p50 / p99: \(clients) threads one row at a time, one writer taking all waiting (no daemon)",
            value: "\(format2(floorP50)) / \(format2(floorP99)) ms", baseline: "\(format2(bareP50)) / \(format2(bareP99)) ms bare fsync'd one-row commit",
            ratio: "\(format2(floorP50 / bareP50))× / \(format2(floorP99 / bareP99))×", target: "—"))
        report.add(.init(
            name: "submit ack latency p50 / p99, \(clients) clients one at a time, nothing else connected",
            value: "\(format2(baseP50)) / \(format2(baseP99)) ms", baseline: "\(format2(bareP50)) / \(format2(bareP99)) ms bare fsync'd one-row commit",
            ratio: "\(format2(baseP50 / bareP50))× / \(format2(baseP99 / bareP99))× (\(format2(baseP50 / floorP50))× / \(format2(baseP99 / floorP99))× the floor)",
            target: "≤ 1.5× / ≤ 3×"))
        report.add(.init(
            name: "submit ack latency p99, \(clients) clients one at a time (\(samples) each run), with \(mix.total) misbehaving connections",
            value: "\(format2(loadedP99)) ms", baseline: "\(format2(baseP99)) ms with nothing else connected",
            ratio: "\(format2(loadedP99 / baseP99))×", target: "≤ 5×"))
        report.add(.init(
            name: "submit ack latency p50, same runs", value: "\(format2(loadedP50)) ms",
            baseline: "\(format2(baseP50)) ms", ratio: "\(format2(loadedP50 / baseP50))×", target: "—"))
        let baseMB = median(rounds.map { Double($0.baseResidentKiB) / 1024 })
        let loadedMB = median(rounds.map { Double($0.loadedResidentKiB) / 1024 })
        report.add(.init(
            name: "gridd resident memory with the \(mix.total) connections (\(mix.flooding) held back for not reading)",
            value: "\(format1(loadedMB)) MB", baseline: "\(format1(baseMB)) MB before they connected",
            ratio: "+\(format1(loadedMB - baseMB)) MB (\(format1((loadedMB - baseMB) * 1024 / Double(mix.total))) KiB each)",
            target: "bounded (test: < 500 MB)"))
        report.add(.init(
            name: "connections refused by the limits", value: "\(rounds.map(\.refused).max() ?? 0) of \(mix.total)",
            baseline: "MaxConnections=2000, MaxConnectionsPerUser=2000", ratio: "—", target: "0"))
        for (index, round) in rounds.enumerated() {
            writeDiagnostic("  round \(index): p99 \(format2(round.baseline.p99)) → \(format2(round.loaded.p99)) ms, p50 \(format2(round.baseline.p50)) → \(format2(round.loaded.p50)) ms, RSS \(round.baseResidentKiB / 1024) → \(round.loadedResidentKiB / 1024) MB, held back \(round.heldBack), active round trips \(round.activeRoundTrips)\n")
        }
    }

    /// One fresh daemon: the baseline, then the crowd connects and the same traffic again.
    static func measure(round: Int, perClient: Int) -> Round {
        let directory = makeTemporaryDirectory()
        defer { removeTree(directory) }
        let config = BenchDaemonSetup.writeConfig(directory: directory, extraConfig: """
            [Limits]
            MaxConnections=2000
            MaxConnectionsPerUser=2000
            IdleTimeout=10min
            RequestTimeout=10min
            """)
        let daemon = GriddProcess(directory: directory, configPath: config)
        daemon.launch()
        daemon.waitUntilReady()
        defer { daemon.terminate() }
        let socket = directory + "/gridd.sock"
        seed(socket: socket)
        let baseline = submitLatencies(socket: socket, perClient: perClient, tag: "b\(round)")
        let baseResident = daemon.memory().rss

        let crowd = try! LoadCrowd(
            socketPath: socket, mix: mix, largeRequest: #"{"id":1,"op":"list","category":"0103"}"#,
            smallRequest: #"{"id":2,"op":"ping"}"#, slowReaderRequests: 40)
        defer { crowd.close() }
        let sent = crowd.flood(limitBytes: 4 << 20, quietMilliseconds: 2000)
        precondition(sent.allSatisfy { $0 < 4 << 20 }, "gridd kept reading a client that never reads")
        crowd.startBackground(slowBytesPerPass: 1024, passMicroseconds: 20_000, activeIntervalMicroseconds: 100_000)
        let loaded = submitLatencies(socket: socket, perClient: perClient, tag: "l\(round)")
        let loadedResident = daemon.memory().rss
        let connections = try! daemon.status().objectValue?["connections"]?.objectValue
        crowd.stopBackground()
        let tally = crowd.currentTally
        precondition(tally.bad == 0, "\(tally.bad) bad answers to the crowd")
        let refused = connections?["refused"]?.objectValue
        return Round(
            baseline: baseline, loaded: loaded, baseResidentKiB: baseResident, loadedResidentKiB: loadedResident,
            refused: (refused?["max_connections"]?.intValue ?? 0) + (refused?["per_user_limit"]?.intValue ?? 0),
            heldBack: connections?["held_back"]?.intValue ?? 0, activeRoundTrips: tally.activeRoundTrips)
    }

    /// One fresh daemon with nothing else connected: the ack latencies of `clients` submitting one
    /// at a time, beside a bare commit's of the same run (`grid-bench ack`).
    static func printAckRound(round: Int, perClient: Int) {
        let directory = makeTemporaryDirectory()
        defer { removeTree(directory) }
        let daemon = GriddProcess(directory: directory, configPath: BenchDaemonSetup.writeConfig(directory: directory, extraConfig: ""))
        daemon.launch()
        daemon.waitUntilReady()
        defer { daemon.terminate() }
        let cpuBefore = daemon.cpuSeconds()
        let latencies = submitLatencies(socket: directory + "/gridd.sock", perClient: perClient, tag: "a\(round)")
        let cpu = (daemon.cpuSeconds() - cpuBefore) / Double(clients * perClient) * 1e6
        let store = (try? daemon.status().objectValue?["store"]?.objectValue) ?? nil
        let writes = store?["committed_writes"]?.intValue ?? 0
        let commits = max(1, store?["committed_batches"]?.intValue ?? 1)
        writeDiagnostic("  gridd CPU \(format1(cpu)) µs per submit; \(writes) writes in \(commits) commits\n")
        let bareRun = RawInsertBaseline.measure(rows: 2000, batch: 1)
        writeDiagnostic("  bare commit: \(format1(bareRun.cpuMicros)) µs CPU per commit\n")
        let bare = Latencies(of: bareRun.commitMilliseconds)
        let (floor, rowsPerCommit) = GroupCommitFloor.measure(clients: clients, perClient: perClient)
        writeDiagnostic("  group-commit floor: p50 \(format2(floor.p50)) ms, p99 \(format2(floor.p99)) ms (\(format2(floor.p50 / bare.p50))×, \(format2(floor.p99 / bare.p99))× the bare commit), \(format1(rowsPerCommit)) rows per commit\n")
        writeDiagnostic("ack round \(round): p50 \(format2(latencies.p50)) ms, p99 \(format2(latencies.p99)) ms; bare commit p50 \(format2(bare.p50)) ms, p99 \(format2(bare.p99)) ms (\(format2(latencies.p50 / bare.p50))×, \(format2(latencies.p99 / bare.p99))×)\n")
    }

    static func seed(socket: String) {
        let connection = try! GridConnection(path: socket)
        let description = String(repeating: "路面积水，", count: 400)
        for index in 0..<seeded {
            let report: JSONObject = [
                "category": "0103", "cell": "320506002001006", "key": .string("seed-\(index)"), "title": "seed",
                "description": .string(description),
            ]
            _ = try! connection.call("submit", ["report": .object(report)]).get()
        }
    }

    /// `clients` threads, each on its own connection, submitting one report at a time; the
    /// latency of each from sending the request to reading its `ok`.
    static func submitLatencies(socket: String, perClient: Int, tag: String) -> Latencies {
        let samples = Mutex<[Double]>([])
        let finished = DispatchGroup()
        for client in 0..<clients {
            finished.enter()
            Thread {
                defer { finished.leave() }
                let connection = try! GridConnection(path: socket)
                var mine: [Double] = []
                for index in 0..<perClient {
                    let report: JSONObject = ["category": "0102", "cell": "320506002001006", "key": .string("\(tag)-\(client)-\(index)")]
                    let start = monotonicSeconds()
                    let result = try! connection.call("submit", ["report": .object(report)]).get()
                    mine.append((monotonicSeconds() - start) * 1000)
                    precondition(result.objectValue?["created"] == true, "submit not created: \(result)")
                }
                samples.withLock { $0 += mine }
            }.start()
        }
        finished.wait()
        return Latencies(of: samples.withLock { $0 })
    }
}

func format2(_ value: Double) -> String {
    let scaled = (value * 100).rounded() / 100
    return String(scaled)
}
