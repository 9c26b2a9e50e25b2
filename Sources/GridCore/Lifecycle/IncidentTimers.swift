/// Where an incident stands against its deadlines: the window that runs now, when it ends, its
/// warning, the reminders after a miss at the top tier, and — while deferred — what is left of the
/// paused window; and the case as a whole: its case deadline (案件处置时限) with its warning, and
/// how many windows it missed (超期). Part of the incident row; the scheduler arms a timer at
/// `nextTimer` (the case deadline has no timer: the light is computed, `CaseLight`).
public struct IncidentTimers: Sendable, Equatable {
    /// Which deadline runs.
    public enum Window: String, Sendable, CaseIterable {
        /// 立案时限: a report that waits for 立案 must be registered or rejected (from receipt;
        /// `Register=`). Its miss is charged to the city's centre; it never escalates.
        case register
        /// 受理: the tier must acknowledge.
        case ack
        /// 处置: the tier must resolve.
        case resolve
        /// 核查: the verifier must close or reopen.
        case verify
    }

    /// A window stopped by a deferral (缓办), to be started again by resume.
    public struct Paused: Sendable, Equatable {
        public var window: Window
        /// What was left of the window, in the window's own time base.
        public var remaining: PolicyDuration
        /// What was left until the warning, if it had not fired yet.
        public var warningRemaining: PolicyDuration?
        /// The state to go back to.
        public var state: IncidentState
        /// When an approved 缓办 granted until a time ends by itself (a `resume` timer); nil: until
        /// somebody resumes it.
        public var until: Timestamp?

        public init(
            window: Window, remaining: PolicyDuration, warningRemaining: PolicyDuration?, state: IncidentState,
            until: Timestamp? = nil
        ) {
            self.window = window
            self.remaining = remaining
            self.warningRemaining = warningRemaining
            self.state = state
            self.until = until
        }
    }

    public var window: Window?
    public var windowStartedAt: Timestamp?
    /// When the running window ends.
    public var dueAt: Timestamp?
    /// When the warning fires; nil once it has (it fires once per window) or when there is none.
    public var warnAt: Timestamp?
    /// The warning of the running window has fired (the yellow light is on).
    public var warned: Bool
    /// Missed at the top tier (or the verification window missed): reminded until handled.
    public var overdue: Bool
    public var nextReminderAt: Timestamp?
    public var paused: Paused?
    /// Set by a resolve: whether it came within the resolving tier's deadline.
    public var resolvedOnTime: Bool?
    /// How many times verification failed (返工).
    public var reopenCount: Int
    /// The case deadline (案件处置时限): set at registration, moved only by an approved 延期 (an
    /// `extended` event); escalation never moves it. Nil when the policy has no windows.
    public var caseDueAt: Timestamp?
    /// The case deadline's warning (its `WarningAt=` fraction): the yellow light from then on.
    public var caseWarnAt: Timestamp?
    /// Ack and resolve windows this case missed (超期), each charged to the unit that held it; never decreases.
    public var missedWindows: Int

    public init(
        window: Window? = nil, windowStartedAt: Timestamp? = nil, dueAt: Timestamp? = nil, warnAt: Timestamp? = nil,
        warned: Bool = false, overdue: Bool = false, nextReminderAt: Timestamp? = nil, paused: Paused? = nil, resolvedOnTime: Bool? = nil,
        reopenCount: Int = 0, caseDueAt: Timestamp? = nil, caseWarnAt: Timestamp? = nil, missedWindows: Int = 0
    ) {
        self.window = window
        self.windowStartedAt = windowStartedAt
        self.dueAt = dueAt
        self.warnAt = warnAt
        self.warned = warned
        self.overdue = overdue
        self.nextReminderAt = nextReminderAt
        self.paused = paused
        self.resolvedOnTime = resolvedOnTime
        self.reopenCount = reopenCount
        self.caseDueAt = caseDueAt
        self.caseWarnAt = caseWarnAt
        self.missedWindows = missedWindows
    }

    /// These timers with no window running (closed, cancelled, a window the policy does not
    /// have): what the case keeps for good stays — the case deadline, the misses, the rework
    /// count and the on-time verdict of the last resolve.
    public var withoutWindow: IncidentTimers {
        IncidentTimers(
            resolvedOnTime: resolvedOnTime, reopenCount: reopenCount, caseDueAt: caseDueAt, caseWarnAt: caseWarnAt,
            missedWindows: missedWindows)
    }

    /// What fires next, if anything: the warning, the end of the window, a reminder, or the end of
    /// a 缓办 granted until a time.
    public var nextTimer: PendingTimer? {
        var candidates: [PendingTimer] = []
        if let warnAt { candidates.append(PendingTimer(kind: .warning, at: warnAt)) }
        if let dueAt, !overdue { candidates.append(PendingTimer(kind: .windowEnd, at: dueAt)) }
        if overdue, let nextReminderAt { candidates.append(PendingTimer(kind: .reminder, at: nextReminderAt)) }
        if let until = paused?.until { candidates.append(PendingTimer(kind: .resume, at: until)) }
        return candidates.min { ($0.at, $0.kind.order) < ($1.at, $1.kind.order) }
    }
}

/// A deadline the scheduler must act on: what it is and when.
public struct PendingTimer: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case warning
        case windowEnd = "window_end"
        case reminder
        /// The end of an approved 缓办 granted until a time: the paused window runs again.
        case resume

        /// At the same instant the warning goes first.
        var order: Int {
            switch self {
            case .warning: return 0
            case .windowEnd: return 1
            case .reminder: return 2
            case .resume: return 3
            }
        }
    }

    public var kind: Kind
    public var at: Timestamp

    public init(kind: Kind, at: Timestamp) {
        self.kind = kind
        self.at = at
    }
}
