import Dispatch
import Foundation
import GridClient
import GridCore
import GridDaemon
import GridSystem
import Glibc

/// Spool throughput from new/ to committed: an in-process daemon on a temporary directory starts
/// with the files already waiting in spool/new (as after downtime), and the clock runs until
/// new/ is empty (a file is removed only after every report in it is committed). Two shapes:
/// 20,000 single-report files, and 200 JSON Lines files of 100 reports. The baseline is a bare
/// loop over identical files: open, read, close, unlink (no parsing, no store).
enum SpoolBench {
    static func run(quick: Bool, into report: inout BenchReport) {
        let rounds = quick ? 2 : 3
        let shapes: [(name: String, files: Int, lines: Int, target: String)] = [
            ("spool, single-report files", quick ? 5000 : 20_000, 1, "≥ 10 k reports/s"),
            ("spool, JSON Lines files of 100 reports", quick ? 50 : 200, 100, "—"),
        ]
        for shape in shapes {
            var rates: [Double] = []
            var baselines: [Double] = []
            for round in 0..<rounds {
                rates.append(measure(round: round, files: shape.files, lines: shape.lines))
                baselines.append(bareReadUnlink(files: shape.files, lines: shape.lines))
            }
            let rate = median(rates)
            let baseline = median(baselines)
            report.add(.init(
                name: "\(shape.name) (\(shape.files) × \(shape.lines))", value: "\(formatRate(rate)) reports",
                baseline: "\(formatRate(baseline)) reports by bare read+unlink",
                ratio: "\(format1(rate / baseline * 100))% of bare", target: shape.target))
            if shape.lines > 1 { addRawInsertRow(shape.name, rate: rate, reports: shape.files * shape.lines, into: &report) }
        }
    }

    /// Issue 17's goal for JSON Lines files: at least half of what SQLite takes when the same
    /// rows are inserted directly (`RawInsertBaseline`, transactions of 100: one file's reports).
    static func addRawInsertRow(_ name: String, rate: Double, reports: Int, into report: inout BenchReport) {
        let raw = median((0..<3).map { _ in RawInsertBaseline.measure(rows: reports, batch: 100).rate })
        report.add(.init(
            name: "\(name), against raw inserts", value: "\(formatRate(rate)) reports",
            baseline: "\(formatRate(raw)) rows by raw inserts (same rows, transactions of 100)",
            ratio: "\(format1(rate / raw * 100))% of raw", target: "≥ 50% of raw"))
    }

    static func content(file: Int, lines: Int, round: Int) -> [UInt8] {
        var text = ""
        for line in 0..<lines {
            text += #"{"category":"0102","cell":"320506002001006","title":"bench \#(round)-\#(file)-\#(line)"}"# + "\n"
        }
        return Array(text.utf8)
    }

    static func name(_ file: Int, lines: Int) -> String {
        String(format: "b%06d", file) + (lines > 1 ? ".jsonl" : ".json")
    }

    static func place(files: Int, lines: Int, round: Int, in new: String) {
        for file in 0..<files {
            let fd = try! FileDescriptor.open(new + "/" + name(file, lines: lines), O_WRONLY | O_CREAT | O_TRUNC)
            try! fd.writeAll(content(file: file, lines: lines, round: round))
            fd.close()
        }
    }

    /// Files found by a scan are taken once their last change is a second old (a file still
    /// being written in place is not read half-written): let the placed files age past that.
    static func letFilesSettle() {
        usleep(1_100_000)
    }

    /// Starts a daemon with the files waiting; returns reports per second until new/ is empty.
    static func measure(round: Int, files: Int, lines: Int) -> Double {
        let directory = makeTemporaryDirectory()
        defer { removeTree(directory) }
        let setup = BenchDaemonSetup(directory: directory)
        // The database exists already (a daemon ran before): what is timed is the restart with
        // the files waiting, not creating the schema.
        BenchDaemonSetup.stop(setup.startDaemon())
        let layout = SpoolLayout(root: directory + "/spool")
        place(files: files, lines: lines, round: round, in: layout.new)
        letFilesSettle()

        let start = monotonicSeconds()
        let daemon = setup.startDaemon()
        let started = monotonicSeconds() - start
        while Directory.count(layout.new) != 0 { usleep(20_000) }  // a listing of new/ competes with the unlinks: not too often
        let elapsed = monotonicSeconds() - start
        let perCommit = BenchDaemonSetup.commitSummary(daemon).map { ", " + $0 } ?? ""
        BenchDaemonSetup.stop(daemon)
        let rejected = Directory.count(layout.rejected) ?? 0
        precondition(rejected == 0, "spool bench: \(rejected) files were rejected")
        writeDiagnostic("  round \(round): \(files * lines) reports from \(files) files in \(format1(elapsed * 1000)) ms (daemon start \(format1(started * 1000)) ms)\(perCommit)\n")
        return Double(files * lines) / elapsed
    }

    /// The floor: the same files read whole and removed by one thread, nothing else.
    static func bareReadUnlink(files: Int, lines: Int) -> Double {
        let directory = makeTemporaryDirectory()
        defer { removeTree(directory) }
        place(files: files, lines: lines, round: 0, in: directory)
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        var bytes = 0
        let start = monotonicSeconds()
        for file in 0..<files {
            let path = directory + "/" + name(file, lines: lines)
            let fd = try! FileDescriptor.open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK)
            _ = try! fd.status()
            while true {
                let count = buffer.withUnsafeMutableBytes { (try? fd.read(into: $0)) ?? 0 }
                if count == 0 { break }
                bytes += count
            }
            fd.close()
            try! Directory.unlink(path)
        }
        let elapsed = monotonicSeconds() - start
        precondition(bytes > 0)
        return Double(files * lines) / elapsed
    }
}
