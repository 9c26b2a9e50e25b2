import Foundation
import GridClient
import GridCore
import GridDaemon
import GridStore
import GridSystem
import GridTesting
import Glibc

/// How cost grows with the database (issue 17): `grid-bench growth [--sizes 0,1000000,10000000]
/// [--quick]`. For each size, a database of that many incidents with a year of histories
/// (`StoreSeeder.incidentHistories`, each with a random idempotency key as gateways send them),
/// its size on disk, the real gridd's start-up to ready on it (first start, which runs
/// quick_check, and after a clean stop), durable intake (8 pipelining clients: the submit
/// scenario's traffic) and submit ack latency (8 clients one at a time), `list`, `show` and
/// `status` latency. Every figure beside the same figure at size 0 measured in the same run:
/// what should be flat (indexes) must stay near 1×, and nothing may grow faster than the size.
///
/// It prints its own table (one column per size), not a row of `BenchReport`.
/// `GRID_BENCH_GROWTH_DIR` keeps the seeded databases (DIR/SIZE/) and reuses them.
enum GrowthBench {
    static let million = 1_000_000
    static let clients = 8

    /// One size's database and daemon.
    final class Column {
        let size: Int
        let directory: String
        let kept: Bool
        let setup: BenchDaemonSetup
        var figures = GrowthFigures()
        var daemon: GriddProcess?

        init(size: Int, keptIn keptDirectory: String?) {
            self.size = size
            kept = keptDirectory != nil && size > 0
            if let keptDirectory, size > 0 {
                directory = keptDirectory + "/\(size)"
                try? Files.makeDirectories(directory)
            } else {
                directory = makeTemporaryDirectory()
            }
            setup = BenchDaemonSetup(directory: directory)
        }

        var database: String { directory + "/gridd.sqlite" }
        var socket: String { directory + "/gridd.sock" }
    }

    /// Seeds every size first, then starts a gridd on each and keeps them all running, so that
    /// the traffic alternates between the sizes round by round: the load of the shared machine
    /// weighs on every size alike.
    static func run(_ arguments: [String], quick: Bool) {
        var sizes = quick ? [0, 200_000] : [0, million]
        if let index = arguments.firstIndex(of: "--sizes"), index + 1 < arguments.count {
            sizes = arguments[index + 1].split(separator: ",").compactMap { Int($0) }
        }
        let work = GrowthWorkload(quick: quick)
        let kept = Files.environment("GRID_BENCH_GROWTH_DIR")
        var loads = ["at the start: \(loadAverage())"]
        let columns = sizes.map { Column(size: $0, keptIn: kept) }
        for column in columns { prepare(column) }
        loads.append("after seeding: \(loadAverage())")
        for column in columns { start(column) }
        // The reads first, on the seeded database alone (the traffic's rows would be the newest,
        // and a list walking ids newest first would walk them), then the traffic.
        for column in columns { column.figures.reads = work.reads(socket: column.socket, size: column.size, setup: column.setup) }
        for round in 0..<work.rounds {
            for column in columns { work.round(round, socket: column.socket, size: column.size, into: &column.figures) }
        }
        for column in columns {
            let memory = column.daemon.map { ProcessMemory.of(pid: $0.process.processIdentifier) }
            column.figures.residentMB = Double(memory??.residentKiB ?? 0) / 1024
            column.figures.anonymousMB = Double(anonymousKiB(pid: column.daemon?.process.processIdentifier ?? 0)) / 1024
        }
        loads.append("at the end: \(loadAverage())")
        for column in columns {
            column.daemon?.terminate()
            if !column.kept { removeTree(column.directory) }
        }
        var text = "- machine: \(MachineDescription.current())\n"
        text += "- build: \(BenchCommand.isDebugBuild ? "debug (figures are not representative; use -c release)" : "release")\n"
        text += "- load average (1, 5, 15 min) " + loads.joined(separator: "; ") + "\n"
        text += "- \(work.summary)\n\n"
        text += GrowthTable.markdown(columns.map { ($0.size, $0.figures) })
        writeDiagnostic(text, to: .standardOutput)
    }

