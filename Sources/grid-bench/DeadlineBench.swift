import Foundation
import GridClient
import GridDaemon
import GridCore
import GridStore
import GridSystem
import GridTesting

/// The scheduler under load, with the real gridd binary (built beside grid-bench):
/// start-to-ready and resident memory with 1,000,000 pending deadlines (baseline: the same start
/// on an empty database), and a burst of 100,000 deadlines falling due in the same second
/// (escalations/s, lateness) beside 2,000 deadlines spread over 10 s (lateness outside a burst).
enum DeadlineBench {
    /// Calendar windows at every tier, so that each fired deadline is a real escalation.
    static let policy = IncidentPolicy(
        windows: Dictionary(uniqueKeysWithValues: Tier.allCases.map { ($0, IncidentPolicy.TierWindows(ack: .calendar(1_800_000), resolve: .calendar(14_400_000))) }),
        topTier: .city, warningFraction: 0.8, reminderInterval: .calendar(3_600_000), verificationWindow: .calendar(14_400_000))

    static func run(quick: Bool, into report: inout BenchReport) {
        let pending = quick ? 200_000 : 1_000_000
        let empty = startup(pending: 0)
        let loaded = startup(pending: pending)
        report.add(.init(
            name: "restart to ready after a clean stop, \(pending) pending deadlines", value: "\(format1(loaded.seconds)) s",
            baseline: "\(format1(empty.seconds)) s empty database", ratio: "+\(format1(loaded.seconds - empty.seconds)) s",
            target: "≤ 3 s"))
        report.add(.init(
            name: "restart to ready after kill -9 (runs quick_check), \(pending) pending deadlines",
            value: "\(format1(loaded.afterCrashSeconds)) s", baseline: "\(format1(empty.afterCrashSeconds)) s empty database",
            ratio: "+\(format1(loaded.afterCrashSeconds - empty.afterCrashSeconds)) s", target: "—"))
        report.add(.init(
            name: "resident memory, \(pending) pending deadlines", value: "\(loaded.residentMB) MB (peak \(loaded.peakMB) MB)",
            baseline: "\(empty.residentMB) MB empty database", ratio: "+\(loaded.residentMB - empty.residentMB) MB",
            target: "≤ 300 MB"))

        let burstSize = quick ? 20_000 : 100_000
        let burst = fire(count: burstSize, spreadMilliseconds: 999)
        let sparse = fire(count: 2000, spreadMilliseconds: 10_000)
        report.add(.init(
            name: "burst: \(burstSize) deadlines due in one second", value: "\(formatRate(burst.rate)) escalations",
            baseline: "p99 lateness \(burst.p99) ms, median \(burst.median) ms",
            ratio: "\(formatRate(burst.perCPUSecond)) per CPU-second", target: "≥ 20 k/s"))
        report.add(.init(
            name: "lateness outside a burst (2,000 over 10 s)", value: "p99 \(sparse.p99) ms",
            baseline: "median \(sparse.median) ms", ratio: "—", target: "p99 ≤ 100 ms"))
    }

    struct Startup {
        var seconds: Double
        var afterCrashSeconds: Double
        var residentMB: Int
        var peakMB: Int
    }

    /// Seeds `pending` deadlines a day ahead, starts gridd once and stops it cleanly (as a
    /// deployment would), then times a restart until it answers and reads its memory; then
    /// kills it with SIGKILL and times the restart after the crash.
    static func startup(pending: Int) -> Startup {
        let directory = makeTemporaryDirectory()
        defer { removeTree(directory) }
        let now = SystemClock().now()
        if pending > 0 {
            _ = try! StoreSeeder.pendingIncidents(
                path: directory + "/gridd.sqlite", count: pending, dueFrom: now.adding(milliseconds: 86_400_000),
                spreadMilliseconds: 86_400_000, policyJSON: policy.json.serialized())
        }
        let first = GriddProcess(directory: directory)
        first.launch()
        first.waitUntilReady()
        first.terminate()
        let daemon = GriddProcess(directory: directory)
        let start = monotonicSeconds()
        daemon.launch()
        daemon.waitUntilReady()
        let elapsed = monotonicSeconds() - start
        let memory = daemon.memory()
        daemon.kill()
        let recovered = GriddProcess(directory: directory)
        let crashStart = monotonicSeconds()
        recovered.launch()
        recovered.waitUntilReady()
        let afterCrash = monotonicSeconds() - crashStart
        recovered.terminate()
        return Startup(
            seconds: elapsed, afterCrashSeconds: afterCrash, residentMB: memory.rss / 1024, peakMB: memory.peak / 1024)
    }

