import GridSystem
import Glibc

/// Runs every benchmark and prints a Markdown report: each figure as a median of several rounds,
/// beside a baseline measured in the same run, so that a noisy shared machine still gives
/// comparable ratios.
enum BenchCommand {
    static func run(_ arguments: [String]) {
        let quick = arguments.contains("--quick")
        let only = arguments.first { !$0.hasPrefix("--") }
        // How cost grows with the database: its own table, one column per size (not in the full run).
        if only == "growth" { return GrowthBench.run(arguments, quick: quick) }
        var report = BenchReport()
        report.note("machine", MachineDescription.current())
        report.note("build", isDebugBuild ? "debug (figures are not representative; use -c release)" : "release")
        if only == nil || only == "lookup" { LookupBench.run(quick: quick, into: &report) }
        if only == nil || only == "submit" { SubmitBench.run(quick: quick, into: &report) }
        if only == nil || only == "batch" { BatchSubmitBench.run(quick: quick, into: &report) }
        if only == nil || only == "tail" { TailBench.run(quick: quick, into: &report) }
        if only == nil || only == "spool" { SpoolBench.run(quick: quick, into: &report) }
        if only == "transitions" {
            for batch in [512, 2048, 8192] {
                writeDiagnostic("store-only timer transitions, batch \(batch): \(formatRate(TransitionProbe.rate(count: 20_000, batch: batch)))\n")
            }
        }
        if only == "burst" {
            // The burst alone, for profiling the escalation path: `grid-bench burst [COUNT]`.
            let count = arguments.dropFirst().first.flatMap { Int($0) } ?? 100_000
            let burst = DeadlineBench.fire(count: count, spreadMilliseconds: 999)
            writeDiagnostic("burst of \(count): \(formatRate(burst.rate)) escalations (\(formatRate(burst.perCPUSecond)) per CPU-second of gridd), lateness p99 \(burst.p99) ms, median \(burst.median) ms\n")
        }
        if only == "intake" {
            // The durable submit rounds alone, no baselines, for profiling the intake path:
            // `grid-bench intake [BATCH]` (8 pipelining clients, 5000 reports each per round).
            let batch = arguments.dropFirst().first.flatMap { Int($0) } ?? 1
            for round in 0..<3 {
                let result = SubmitBench.measureRound(round: round, perClient: 5000, op: "submit", batch: batch)
                writeDiagnostic("intake round \(round): \(formatRate(result.rate)) reports\n")
            }
        }
        if only == "raw" {
            for _ in 0..<5 {
                let raw = RawInsertBaseline.measure(rows: 40_000, batch: 450)
                writeDiagnostic("raw: \(formatRate(raw.rate)), \(format1(raw.cpuMicros)) µs per row\n")
            }
        }
        if only == "ack" {
            // One submit at a time alone, beside the bare commit, for profiling: `grid-bench ack [PER_CLIENT]`.
            let perClient = arguments.dropFirst().first.flatMap { Int($0) } ?? 250
            for round in 0..<3 { LoadBench.printAckRound(round: round, perClient: perClient) }
        }
        if only == nil || only == "deadlines" { DeadlineBench.run(quick: quick, into: &report) }
        // list --overdue / --near-deadline on a million incidents (printed, not in the table).
        if only == "lights" { LightListBench.run(quick: quick) }
        // Seeding a million histories takes a minute or two of the full run.
        if only == nil || only == "report" { ReportBench.run(quick: quick, into: &report) }
        if only == nil || only == "load" { LoadBench.run(quick: quick, into: &report) }
        writeDiagnostic(report.markdown(), to: .standardOutput)
    }

    static var isDebugBuild: Bool {
        #if DEBUG
            return true
        #else
            return false
        #endif
    }
}

/// Monotonic seconds, for timing.
func monotonicSeconds() -> Double { Double(SystemClocks.monotonicNanoseconds()) / 1e9 }

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return 0 }
    return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

/// The rows of the report.
struct BenchReport {
    struct Row {
        var name: String
        var value: String
        var baseline: String
        var ratio: String
        var target: String
    }

    private(set) var notes: [(String, String)] = []
    private(set) var rows: [Row] = []

    mutating func note(_ key: String, _ value: String) { notes.append((key, value)) }
    mutating func add(_ row: Row) {
        rows.append(row)
        writeDiagnostic("  \(row.name): \(row.value) (baseline \(row.baseline), ratio \(row.ratio))\n")
    }

    func markdown() -> String {
        var text = ""
        for (key, value) in notes { text += "- \(key): \(value)\n" }
        text += "\n| benchmark | median | baseline (same run) | ratio | target |\n| --- | --- | --- | --- | --- |\n"
        for row in rows { text += "| \(row.name) | \(row.value) | \(row.baseline) | \(row.ratio) | \(row.target) |\n" }
        return text
    }
}

/// What the numbers were measured on.
enum MachineDescription {
    static func current() -> String {
        var cpu = "unknown CPU"
        if let text = try? Files.read("/proc/cpuinfo", limit: 1 << 20) {
            let lines = String(decoding: text, as: UTF8.self).split(separator: "\n")
            if let model = lines.first(where: { $0.hasPrefix("model name") }), let colon = model.firstIndex(of: ":") {
                cpu = model[model.index(after: colon)...].trimmingCharacters(in: " \t")
            }
        }
        let cores = sysconf(Int32(_SC_NPROCESSORS_ONLN))
        let memory = Double(sysconf(Int32(_SC_PHYS_PAGES)) * sysconf(Int32(_SC_PAGESIZE))) / Double(1 << 30)
        var name = utsname()
        uname(&name)
        let kernel = withUnsafeBytes(of: &name.release) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        return "\(cpu), \(cores) cores, \(String(format1(memory))) GiB, Linux \(kernel)"
    }
}

func format1(_ value: Double) -> String {
    let scaled = (value * 10).rounded() / 10
    return String(scaled)
}

func formatRate(_ perSecond: Double) -> String {
    if perSecond >= 1_000_000 { return "\(format1(perSecond / 1_000_000)) M/s" }
    if perSecond >= 1000 { return "\(format1(perSecond / 1000)) k/s" }
    return "\(format1(perSecond))/s"
}

extension Substring {
    func trimmingCharacters(in set: String) -> String {
        var slice = self
        while let first = slice.first, set.contains(first) { slice = slice.dropFirst() }
        while let last = slice.last, set.contains(last) { slice = slice.dropLast() }
        return String(slice)
    }
}
