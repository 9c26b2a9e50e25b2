import GridClient
import GridCore
import GridDaemon
import GridSystem
import GridTesting

/// What `GrowthBench` measured at one size.
struct GrowthFigures {
    struct Read {
        var name: String
        var milliseconds: Double
        /// Incidents listed, or events shown (nil for status).
        var rows: Int?
    }

    var seedSeconds: Double?
    var databaseBytes: Int64 = 0
    var firstStart = 0.0
    var cleanStart = 0.0
    var submitRates: [Double] = []
    var ackP50s: [Double] = []
    var ackP99s: [Double] = []
    var reads: [Read] = []
    var residentMB = 0.0
    /// RssAnon: the daemon's own memory, without the database pages it maps (RssFile).
    var anonymousMB = 0.0
}

/// The reads and the traffic `GrowthBench` runs against gridd at each size, the same at every
/// size: the reads first, on the database as seeded (plus one report), then the traffic.
///
/// It exists to keep the workload in one place, apart from the seeding and start-up timing.
struct GrowthWorkload {
    let pipelinedPerClient: Int
    let oneAtATimePerClient: Int
    let rounds = 3
    let samples = 11
    /// Keys unique to this run (a kept database already holds the keys of earlier runs).
    let runTag = "g\(SystemClock().now().milliseconds)"

    init(quick: Bool) {
        pipelinedPerClient = quick ? 500 : 2000
        oneAtATimePerClient = quick ? 100 : 250
    }

    var summary: String {
        "per size: \(rounds) rounds of \(GrowthBench.clients) × \(pipelinedPerClient) pipelined durable submits, each followed by "
            + "\(GrowthBench.clients) × \(oneAtATimePerClient) submits one at a time (medians of the rounds); each read "
            + "once to warm up, then the median of \(samples)"
    }

    /// One round at one size: pipelined submits (the rate), then submits one at a time (p50, p99).
    func round(_ round: Int, socket: String, size: Int, into figures: inout GrowthFigures) {
        let tag = "\(runTag)-\(size)-\(round)"
        let traffic = PipelinedClients.run(socket: socket, clients: GrowthBench.clients, perClient: pipelinedPerClient) { client, index in
            PipelinedClients.submitRequest(id: index, key: "\(tag)-\(client)-\(index)")
        }
        precondition(traffic.failures == 0, "growth: \(traffic.failures) submits failed")
        let rate = Double(GrowthBench.clients * pipelinedPerClient) / traffic.seconds
        let latencies = LoadBench.submitLatencies(socket: socket, perClient: oneAtATimePerClient, tag: tag + "-one")
        figures.submitRates.append(rate)
        figures.ackP50s.append(latencies.p50)
        figures.ackP99s.append(latencies.p99)
        writeDiagnostic("  \(size), round \(round): \(formatRate(rate)) pipelined; one at a time p50 \(format2(latencies.p50)) ms, p99 \(format2(latencies.p99)) ms\n")
    }

    /// `list` (newest 100; red; one community; one category), `show`, `status`. The community and
    /// the category are seeded ones other than the submits' (320506002001, 0102), so that at a
    /// size above 0 what they list comes from the seeded history, not from this run's submits.
    func reads(socket: String, size: Int, setup: BenchDaemonSetup) -> [GrowthFigures.Read] {
        let community = setup.city.map.units(at: .community).map(\.code.rawValue).first { $0 != "320506002001" } ?? "320506002001"
        let categories = GrowthBench.categories(setup)
        let category = categories.seeded.first { $0 != "0102" } ?? "0102"
        // A seeded incident from the middle of the year; at size 0, one submitted now (at every
        // size, so that each database holds the same one report more than it was seeded with).
        let probe = try! GridConnection(path: socket).call("submit", [
            "report": ["category": "0102", "cell": "320506002001006", "key": .string("\(runTag)-probe")],
        ]).get()
        let incident = size > 0 ? Int64(size / 2) : probe.objectValue?["id"]?.intValue ?? 1
        let queries: [(name: String, op: String, fields: JSONObject)] = [
            ("list (newest 100)", "list", JSONObject()),
            ("list --overdue (100)", "list", ["overdue": .bool(true)]),
            ("list --unit \(community) (100)", "list", ["unit": .string(community)]),
            ("list --category \(category) (100)", "list", ["category": .string(category)]),
            ("list --category \(categories.unused) (none stored: the worst case)", "list", ["category": .string(categories.unused)]),
            ("show ID (the middle of the seeded ids; at 0 the one report)", "show", ["incident": .int(incident)]),
            ("status", "status", JSONObject()),
        ]
        let connection = try! GridConnection(path: socket, timeoutMilliseconds: 600_000)
        return queries.map { query in
            var times: [Double] = []
            var rows: Int?
            for sample in 0...samples {
                let start = monotonicSeconds()
                let result = try! connection.call(query.op, query.fields).get()
                if sample > 0 { times.append((monotonicSeconds() - start) * 1000) }
                let object = result.objectValue
                rows = (object?["count"]?.intValue).map { Int($0) } ?? object?["events"]?.arrayValue?.count
            }
            writeDiagnostic("  \(size): \(query.name): \(format2(median(times))) ms (\(rows.map(String.init) ?? "-") rows)\n")
            return GrowthFigures.Read(name: query.name, milliseconds: median(times), rows: rows)
        }
    }
}

