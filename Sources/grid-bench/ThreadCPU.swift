import GridSystem
import Glibc

/// CPU time per thread of a process, from `/proc/PID/task/*/stat`: on two shared cores the
/// wall-clock rates move with other work while a thread's CPU time per request does not, so the
/// escalation work quoted the writer's CPU per escalation and the submit benchmarks quote it per
/// submit (the busiest thread of a run is the group-commit writer). Also a process's total
/// (`/proc/PID/stat`) for the deadline benchmarks.
struct ThreadCPU {
    struct Thread {
        var name: String
        var ticks: Int
    }

    /// utime + stime in clock ticks, by thread id.
    var threads: [Int: Thread]

    static let ticksPerSecond = Double(sysconf(Int32(_SC_CLK_TCK)))

    /// Every thread of `pid` now (`getpid()` for the bench's own, in-process daemon).
    static func snapshot(pid: Int32) -> ThreadCPU {
        var threads: [Int: Thread] = [:]
        guard let directory = opendir("/proc/\(pid)/task") else { return ThreadCPU(threads: [:]) }
        defer { closedir(directory) }
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            guard let tid = Int(name), let stat = read("/proc/\(pid)/task/\(tid)/stat") else { continue }
            threads[tid] = stat
        }
        return ThreadCPU(threads: threads)
    }

    /// User plus system seconds of a process (`/proc/PID/stat`), 0 when it cannot be read.
    static func processSeconds(pid: Int32) -> Double {
        Double(read("/proc/\(pid)/stat")?.ticks ?? 0) / ticksPerSecond
    }

    /// The thread that used the most CPU between `earlier` and `self`: its name and seconds.
    func busiest(since earlier: ThreadCPU) -> (name: String, seconds: Double) {
        let deltas = threads.map { tid, thread in (thread.name, thread.ticks - (earlier.threads[tid]?.ticks ?? 0)) }
        guard let top = deltas.max(by: { $0.1 < $1.1 }) else { return ("-", 0) }
        return (top.0, Double(top.1) / Self.ticksPerSecond)
    }

    /// All threads' CPU between `earlier` and `self`, in seconds.
    func total(since earlier: ThreadCPU) -> Double {
        Double(threads.reduce(0) { $0 + $1.value.ticks - (earlier.threads[$1.key]?.ticks ?? 0) }) / Self.ticksPerSecond
    }

    /// One stat file: the name (in parentheses, may hold spaces) and fields 14 and 15.
    private static func read(_ path: String) -> Thread? {
        guard let bytes = try? Files.read(path) else { return nil }
        let text = String(decoding: bytes, as: UTF8.self)
        guard let open = text.firstIndex(of: "("), let close = text.lastIndex(of: ")") else { return nil }
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 13, let user = Int(fields[11]), let system = Int(fields[12]) else { return nil }
        return Thread(name: String(text[text.index(after: open)..<close]), ticks: user + system)
    }
}