    struct Firing {
        var rate: Double
        /// Escalations per second of gridd's CPU time (user + system) during the burst: what the
        /// code costs, less sensitive than `rate` to other work on a shared machine.
        var perCPUSecond: Double
        var median: Int64
        var p99: Int64
    }

    /// Seeds `count` deadlines due 3 s after gridd is ready (within `spreadMilliseconds`), waits
    /// until all have escalated, and reads rate and lateness from the events table.
    static func fire(count: Int, spreadMilliseconds: Int64) -> Firing {
        let directory = makeTemporaryDirectory()
        defer { removeTree(directory) }
        let database = directory + "/gridd.sqlite"
        // Seed with a due time in the future, then start; shift the due time once gridd is ready.
        let seededAt = SystemClock().now()
        let due = seededAt.adding(milliseconds: 8_000)
        _ = try! StoreSeeder.pendingIncidents(
            path: database, count: count, dueFrom: due, spreadMilliseconds: spreadMilliseconds,
            policyJSON: policy.json.serialized())
        let daemon = GriddProcess(directory: directory)
        daemon.launch()
        daemon.waitUntilReady()
        let cpuBefore = daemon.cpuSeconds()
        let deadline = monotonicSeconds() + 120
        while monotonicSeconds() < deadline {
            let fired = (try? daemon.status().objectValue?["deadlines"]?.objectValue?["fired"]?.intValue) ?? nil
            if let fired, fired >= Int64(count) { break }
            usleep(5_000_000)  // status scans every open incident: polling it often would steal a core
        }
        let cpu = daemon.cpuSeconds() - cpuBefore
        daemon.terminate()
        let connection = try! Connection(path: database)
        var lateness: [Int64] = []
        let select = try! connection.prepare("SELECT at - due FROM events WHERE kind = 'escalated' ORDER BY 1")
        while try! select.step() { lateness.append(select.int64(at: 0)) }
        let span = try! connection.scalarInt("SELECT max(at) - min(due) FROM events WHERE kind = 'escalated'") ?? 1
        connection.close()
        precondition(lateness.count == count, "only \(lateness.count) of \(count) deadlines escalated")
        return Firing(
            rate: Double(count) / (Double(max(span, 1)) / 1000), perCPUSecond: Double(count) / max(cpu, 0.001), median: lateness[lateness.count / 2],
            p99: lateness[min(lateness.count - 1, lateness.count * 99 / 100)])
    }
}

/// The real gridd binary on a temporary state directory with the sample config (or `configPath`).
final class GriddProcess {
    let directory: String
    let configPath: String?
    let process = Process()

    init(directory: String, configPath: String? = nil) {
        self.directory = directory
        self.configPath = configPath
    }

    func launch() {
        let root = repositoryRoot()
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("gridd")
        guard FileManager.default.fileExists(atPath: binary.path) else {
            fatalError("\(binary.path) not found: build every product first (swift build -c release)")
        }
        process.executableURL = binary
        process.arguments = ["--config", configPath ?? root + "/Config/gridd.conf", "--state-dir", directory]
        process.standardError = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        try! process.run()
    }

    func waitUntilReady(timeoutSeconds: Double = 60) {
        let deadline = monotonicSeconds() + timeoutSeconds
        while monotonicSeconds() < deadline {
            if (try? GridConnection(path: directory + "/gridd.sock", timeoutMilliseconds: 5000).call("ping").get()) != nil { return }
            usleep(2000)
        }
        fatalError("gridd did not become ready")
    }

    func status() throws -> JSONValue {
        try GridConnection(path: directory + "/gridd.sock").call("status").get()
    }

    /// VmRSS and VmHWM in KiB.
    func memory() -> (rss: Int, peak: Int) {
        let memory = ProcessMemory.of(pid: process.processIdentifier)
        return (memory?.residentKiB ?? 0, memory?.peakKiB ?? 0)
    }

    /// User plus system CPU time so far, from /proc/PID/stat.
    func cpuSeconds() -> Double { ThreadCPU.processSeconds(pid: process.processIdentifier) }

    /// SIGTERM: a clean stop.
    func terminate() {
        process.terminate()
        process.waitUntilExit()
    }

    /// SIGKILL: a crash.
    func kill() {
        Foundation.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}
