import Dispatch
import Foundation
import GridClient
import GridCore
import GridDaemon
import GridStore
import GridSystem
import GridTesting
import Synchronization

/// The evaluation report over a year of history (`grid-bench report`): 1,000,000 incidents with
/// realistic outcomes (`StoreSeeder.incidentHistories`: closed on time and late, reworked,
/// escalated, overdue, deferred, cancelled, open) in the real gridd; the time of a report over the
/// whole year (median of several), and the latency of durable submits by clients while reports
/// run, beside the same submits with no report running (the baseline, same run).
enum ReportBench {
    static let submitClients = 4

    static func run(quick: Bool, into report: inout BenchReport) {
        let count = quick ? 200_000 : 1_000_000
        let rounds = quick ? 3 : 5
        // GRID_BENCH_REPORT_DIR keeps the seeded directory (and reuses it on the next run).
        let kept = Files.environment("GRID_BENCH_REPORT_DIR")
        let directory = kept ?? makeTemporaryDirectory()
        defer { if kept == nil { removeTree(directory) } }
        try? Files.makeDirectories(directory)
        let setup = BenchDaemonSetup(directory: directory)
        let communities = setup.city.map.units(at: .community).map(\.code)
        let categories = setup.city.config.categories.categories.keys.sorted()
        let year: Int64 = 365 * 86_400_000
        let database = directory + "/gridd.sqlite"
        if !Files.exists(database) {
            let seedStart = monotonicSeconds()
            _ = try! StoreSeeder.incidentHistories(
                path: database, count: count, from: SystemClock().now().adding(milliseconds: -year - 3 * 86_400_000),
                spanMilliseconds: year, communities: communities, categories: categories)
            writeDiagnostic("  seeded \(count) incidents with their timelines in \(format1(monotonicSeconds() - seedStart)) s\n")
        }
        let now = SystemClock().now()
        let from = now.adding(milliseconds: -year - 3 * 86_400_000)
        let alone = inProcess(database: database, range: ReportRange(from: from, to: now), city: setup.city)
        writeDiagnostic("  in process: the store pass in one part, with nothing done per incident, \(format2(alone.pass)) s; the whole report (ReportService: parts, aggregation, JSON) \(format2(alone.report)) s\n")
        let daemon = GriddProcess(directory: directory)
        daemon.launch()
        daemon.waitUntilReady()
        defer { daemon.terminate() }
        let socket = directory + "/gridd.sock"
        let query: JSONObject = ["from": .string(from.description), "to": .string(now.description), "by": "community"]

        // Warm-up: the first report reads the database into the page cache.
        _ = timeReport(socket: socket, query: query)
        var seconds: [Double] = []
        for _ in 0..<rounds { seconds.append(timeReport(socket: socket, query: query).seconds) }
        let sample = timeReport(socket: socket, query: query)
        writeDiagnostic("  report rounds: \(seconds.map { format1($0) }.joined(separator: " ")) s; \(sample.summary)\n")
        report.add(.init(
            name: "report over \(count) incidents (a year, by community)", value: "\(format2(median(seconds))) s",
            baseline: "—", ratio: "—", target: "≤ 5 s"))

        // Submit latency with and without reports, alternating, so that the rest of the machine
        // weighs on both alike; medians over the rounds.
        var quiet: [Latencies] = []
        var busy: [Latencies] = []
        for round in 0..<3 {
            quiet.append(submitLatencies(socket: socket, seconds: quick ? 4 : 8, round: 2 * round) { _ in })
            busy.append(submitLatencies(socket: socket, seconds: quick ? 4 : 8, round: 2 * round + 1) { stop in
                var reports = 0
                while !stop.isSet {
                    _ = timeReport(socket: socket, query: query)
                    reports += 1
                }
                writeDiagnostic("  \(reports) report(s) ran during round \(round) of busy submits\n")
            })
            writeDiagnostic("  round \(round): no report p50 \(format2(quiet[round].p50)) p99 \(format2(quiet[round].p99)) max \(format2(quiet[round].max)) ms; reports p50 \(format2(busy[round].p50)) p99 \(format2(busy[round].p99)) max \(format2(busy[round].max)) ms\n")
        }
        func summary(_ rounds: [Latencies]) -> String {
            "p50 \(format2(median(rounds.map(\.p50)))) ms, p99 \(format2(median(rounds.map(\.p99)))) ms, max \(format2(median(rounds.map(\.max)))) ms (\(formatRate(median(rounds.map(\.rate)))))"
        }
        report.add(.init(
            name: "durable submit latency, \(submitClients) clients, reports running back to back", value: summary(busy),
            baseline: summary(quiet) + " with no report",
            ratio: "p99 × \(format2(median(busy.map(\.p99)) / max(median(quiet.map(\.p99)), 0.001)))", target: "intake not stalled"))
    }

