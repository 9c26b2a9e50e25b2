/// When a connection stops and starts taking requests: it takes one while fewer than the
/// in-flight limit are unanswered and less than `maxUnsentBytes` of responses wait to be
/// written, and after stopping takes more once the client has caught up to half of both.
///
/// The in-flight limit is about `maxUnsentBytes` of responses, judged by the largest response
/// lately (at most `maxInFlight`, at least 1) — so a client that pipelines and never reads costs
/// the daemon about twice `maxUnsentBytes`, not everything it sends.
struct BackPressure {
    let maxInFlight: Int
    let maxUnsentBytes: Int
    /// The largest response lately: it jumps to a larger one and shrinks by an eighth with each
    /// smaller one (never below 256 bytes). It starts at 16 KiB, so that a first burst of
    /// requests of unknown cost (64 of them) cannot pile up much more than `maxUnsentBytes`.
    private(set) var responseSizeEstimate = 16384

    init(maxInFlight: Int, maxUnsentBytes: Int) {
        self.maxInFlight = maxInFlight
        self.maxUnsentBytes = maxUnsentBytes
    }

    /// How many requests may be unanswered: about `maxUnsentBytes` of responses, 1 to `maxInFlight`.
    var inFlightLimit: Int { min(maxInFlight, max(1, maxUnsentBytes / responseSizeEstimate)) }

    /// Whether another request may be taken now.
    func hasRoom(unanswered: Int, unsentBytes: Int) -> Bool {
        unanswered < inFlightLimit && unsentBytes < maxUnsentBytes
    }

    /// Whether a held-back connection may take requests again.
    func hasCaughtUp(unanswered: Int, unsentBytes: Int) -> Bool {
        unanswered <= inFlightLimit / 2 && unsentBytes <= maxUnsentBytes / 2
    }

    /// A response of `bytes` was answered.
    mutating func noteResponse(bytes: Int) {
        responseSizeEstimate = max(256, bytes, responseSizeEstimate - responseSizeEstimate / 8)
    }
}
