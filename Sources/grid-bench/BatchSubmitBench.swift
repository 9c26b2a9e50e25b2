/// A gateway's traffic: 8 clients, each pipelining `submit` requests of 50 reports
/// (`reports: [...]`) over its own connection, against raw SQLite inserts of the same rows in the
/// same run (`grid-bench batch`). Every answer arrives after the COMMIT of all its reports.
enum BatchSubmitBench {
    static let batch = 50

    static func run(quick: Bool, into report: inout BenchReport) {
        let perClient = quick ? 1000 : 5000
        var rounds: [SubmitBench.Round] = []
        var rawRuns: [(rate: Double, cpuMicros: Double, commitMilliseconds: [Double])] = []
        // Alternated, so that the machine's other work falls on both alike.
        for round in 0..<(quick ? 2 : 3) {
            rounds.append(SubmitBench.measureRound(round: round, perClient: perClient, op: "submit", batch: batch))
            rawRuns.append(RawInsertBaseline.measure(rows: SubmitBench.clients * perClient, batch: 450))
        }
        let rate = median(rounds.map(\.rate))
        let raw = median(rawRuns.map(\.rate))
        report.add(.init(
            name: "durable batch submits (\(batch) reports each), \(SubmitBench.clients) pipelining clients", value: "\(formatRate(rate)) reports",
            baseline: "\(formatRate(raw)) raw SQLite inserts of the same rows", ratio: "\(format1(rate / raw * 100))% of raw",
            target: "≥ 80%"))
        report.add(.init(
            name: "writer thread CPU per report in batches of \(batch) (busiest thread)",
            value: "\(format1(median(rounds.map(\.writerMicros)))) µs", baseline: "\(format1(median(rawRuns.map(\.cpuMicros)))) µs per raw insert",
            ratio: "—", target: "≤ 12 µs"))
        report.add(RawInsertBaseline.referenceRow(rows: SubmitBench.clients * perClient, against: rate, what: "batches"))
    }
}
