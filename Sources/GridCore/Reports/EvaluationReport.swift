/// The answer to `report`: how incidents were handled (综合评价) over a range, in total, per unit
/// at one level and per category, with the daily volume and the 超期 (督办) list (open red cases) as it is
/// now. Built by `ReportAggregator` in the daemon, sent as JSON (`EvaluationReport+JSON`), and
/// formatted by gridctl as a table, CSV, JSON or HTML. docs/REPORTS.md defines every figure.
public struct EvaluationReport: Sendable, Equatable {
    /// The figures of one group of incidents (all of them, one unit, one category).
    public struct Metrics: Sendable, Equatable {
        public var received = 0
        public var cancelled = 0
        public var closed = 0
        public var reworked = 0
        public var due = 0
        public var deferred = 0
        public var closedOfDue = 0
        public var closedOnTime = 0
        /// Escalations in the range, by the tier escalated to (street, district, city).
        public var escalatedToStreet = 0
        public var escalatedToDistrict = 0
        public var escalatedToCity = 0
        /// `overdue` events (超期: missed windows, and missed verifications) in the range.
        public var enteredOverdue = 0
        public var timeToAcknowledge = DurationSummary()
        public var timeToResolve = DurationSummary()
        /// Open incidents now, by light.
        public var openGreen = 0
        public var openYellow = 0
        public var openRed = 0
        public var openPaused = 0

        public init() {}

        /// Due to close, less the deferred: the denominator of both close rates.
        public var dueLessDeferred: Int { due - deferred }
        /// 按期结案率: closed on time ÷ (due − deferred); nil when nothing was due.
        public var onTimeRate: Double? { Self.ratio(closedOnTime, dueLessDeferred) }
        /// 结案率: closed (of those due) ÷ (due − deferred).
        public var closeRate: Double? { Self.ratio(closedOfDue, dueLessDeferred) }
        /// 返工率: reworked ÷ closed.
        public var reworkRate: Double? { Self.ratio(reworked, closed) }
        public var openNow: Int { openGreen + openYellow + openRed + openPaused }

        public func open(_ light: ReportLight) -> Int {
            switch light {
            case .green: return openGreen
            case .yellow: return openYellow
            case .red: return openRed
            case .paused: return openPaused
            }
        }

        static func ratio(_ part: Int, _ whole: Int) -> Double? { whole > 0 ? Double(part) / Double(whole) : nil }

        /// Adds another group's counts (the span summaries are not added: they are recomputed
        /// from the spans themselves).
        mutating func add(_ other: Metrics) {
            received += other.received
            cancelled += other.cancelled
            closed += other.closed
            reworked += other.reworked
            due += other.due
            deferred += other.deferred
            closedOfDue += other.closedOfDue
            closedOnTime += other.closedOnTime
            escalatedToStreet += other.escalatedToStreet
            escalatedToDistrict += other.escalatedToDistrict
            escalatedToCity += other.escalatedToCity
            enteredOverdue += other.enteredOverdue
            timeToAcknowledge.count += other.timeToAcknowledge.count
            timeToResolve.count += other.timeToResolve.count
            openGreen += other.openGreen
            openYellow += other.openYellow
            openRed += other.openRed
            openPaused += other.openPaused
        }
    }

    /// Median and 90th percentile (nearest rank, `Percentile`) of a set of spans, in calendar and
    /// in working time, in milliseconds; nil when the set is empty.
    public struct DurationSummary: Sendable, Equatable {
        public var count = 0
        public var calendarMedian: Int64?
        public var calendarP90: Int64?
        public var workingMedian: Int64?
        public var workingP90: Int64?

        public init(count: Int = 0, calendarMedian: Int64? = nil, calendarP90: Int64? = nil, workingMedian: Int64? = nil, workingP90: Int64? = nil) {
            self.count = count
            self.calendarMedian = calendarMedian
            self.calendarP90 = calendarP90
            self.workingMedian = workingMedian
            self.workingP90 = workingP90
        }
    }

    public struct UnitRow: Sendable, Equatable {
        public var unit: UnitCode
        public var name: String?
        public var metrics: Metrics

        public init(unit: UnitCode, name: String?, metrics: Metrics) {
            self.unit = unit
            self.name = name
            self.metrics = metrics
        }
    }

    public struct CategoryRow: Sendable, Equatable {
        public var code: String
        public var name: String?
        public var metrics: Metrics