    /// Seeds the database (unless kept from an earlier run) and measures it on disk.
    static func prepare(_ column: Column) {
        writeDiagnostic("growth: \(column.size) incidents in \(column.directory)\n")
        if column.size > 0, !Files.exists(column.database) {
            let start = monotonicSeconds()
            seed(database: column.database, count: column.size, setup: column.setup)
            column.figures.seedSeconds = monotonicSeconds() - start
            writeDiagnostic("  seeded in \(format1(column.figures.seedSeconds ?? 0)) s\n")
        }
        column.figures.databaseBytes = fileSize(column.database) + fileSize(column.database + "-wal")
    }

    /// The first start (without the clean-stop marker: it runs quick_check), a clean stop, and
    /// the start after it; that daemon stays running.
    static func start(_ column: Column) {
        unlink(column.database + ".clean-shutdown")
        let first = GriddProcess(directory: column.directory, configPath: column.setup.configPath)
        column.figures.firstStart = timedStart(first)
        first.terminate()
        let daemon = GriddProcess(directory: column.directory, configPath: column.setup.configPath)
        column.figures.cleanStart = timedStart(daemon)
        column.daemon = daemon
        writeDiagnostic("  \(column.size): start-up first \(format2(column.figures.firstStart)) s, after a clean stop \(format2(column.figures.cleanStart)) s\n")
    }

    static func timedStart(_ daemon: GriddProcess) -> Double {
        let start = monotonicSeconds()
        daemon.launch()
        daemon.waitUntilReady(timeoutSeconds: 1800)
        return monotonicSeconds() - start
    }

    /// `count` incidents with a year of histories, a million per transaction (each chunk a
    /// successive part of the year), then a random key on each (`key_uid` its creator's uid), as
    /// a gateway's reports carry: the idempotency index is then as large as the table.
    static func seed(database: String, count: Int, setup: BenchDaemonSetup) {
        let year: Int64 = 365 * 86_400_000
        let from = SystemClock().now().adding(milliseconds: -year - 3 * 86_400_000)
        let chunks = max(1, (count + million - 1) / million)
        let communities = setup.city.map.units(at: .community).map(\.code)
        let categories = categories(setup).seeded
        for chunk in 0..<chunks {
            let rows = min(million, count - chunk * million)
            let ids = try! StoreSeeder.incidentHistories(
                path: database, count: rows, from: from.adding(milliseconds: year * Int64(chunk) / Int64(chunks)),
                spanMilliseconds: year / Int64(chunks), communities: communities, categories: categories)
            guard let ids else { continue }
            let connection = try! Connection(path: database)
            try! connection.execute("""
                BEGIN IMMEDIATE;
                UPDATE incidents SET key_uid = created_uid, key = lower(hex(randomblob(8)))
                WHERE id BETWEEN \(ids.lowerBound) AND \(ids.upperBound);
                COMMIT
                """)
            connection.close()
            writeDiagnostic("  seeded \(ids.upperBound) incidents\n")
        }
    }

    /// The configured categories: every one but the last is seeded; the last has no incident
    /// (a category nobody reported in the year: `list --category` of it is the worst case).
    static func categories(_ setup: BenchDaemonSetup) -> (seeded: [String], unused: String) {
        let all = setup.city.config.categories.categories.keys.sorted()
        return (Array(all.dropLast()), all.last ?? "0102")
    }

    /// RssAnon of /proc/PID/status, in KiB.
    static func anonymousKiB(pid: Int32) -> Int {
        guard let bytes = try? Files.read("/proc/\(pid)/status", limit: 1 << 16) else { return 0 }
        let line = String(decoding: bytes, as: UTF8.self).split(separator: "\n").first { $0.hasPrefix("RssAnon:") }
        return line.flatMap { Int($0.split(separator: " ").dropFirst().first ?? "") } ?? 0
    }

    static func fileSize(_ path: String) -> Int64 {
        var info = stat()
        return stat(path, &info) == 0 ? Int64(info.st_size) : 0
    }

    static func loadAverage() -> String {
        guard let bytes = try? Files.read("/proc/loadavg", limit: 4096) else { return "?" }
        return String(decoding: bytes, as: UTF8.self).split(separator: " ").prefix(3).joined(separator: " ")
    }

    /// 1000000 → "1,000,000".
    static func grouped(_ value: Int) -> String {
        var digits = String(value)
        var index = digits.count - 3
        while index > 0 {
            digits.insert(",", at: digits.index(digits.startIndex, offsetBy: index))
            index -= 3
        }
        return digits
    }
}
