import GridCore

/// The escalation policy the crash suite and the escalation fault tests run under, and the
/// drill clock that makes its deadlines fall due quickly.
///
/// Category 0102 starts at the community, so an untouched incident misses four ack windows (超期)
/// and climbs three tiers before it stays at the city, reminded. Every window is calendar time (whole minutes, so the warning
/// at half a window is exact), and the reminder interval is a year: after about 40 drill minutes
/// an incident has nothing left to fire for a year, which is what lets a test wait until "every
/// deadline that exists has passed" and then demand that each fired exactly once.
enum SuitePolicy {
    static let category = "0102"
    static let cell = "320506002001006"
    static let minute: Int64 = 60_000
    static let ack = 10 * minute
    static let resolve = 20 * minute
    static let verify = 20 * minute
    /// 立案时限 of the reports that wait for 立案 (channel resident).
    static let register = 10 * minute
    static let reminder = 365 * 24 * 60 * minute
    /// Drill clock speed: an ack window lasts one real second.
    static let timeScale = 600.0

    static let config = """
        [Policy 0102]
        Ack=10min
        Resolve=20min
        WarningAt=0.5
        ReminderEvery=365d
        VerifyWithin=20min
        TopTier=city
        Register=10min
        [Intake]
        Wait=resident
        """

    /// A report registered at once (no channel: other).
    static func report(key: String) -> JSONObject {
        ["category": .string(category), "cell": .string(cell), "key": .string(key)]
    }

    /// The crash suite's socket reports: one in four comes from a resident and waits for 立案;
    /// which, is a function of its key, so a resubmit is the same report.
    static func waits(key: String) -> Bool { key.utf8.reduce(0) { $0 &+ Int($1) } % 4 == 0 }

    static func mixedReport(key: String) -> JSONObject {
        var report = Self.report(key: key)
        report["channel"] = waits(key: key) ? "resident" : "patrol"
        return report
    }
}

/// One timer event as the model predicts it and as it is stored: its kind, the tier after it,
/// and the deadline it fired for.
struct TimerEventKey: Equatable, CustomStringConvertible {
    var kind: String
    var tier: Int
    var due: Int64

    var description: String { "\(kind)@tier\(tier) due \(Timestamp(milliseconds: due))" }
}

/// An independent model of the timer events `SuitePolicy` produces, written from the policy's
/// rules (not from the daemon's code): a window of length L started at S at tier T warns at
/// S + L/2 and ends at S + L; the end of an ack or resolve window is 超期 — an `overdue` at tier T
/// (the tier that missed it), due S + L — and then, below the city, an `escalated` one tier up
/// with a fresh ack window from S + L (the same due); at the city, the case stays and is
/// reminded every `SuitePolicy.reminder` from S + L on. A register window (立案时限, from receipt)
/// and a verification window warn the same way; their end is charged to the city's centre (an
/// `overdue` at tier 4: the suite has no inspectors, so the centre verifies) and never escalates:
/// the case stays where it stands and is reminded.
enum TimerChain {
    enum Window {
        case register, ack, resolve, verify

        var length: Int64 {
            switch self {
            case .register: return SuitePolicy.register
            case .ack: return SuitePolicy.ack
            case .resolve: return SuitePolicy.resolve
            case .verify: return SuitePolicy.verify
            }
        }
    }

    static let timerKinds: Set<String> = ["warning", "escalated", "overdue", "reminded"]

    /// The timer events after `window` started at `start` at `tier`, in order, while their
    /// deadlines are at most `horizon`, and at most `limit` of them.
    static func events(after window: Window, tier: Int, start: Int64, through horizon: Int64 = .max, limit: Int = 64) -> [TimerEventKey] {
        var result: [TimerEventKey] = []
        var window: Window? = window
        var tier = tier
        var start = start
        var reminderAt: Int64?
        func add(_ kind: String, _ due: Int64) -> Bool {
            guard due <= horizon, result.count < limit else { return false }
            result.append(TimerEventKey(kind: kind, tier: tier, due: due))
            return true
        }
        while true {
            if let running = window {
                let end = start + running.length
                guard add("warning", start + running.length / 2) else { break }
                if running == .register || running == .verify {
                    guard end <= horizon, result.count < limit else { break }
                    result.append(TimerEventKey(kind: "overdue", tier: 4, due: end))
                } else {
                    guard add("overdue", end) else { break }
                }
                if running != .verify && running != .register && tier < 4 {
                    tier += 1
                    window = .ack
                    guard add("escalated", end) else { break }
                } else {
                    window = nil
                    reminderAt = end + SuitePolicy.reminder
                }
                start = end
            } else if let at = reminderAt {
                guard add("reminded", at) else { break }
                reminderAt = at + SuitePolicy.reminder
            } else {
                break
            }
        }
        return result
    }
}