        public init(code: String, name: String?, metrics: Metrics) {
            self.code = code
            self.name = name
            self.metrics = metrics
        }
    }

    /// Incidents received and closed on one local date of the range.
    public struct DailyVolume: Sendable, Equatable {
        public var date: CivilDate
        public var received: Int
        public var closed: Int

        public init(date: CivilDate, received: Int, closed: Int) {
            self.date = date
            self.received = received
            self.closed = closed
        }
    }

    /// An open red case now (the 超期 (督办) list).
    public struct RegisterEntry: Sendable, Equatable {
        public var id: Int64
        public var state: IncidentState
        public var tier: Tier
        public var unit: UnitCode
        public var unitName: String?
        public var category: String
        public var categoryName: String?
        /// The deadline it missed.
        public var dueAt: LocalTime?
        public var title: String?

        public init(
            id: Int64, state: IncidentState, tier: Tier, unit: UnitCode, unitName: String?, category: String,
            categoryName: String?, dueAt: LocalTime?, title: String?
        ) {
            self.id = id
            self.state = state
            self.tier = tier
            self.unit = unit
            self.unitName = unitName
            self.category = category
            self.categoryName = categoryName
            self.dueAt = dueAt
            self.title = title
        }
    }

    public var from: LocalTime
    public var to: LocalTime
    public var generatedAt: LocalTime
    public var timeZone: String
    public var unit: UnitCode?
    public var unitName: String?
    public var category: String?
    public var categoryName: String?
    /// The level of `units`.
    public var groupBy: Tier
    public var total: Metrics
    public var units: [UnitRow]
    public var categories: [CategoryRow]
    public var daily: [DailyVolume]
    /// Every open incident on the register now (the list may be cut at the query's limit).
    public var registerCount: Int
    /// Longest overdue first.
    public var register: [RegisterEntry]

    public init(
        from: LocalTime, to: LocalTime, generatedAt: LocalTime, timeZone: String, unit: UnitCode? = nil, unitName: String? = nil,
        category: String? = nil, categoryName: String? = nil, groupBy: Tier, total: Metrics, units: [UnitRow],
        categories: [CategoryRow], daily: [DailyVolume], registerCount: Int, register: [RegisterEntry]
    ) {
        self.from = from
        self.to = to
        self.generatedAt = generatedAt
        self.timeZone = timeZone
        self.unit = unit
        self.unitName = unitName
        self.category = category
        self.categoryName = categoryName
        self.groupBy = groupBy
        self.total = total
        self.units = units
        self.categories = categories
        self.daily = daily
        self.registerCount = registerCount
        self.register = register
    }
}

/// An instant with the UTC offset of the working calendar's zone at that instant, so reports show
/// local times (`2026-05-01T00:00:00.000+08:00`) that parse back to the same instant.
public struct LocalTime: Sendable, Equatable, CustomStringConvertible {
    public var instant: Timestamp
    public var utcOffsetSeconds: Int

    public init(_ instant: Timestamp, utcOffsetSeconds: Int) {
        self.instant = instant
        self.utcOffsetSeconds = utcOffsetSeconds
    }

    public init(_ instant: Timestamp, calendar: WorkingCalendar) {
        self.init(instant, utcOffsetSeconds: calendar.utcOffsetSeconds(at: instant))
    }

    /// Parses RFC 3339 and keeps its offset (`Z` is 0).
    public init?(rfc3339 text: String) {
        guard let instant = Timestamp(rfc3339: text) else { return nil }
        var offset = 0
        let bytes = Array(text.utf8)
        if let last = bytes.last, last != UInt8(ascii: "Z"), last != UInt8(ascii: "z"), bytes.count >= 6 {
            let sign = bytes[bytes.count - 6]
            let hours = Int(bytes[bytes.count - 5] - 48) * 10 + Int(bytes[bytes.count - 4] - 48)
            let minutes = Int(bytes[bytes.count - 2] - 48) * 10 + Int(bytes[bytes.count - 1] - 48)
            offset = (hours * 3600 + minutes * 60) * (sign == UInt8(ascii: "-") ? -1 : 1)
        }
        self.init(instant, utcOffsetSeconds: offset)
    }

    public var description: String { instant.rfc3339(utcOffsetSeconds: utcOffsetSeconds) }

    /// The local date and time without seconds, e.g. `2026-05-01 09:30`.
    public var minuteText: String {
        let text = description
        return String(text.prefix(10)) + " " + String(text.dropFirst(11).prefix(5))
    }
}
