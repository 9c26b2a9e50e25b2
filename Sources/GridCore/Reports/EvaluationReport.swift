/// The answer to `report`: how incidents were handled (综合评价) over a range, by territory (in
/// total, per unit at one level where the cases happened, per category) and by responsible unit
/// (责任单位: per unit that held a window), each row beside its previous period (环比), with the
/// daily volume and the 超期 (督办) list (open red cases) as it is now. Built by
/// `ReportAggregator` in the daemon, sent as JSON (`EvaluationReport+JSON`), and formatted by
/// gridctl as a table, CSV, JSON or HTML. docs/REPORTS.md defines every figure.
public struct EvaluationReport: Sendable, Equatable {
    /// The figures of one group of cases in one period (docs/REPORTS.md; JSON names in comments).
    public struct Figures: Sendable, Equatable {
        /// received (cases created); registered (立案: `registered` events, and receipts registered
        /// at once); rejected (不予立案 events); cancelled (撤销 events).
        public var received = 0
        public var registered = 0
        public var rejected = 0
        public var cancelled = 0
        /// Registrations of cases that waited with a register window (register_judged); of those,
        /// within it (timely_registers).
        public var registerJudged = 0
        public var timelyRegisters = 0
        /// Received, first ack window decided (acks_judged); of those, acknowledged in time (timely_acks).
        public var acksJudged = 0
        public var timelyAcks = 0
        /// 应结案 due; paused (due, and 缓办 deferred or 挂账 suspended now, on an approved request).
        public var due = 0
        public var paused = 0
        /// closed (events in the period); closed_of_due; closed_on_time (resolved by the case deadline).
        public var closed = 0
        public var closedOfDue = 0
        public var closedOnTime = 0
        /// resolve and reopen (返工) events.
        public var resolved = 0
        public var reopened = 0
        /// 超期: missed windows charged to the row's units (overdue).
        public var overdue = 0
        /// 超时上报 (escalations), by the tier escalated to.
        public var escalatedToStreet = 0
        public var escalatedToDistrict = 0
        public var escalatedToCity = 0
        /// 督办 and 主动上报 events.
        public var supervised = 0
        public var escalatedByHand = 0
        /// 回访 events in the period, and those satisfied or basically satisfied (visits_satisfied).
        public var visits = 0
        public var visitsSatisfied = 0
        /// 综合指标 and 排名, set when the report is finished (`scored(weights:)`).
        public var score: Double?
        public var rank: Int?

        public init() {}

        /// Due, less the paused: the denominator of both close rates.
        public var dueLessPaused: Int { due - paused }
        /// 及时受理率: timely acks ÷ acks judged.
        public var timelyAckRate: Double? { Self.ratio(timelyAcks, acksJudged) }
        /// 及时立案率: timely registrations ÷ those judged.
        public var timelyRegisterRate: Double? { Self.ratio(timelyRegisters, registerJudged) }
        /// 满意率: (satisfied + basic) ÷ visits.
        public var satisfactionRate: Double? { Self.ratio(visitsSatisfied, visits) }
        /// 按期结案率: closed on time ÷ (due − paused).
        public var onTimeRate: Double? { Self.ratio(closedOnTime, dueLessPaused) }
        /// 结案率: closed (of those due) ÷ (due − paused).
        public var closeRate: Double? { Self.ratio(closedOfDue, dueLessPaused) }
        /// 返工率: reopen events ÷ resolve events.
        public var reworkRate: Double? { Self.ratio(reopened, resolved) }
        public var escalations: Int { escalatedToStreet + escalatedToDistrict + escalatedToCity }

        static func ratio(_ part: Int, _ whole: Int) -> Double? { whole > 0 ? Double(part) / Double(whole) : nil }

        /// The score by `weights` (`EvaluationWeights.score`).
        public func score(weights: EvaluationWeights) -> Double? {
            weights.score(onTime: onTimeRate, close: closeRate, rework: reworkRate)
        }

