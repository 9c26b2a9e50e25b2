import Dispatch
import Foundation
import GridCore
import GridDaemon
import GridSystem
import Glibc

/// What `tail` costs the daemon: durable submits with `tail -f` followers attached (reading, or
/// stalled and never reading) against the same traffic with none, in the same run; and the cost
/// of handing one log line to the broadcaster against formatting that line.
enum TailBench {
    static let followers = 4

    static func run(quick: Bool, into report: inout BenchReport) {
        let perClient = quick ? 1000 : 5000
        var plain: [Double] = []
        var reading: [Double] = []
        var stalled: [Double] = []
        for round in 0..<(quick ? 2 : 3) {
            plain.append(SubmitBench.measure(round: round, perClient: perClient, op: "submit"))
            reading.append(SubmitBench.measure(round: round, perClient: perClient, op: "submit") { attach($0, reading: true) })
            stalled.append(SubmitBench.measure(round: round, perClient: perClient, op: "submit") { attach($0, reading: false) })
        }
        let base = median(plain)
        for (name, rates) in [("reading", reading), ("stalled (never reading)", stalled)] {
            let rate = median(rates)
            report.add(.init(
                name: "durable submits with \(followers) tail -f followers, \(name)", value: formatRate(rate),
                baseline: "\(formatRate(base)) with none", ratio: "\(format1(rate / base * 100))%", target: "≈ 100%"))
        }
        let lines = quick ? 200_000 : 1_000_000
        let format = median((0..<3).map { _ in formatNanoseconds(lines: lines) })
        for subscribers in [0, 8] {
            let publish = median((0..<3).map { _ in publishNanoseconds(lines: lines, subscribers: subscribers) })
            report.add(.init(
                name: "tail publish per log line, \(subscribers) stalled followers", value: "\(format1(publish)) ns",
                baseline: "\(format1(format)) ns formatting the line", ratio: "\(format1(publish / format * 100))%", target: "—"))
        }
    }

    /// Opens the followers on the daemon at `socket`; returns what closes them.
    static func attach(_ socket: String, reading: Bool) -> () -> Void {
        var descriptors: [FileDescriptor] = []
        let finished = DispatchGroup()
        for _ in 0..<followers {
            let fd = try! UnixSocket.connect(path: socket)
            try! fd.writeAll(Array(#"{"id":1,"op":"tail","follow":true,"backlog":0}"#.utf8) + [0x0A])
            descriptors.append(fd)
            guard reading else { continue }
            finished.enter()
            Thread {
                defer { finished.leave() }
                var chunk = [UInt8](repeating: 0, count: 1 << 16)
                while chunk.withUnsafeMutableBytes({ (try? fd.read(into: $0)) ?? 0 }) > 0 {}
            }.start()
        }
        return {
            // Shutting down (not closing) ends the readers' reads; then the descriptors go.
            for fd in descriptors { shutdown(fd.rawValue, Int32(SHUT_RDWR)) }
            finished.wait()
            for fd in descriptors { fd.close() }
        }
    }

    static func sampleLine(_ index: Int) -> LogLine {
        LogLine(.info, "dispatched", [
            ("id", String(index)), ("tier", "community"), ("unit", "320506002001"), ("cell", "320506002001006"),
            ("category", "0102"), ("priority", "normal"), ("state", "dispatched"), ("actor", "bench(1000)"),
            ("method", "cell"), ("source", "socket"), ("ack_due", "2026-11-30T02:30:00.000Z"),
        ])
    }

    /// Nanoseconds per line to format it as DispatchLog does (the work every line costs already).
    static func formatNanoseconds(lines: Int) -> Double {
        var bytes = 0
        let start = monotonicSeconds()
        for index in 0..<lines {
            bytes &+= "ts=2026-11-28T12:37:39.917+08:00 \(sampleLine(index).body())\n".utf8.count
        }
        let elapsed = monotonicSeconds() - start
        precondition(bytes > 0)
        return elapsed / Double(lines) * 1e9
    }

    /// Nanoseconds per line to publish it: read out its filter fields (and serialize it while
    /// anyone follows), then the ring and every subscriber's filter and queue.
    static func publishNanoseconds(lines: Int, subscribers: Int) -> Double {
        let broadcaster = LogBroadcaster()
        for _ in 0..<subscribers { _ = broadcaster.subscribe(TailFilter(TailQuery()), backlog: 0, follow: true) }
        let prepared = (0..<1000).map(sampleLine)
        let start = monotonicSeconds()
        for index in 0..<lines {
            // As DispatchLog does: serialized once, up front, while anyone follows.
            let line = TailLine(prepared[index % prepared.count], timestamp: "2026-11-28T12:37:39.917+08:00", serializing: broadcaster.hasFollowers)
            broadcaster.publish(line)
        }
        return (monotonicSeconds() - start) / Double(lines) * 1e9
    }
}