/// The Markdown table of `GrowthBench`: one column per size, then each size's ratio to the
/// first (size 0: the same-run baseline) and, with three sizes or more, the last to the one
/// before it (how much a tenfold database costs).
enum GrowthTable {
    struct Row {
        var name: String
        var values: [Double?]
        var cells: [String]
    }

    static func markdown(_ columns: [(size: Int, figures: GrowthFigures)]) -> String {
        guard let first = columns.first else { return "" }
        let sizes = columns.map(\.size)
        let all = columns.map(\.figures)
        func row(_ name: String, _ value: (GrowthFigures) -> Double?, _ format: (Double) -> String) -> Row {
            let values = all.map(value)
            return Row(name: name, values: values, cells: values.map { $0.map(format) ?? "—" })
        }
        var rows: [Row] = [
            row("seeding a year of histories, keys included", { $0.seedSeconds }) { "\(format1($0)) s" },
            row("database file + WAL", { Double($0.databaseBytes) / 1e6 }) { "\(format1($0)) MB" },
            Row(name: "bytes per 1,000,000 incidents", values: sizes.map { _ in nil }, cells: columns.map {
                $0.size > 0 ? "\(format1(Double($0.figures.databaseBytes) / Double($0.size) * 1_000_000 / 1e6)) MB" : "—"
            }),
            row("start-up to ready, first start (runs quick_check)", { $0.firstStart }) { "\(format2($0)) s" },
            row("start-up to ready after a clean stop", { $0.cleanStart }) { "\(format2($0)) s" },
            row("durable submits, \(GrowthBench.clients) pipelining clients", { median($0.submitRates) }) { formatRate($0) },
            row("submit ack p50, \(GrowthBench.clients) clients one at a time", { median($0.ackP50s) }) { "\(format2($0)) ms" },
            row("submit ack p99, same runs", { median($0.ackP99s) }) { "\(format2($0)) ms" },
        ]
        for (index, read) in first.figures.reads.enumerated() {
            let values = all.map { index < $0.reads.count ? $0.reads[index].milliseconds : nil }
            let cells = all.map { index < $0.reads.count ? cell($0.reads[index]) : "—" }
            rows.append(Row(name: read.name + " — median ms (rows)", values: values, cells: cells))
        }
        rows.append(row("gridd resident memory after the run (VmRSS, mapped database pages included)", { $0.residentMB }) { "\(format1($0)) MB" })
        rows.append(row("of it, gridd's own memory (RssAnon)", { $0.anonymousMB }) { "\(format1($0)) MB" })

        let later = sizes.dropFirst().map { "\(GrowthBench.grouped($0)) ÷ \(GrowthBench.grouped(first.size))" }
        let tenfold = sizes.count >= 3 ? ["\(GrowthBench.grouped(sizes[sizes.count - 1])) ÷ \(GrowthBench.grouped(sizes[sizes.count - 2]))"] : []
        let header = ["measure"] + sizes.map { "\(GrowthBench.grouped($0)) incidents" } + later + tenfold
        var text = "| " + header.joined(separator: " | ") + " |\n|" + String(repeating: " --- |", count: header.count) + "\n"
        for row in rows {
            var cells = [row.name] + row.cells
            cells += row.values.indices.dropFirst().map { ratio(row.values[$0], row.values[0]) }
            if sizes.count >= 3 { cells.append(ratio(row.values[sizes.count - 1], row.values[sizes.count - 2])) }
            text += "| " + cells.joined(separator: " | ") + " |\n"
        }
        return text
    }

    static func cell(_ read: GrowthFigures.Read) -> String {
        "\(format2(read.milliseconds)) ms" + (read.rows.map { " (\($0))" } ?? "")
    }

    static func ratio(_ value: Double?, _ base: Double?) -> String {
        guard let value, let base, base > 0 else { return "—" }
        return "\(format2(value / base))×"
    }
}
