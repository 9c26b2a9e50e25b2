/// A process's memory as /proc/PID/status reports it (the bench and the load test read the real
/// daemon's this way).
public struct ProcessMemory: Sendable, Equatable {
    /// VmRSS: resident now, in KiB.
    public var residentKiB: Int
    /// VmHWM: the most it was ever resident, in KiB.
    public var peakKiB: Int

    /// Reads /proc/PID/status; nil if the process is gone (or the file unreadable).
    public static func of(pid: Int32) -> ProcessMemory? {
        guard let bytes = try? Files.read("/proc/\(pid)/status") else { return nil }
        var memory = ProcessMemory(residentKiB: 0, peakKiB: 0)
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") {
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard fields.count > 1, let kib = Int(fields[1]) else { continue }
            if line.hasPrefix("VmRSS:") { memory.residentKiB = kib }
            if line.hasPrefix("VmHWM:") { memory.peakKiB = kib }
        }
        return memory
    }
}
