import GridCore
import GridDaemon
import GridStore
import GridSystem
import GridTesting

/// `list --overdue` and `list --near-deadline` on 1,000,000 incidents, the store's read alone
/// (`IncidentStore.incidents(matching:)`, the request's work without the socket), and the
/// statistics of `status` beside them: `grid-bench lights`. Two databases: a year of histories
/// (`StoreSeeder.incidentHistories`: at its end about 110,000 cases are open, all past their case
/// deadline: red) and 1,000,000 pending cases (`StoreSeeder.pendingIncidents`: none red or
/// yellow yet). Baseline in the same run: one pass over the whole table (`count(*)` of a column
/// no index holds), what a list that scanned the table would cost at least.
enum LightListBench {
    static func run(quick: Bool) {
        let count = quick ? 200_000 : 1_000_000
        let year: Int64 = 365 * 86_400_000
        let now = SystemClock().now()
        let setup = BenchDaemonSetup(directory: makeTemporaryDirectory())
        defer { removeTree(setup.directory) }
        measure("a year of histories", count: count, now: now) { path in
            _ = try StoreSeeder.incidentHistories(
                path: path, count: count, from: now.adding(milliseconds: -year - 3 * 86_400_000), spanMilliseconds: year,
                communities: setup.city.map.units(at: .community).map(\.code),
                categories: setup.city.config.categories.categories.keys.sorted())
        }
        measure("pending cases", count: count, now: now) { path in
            _ = try StoreSeeder.pendingIncidents(
                path: path, count: count, dueFrom: now.adding(milliseconds: 86_400_000), spreadMilliseconds: 86_400_000,
                policyJSON: DeadlineBench.policy.json.serialized())
        }
    }

    static func measure(_ name: String, count: Int, now: Timestamp, seed: (String) throws -> Void) {
        let directory = makeTemporaryDirectory()
        defer { removeTree(directory) }
        let path = directory + "/gridd.sqlite"
        let seedStart = monotonicSeconds()
        try! seed(path)
        writeDiagnostic("  \(name): seeded \(count) in \(format1(monotonicSeconds() - seedStart)) s\n")
        let store = try! IncidentStore(path: path)
        defer { store.close() }
        func timed(_ body: () throws -> Int) -> (ms: Double, rows: Int) {
            var times: [Double] = []
            var rows = 0
            for _ in 0..<11 {
                let start = monotonicSeconds()
                rows = try! body()
                times.append((monotonicSeconds() - start) * 1000)
            }
            return (median(times), rows)
        }
        let red = timed { try store.incidents(matching: IncidentFilter(overdueOnly: true, limit: 100, now: now)).count }
        let yellow = timed { try store.incidents(matching: IncidentFilter(nearDeadline: true, limit: 100, now: now)).count }
        let status = timed { try store.statistics(now: now).overdueIncidents }
        let scan = timed {
            let connection = try Connection(path: path)
            defer { connection.close() }
            return Int(try connection.scalarInt("SELECT count(title) FROM incidents") ?? 0)
        }
        writeDiagnostic("""
              list --overdue (100 of them): \(format2(red.ms)) ms (\(red.rows) listed; \(status.rows) red in all)
              list --near-deadline (100): \(format2(yellow.ms)) ms (\(yellow.rows) listed)
              status statistics (one pass over the open cases): \(format2(status.ms)) ms
              baseline, one pass over the table: \(format2(scan.ms)) ms

            """)
    }

    static func format2(_ value: Double) -> String { String((value * 100).rounded() / 100) }
}