        /// Adds another group's counts (not the score and rank: they are the finished report's).
        mutating func add(_ other: Figures) {
            received += other.received
            registered += other.registered
            rejected += other.rejected
            cancelled += other.cancelled
            registerJudged += other.registerJudged
            timelyRegisters += other.timelyRegisters
            supervised += other.supervised
            escalatedByHand += other.escalatedByHand
            visits += other.visits
            visitsSatisfied += other.visitsSatisfied
            acksJudged += other.acksJudged
            timelyAcks += other.timelyAcks
            due += other.due
            paused += other.paused
            closed += other.closed
            closedOfDue += other.closedOfDue
            closedOnTime += other.closedOnTime
            resolved += other.resolved
            reopened += other.reopened
            overdue += other.overdue
            escalatedToStreet += other.escalatedToStreet
            escalatedToDistrict += other.escalatedToDistrict
            escalatedToCity += other.escalatedToCity
        }
    }

    /// A row of the territory view: its figures in the range (read through as `metrics.received`),
    /// in the previous period, its spans and its open cases now.
    @dynamicMemberLookup
    public struct Metrics: Sendable, Equatable {
        public var figures = Figures()
        /// The same figures for the period before the range (环比).
        public var previous = Figures()
        public var timeToAcknowledge = DurationSummary()
        public var timeToResolve = DurationSummary()
        /// Open incidents now, by light.
        public var openGreen = 0
        public var openYellow = 0
        public var openRed = 0
        public var openPaused = 0

        public init() {}

        public subscript<Value>(dynamicMember keyPath: WritableKeyPath<Figures, Value>) -> Value {
            get { figures[keyPath: keyPath] }
            set { figures[keyPath: keyPath] = newValue }
        }

        public subscript<Value>(dynamicMember keyPath: KeyPath<Figures, Value>) -> Value { figures[keyPath: keyPath] }

        public var openNow: Int { openGreen + openYellow + openRed + openPaused }

        public func open(_ light: ReportLight) -> Int {
            switch light {
            case .green: return openGreen
            case .yellow: return openYellow
            case .red: return openRed
            case .paused: return openPaused
            }
        }

        /// Adds another group's counts (the span summaries are recomputed from the spans themselves).
        mutating func add(_ other: Metrics) {
            figures.add(other.figures)
            previous.add(other.previous)
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

    /// A row of the responsible-unit view (责任单位, `ResponsibleUnitTally`).
    public struct ResponsibleRow: Sendable, Equatable {
        public var unit: UnitCode
        public var name: String?
        public var current: WindowCounts
        public var previous: WindowCounts

        public init(unit: UnitCode, name: String?, current: WindowCounts, previous: WindowCounts) {
            self.unit = unit
            self.name = name
            self.current = current
            self.previous = previous
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
        /// Whose miss made it red and how long ago (set by the daemon from the case's events).
        public var overdue: RegisterOverdue?

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
    /// The period the `previous` figures are of (环比): it ends where the range starts.
    public var previousFrom: LocalTime
    public var generatedAt: LocalTime
    public var timeZone: String
    public var unit: UnitCode?
    public var unitName: String?
    public var category: String?
    public var categoryName: String?
    /// The level of `units`.
    public var groupBy: Tier
    public var weights: EvaluationWeights
    /// `[Evaluation] Target=`: the on-time rate units are held to (a fraction), nil without one.
    public var target: Double?
    public var total: Metrics
    public var units: [UnitRow]
    public var categories: [CategoryRow]
    /// Every unit that held a window in the range, by tier (community first) and code.
    public var responsibleUnits: [ResponsibleRow]
    public var daily: [DailyVolume]
    /// Every open incident on the register now (the list may be cut at the query's limit).
    public var registerCount: Int
    /// Longest overdue first.
    public var register: [RegisterEntry]

    public init(
        from: LocalTime, to: LocalTime, previousFrom: LocalTime, generatedAt: LocalTime, timeZone: String, unit: UnitCode? = nil,
        unitName: String? = nil, category: String? = nil, categoryName: String? = nil, groupBy: Tier,
        weights: EvaluationWeights = .standard, total: Metrics, units: [UnitRow], categories: [CategoryRow],
        responsibleUnits: [ResponsibleRow] = [], daily: [DailyVolume], registerCount: Int, register: [RegisterEntry]
    ) {
        self.from = from
        self.to = to
        self.previousFrom = previousFrom
        self.generatedAt = generatedAt
        self.timeZone = timeZone
        self.unit = unit
        self.unitName = unitName
        self.category = category
        self.categoryName = categoryName
        self.groupBy = groupBy
        self.weights = weights
        self.total = total
        self.units = units
        self.categories = categories
        self.responsibleUnits = responsibleUnits
        self.daily = daily
        self.registerCount = registerCount
        self.register = register
    }
}