    /// The report without the socket: the store pass with an empty body, then the daemon's
    /// `ReportService` (store pass, aggregation, JSON); medians of 3, on a store opened here.
    static func inProcess(database: String, range: ReportRange, city: CityModel) -> (pass: Double, report: Double) {
        var options = StoreOptions()
        options.quickCheckAtOpen = false
        let store = try! IncidentStore(path: database, options: options)
        defer { store.close() }
        let scope = ReportScope(unit: nil, category: nil, periods: ReportPeriods(current: range, calendar: city.lifecycle.calendar))
        let service = ReportService(city: CityModelBox(city), store: store, clock: SystemClock())
        let query = ReportQuery(from: .instant(range.from), to: .instant(range.to), groupBy: .community)
        var pass: [Double] = []
        var report: [Double] = []
        for _ in 0..<3 {
            var start = monotonicSeconds()
            var count = 0
            try! store.reportFacts(scope) { _ in count += 1 }
            pass.append(monotonicSeconds() - start)
            start = monotonicSeconds()
            _ = try! service.report(query).json.serializedBytes()
            report.append(monotonicSeconds() - start)
        }
        return (median(pass), median(report))
    }

    static func format2(_ value: Double) -> String { String((value * 100).rounded() / 100) }

    /// One report over the socket: its wall time and a summary of what it counted.
    static func timeReport(socket: String, query: JSONObject) -> (seconds: Double, summary: String) {
        let connection = try! GridConnection(path: socket, timeoutMilliseconds: 600_000)
        let start = monotonicSeconds()
        let result = try! connection.call("report", query).get()
        let elapsed = monotonicSeconds() - start
        let total = result.objectValue?["total"]?.objectValue
        let summary = ["received", "closed", "due", "paused", "closed_on_time", "on_time_rate", "score"]
            .map { "\($0) \(total?[$0]?.serialized() ?? "?")" }.joined(separator: ", ")
        return (elapsed, summary)
    }

    struct Latencies {
        var p50: Double
        var p99: Double
        var max: Double
        var rate: Double
    }

    /// `submitClients` clients each submitting one report at a time (waiting for its durable
    /// `ok`) for `seconds`, while `alongside` runs on another thread until told to stop.
    static func submitLatencies(
        socket: String, seconds: Double, round: Int, alongside: @escaping @Sendable (StopSignal) -> Void
    ) -> Latencies {
        let stop = StopSignal()
        let samples = Mutex<[Double]>([])
        let finished = DispatchGroup()
        let end = monotonicSeconds() + seconds
        finished.enter()
        Thread {
            alongside(stop)
            finished.leave()
        }.start()
        let clients = DispatchGroup()
        for client in 0..<submitClients {
            clients.enter()
            Thread {
                defer { clients.leave() }
                let connection = try! GridConnection(path: socket)
                var mine: [Double] = []
                var index = 0
                while monotonicSeconds() < end {
                    let report: JSONObject = [
                        "category": "0102", "cell": "320506002001006", "key": .string("lat-\(round)-\(client)-\(index)"),
                        "title": "bench",
                    ]
                    let start = monotonicSeconds()
                    _ = try! connection.call("submit", ["report": .object(report)]).get()
                    mine.append((monotonicSeconds() - start) * 1000)
                    index += 1
                }
                samples.withLock { $0 += mine }
            }.start()
        }
        clients.wait()
        stop.set()
        finished.wait()
        let sorted = samples.withLock { $0 }.sorted()
        guard let last = sorted.last else { return Latencies(p50: 0, p99: 0, max: 0, rate: 0) }
        return Latencies(
            p50: sorted[(sorted.count - 1) / 2], p99: sorted[min(sorted.count - 1, sorted.count * 99 / 100)], max: last,
            rate: Double(sorted.count) / seconds)
    }
}

/// Tells a thread of the bench to stop.
final class StopSignal: Sendable {
    private let flag = Mutex(false)

    var isSet: Bool { flag.withLock { $0 } }
    func set() { flag.withLock { $0 = true } }
}
