import Dispatch

/// Keeps a client that reconnects in a loop from flooding the dispatch log with refusals: the
/// first refusal of each kind (reason and uid) is logged, then at most one every
/// `intervalSeconds`, carrying how many were not logged since (they are all counted in `status`).
struct RefusalLogLimiter {
    static let intervalSeconds: UInt64 = 10
    /// Kinds kept at most; past this the table starts afresh (only the log's rate depends on it).
    static let maxKinds = 4096

    private var kinds: [String: (loggedAt: DispatchTime, suppressed: Int)] = [:]

    /// Whether to log a refusal of this kind now: nil when not, else the number not logged since
    /// the last line of this kind.
    mutating func admit(key: String, now: DispatchTime) -> Int? {
        if let kind = kinds[key] {
            guard now.uptimeNanoseconds >= kind.loggedAt.uptimeNanoseconds + RefusalLogLimiter.intervalSeconds * 1_000_000_000 else {
                kinds[key] = (kind.loggedAt, kind.suppressed + 1)
                return nil
            }
            kinds[key] = (now, 0)
            return kind.suppressed
        }
        if kinds.count >= RefusalLogLimiter.maxKinds { kinds.removeAll() }
        kinds[key] = (now, 0)
        return 0
    }
}
