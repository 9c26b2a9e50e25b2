import Glibc

/// RLIMIT_NOFILE: how many descriptors the process may hold. The soft limit is 1024 by default
/// (for select(2)'s sake), far below what a server with a thousand clients needs; the hard limit
/// is what the administrator (or systemd's `LimitNOFILE=`) allows, and a process may raise its
/// own soft limit up to it.
public enum OpenFileLimit {
    public struct Limits: Sendable, Equatable {
        public var soft: UInt64
        public var hard: UInt64

        public init(soft: UInt64, hard: UInt64) {
            self.soft = soft
            self.hard = hard
        }
    }

    /// The current soft and hard limits (RLIM_INFINITY is returned as `UInt64.max`).
    public static func current() throws(Errno) -> Limits {
        var limit = rlimit()
        _ = try retryingInterrupts("getrlimit(RLIMIT_NOFILE)") { getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit) }
        return Limits(soft: UInt64(limit.rlim_cur), hard: UInt64(limit.rlim_max))
    }

    /// Sets both limits (raising the hard limit needs CAP_SYS_RESOURCE).
    public static func set(_ limits: Limits) throws(Errno) {
        var limit = rlimit(rlim_cur: rlim_t(limits.soft), rlim_max: rlim_t(limits.hard))
        _ = try retryingInterrupts("setrlimit(RLIMIT_NOFILE, \(limits.soft))") {
            setrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit)
        }
    }

    /// Raises the soft limit to the hard limit (no call when they are equal). Returns the limits
    /// before and after.
    @discardableResult
    public static func raiseSoftToHard() throws(Errno) -> (before: Limits, after: Limits) {
        let before = try current()
        guard before.soft < before.hard else { return (before, before) }
        let after = Limits(soft: before.hard, hard: before.hard)
        try set(after)
        return (before, after)
    }
}
