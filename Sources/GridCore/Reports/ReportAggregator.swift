/// Folds incidents, one `IncidentFacts` at a time, into an `EvaluationReport`: each incident is
/// evaluated by `ReportRules` for the range and the period before it, and counted in the total,
/// in its unit's row (`ReportRules.group`) and in its category's row, in the daily volume, and on
/// the 超期 (督办) list (open red cases). The responsible-unit view comes from the store's pass
/// over the events (`ResponsibleUnitTally`, `addResponsible`).
///
/// It exists so that the store can stream a million incidents through without holding them:
/// what it keeps is counts, the spans for the percentiles, and the longest-overdue entries.
public struct ReportAggregator: Sendable {
    public let periods: ReportPeriods
    public let groupBy: Tier
    public let registerLimit: Int
    public let now: Timestamp
    /// The tier up to which the total and the category rows count 超期: the scope's (the city's
    /// for a report of everything). A unit row counts the 超期 charged to units at its own tier or below.
    private let scopeTier: Tier
    private let workingTime: WorkingTimeIndex
    private var total = MetricsAccumulator()
    private var units: [UnitCode: MetricsAccumulator] = [:]
    private var categories: [String: MetricsAccumulator] = [:]
    private var responsible = ResponsibleUnitTally()
    /// The local dates of the range and the instants they start at (one more: the end of the
    /// last), so an instant finds its day by a binary search, not a time-zone conversion.
    private let days: [CivilDate]
    private let dayStarts: [Int64]
    /// Received and closed per day of `days`.
    private var received: [Int]
    private var closedPerDay: [Int]
    private var register: [IncidentFacts] = []
    private var registerCount = 0

    /// The longest range, in days, that gets a daily series.
    public static let maxDailyDays: Int64 = 3660

    /// - Parameter units: units shown even when nothing happened there (e.g. every community of a
    ///   street from the grid map), each at `groupBy`.
    /// - Parameter scope: the unit the report is of (`--unit`), nil for everything.
    /// - Parameter now: the instant the lights are judged at (the report's `generated_at`).
    public init(
        periods: ReportPeriods, groupBy: Tier, calendar: WorkingCalendar, registerLimit: Int, units: [UnitCode] = [],
        scope: UnitCode? = nil, now: Timestamp
    ) {
        self.now = now
        self.periods = periods
        self.groupBy = groupBy
        self.registerLimit = registerLimit
        scopeTier = scope?.tier ?? .city
        let range = periods.current
        // Most spans measured in a range start within a couple of months before it.
        workingTime = WorkingTimeIndex(calendar: calendar, from: range.from.adding(milliseconds: -90 * 86_400_000), to: range.to)
        let first = calendar.localDate(at: range.from).daysSinceEpoch
        let last = calendar.localDate(at: range.to.adding(milliseconds: -1)).daysSinceEpoch
        if last >= first, last - first < Self.maxDailyDays {
            days = (first...last).map { CivilDate(daysSinceEpoch: $0) }
            dayStarts = (first...(last + 1)).map { calendar.instant(on: CivilDate(daysSinceEpoch: $0), secondsSinceMidnight: 0).milliseconds }
        } else {
            days = []
            dayStarts = []
        }
        received = Array(repeating: 0, count: days.count)
        closedPerDay = Array(repeating: 0, count: days.count)
        for unit in units { self.units[unit] = MetricsAccumulator() }
    }

    public var calendar: WorkingCalendar { workingTime.calendar }
    public var range: ReportRange { periods.current }

    public mutating func add(_ facts: IncidentFacts) {
        let outcome = ReportRules.evaluate(facts, periods: periods, workingTime: workingTime, now: now)
        total.add(outcome, facts.events, charges: scopeTier, keepingSpans: false)
        let group = ReportRules.group(of: facts, at: groupBy)
        units[group, default: MetricsAccumulator()].add(outcome, facts.events, charges: group.tier, keepingSpans: true)
        categories[facts.category, default: MetricsAccumulator()].add(outcome, facts.events, charges: scopeTier, keepingSpans: true)
        if outcome.current.received, let day = day(of: facts.createdAt) { received[day] += 1 }
        if outcome.current.closed, let closedAt = facts.events.closedAt, let day = day(of: closedAt) { closedPerDay[day] += 1 }
        if outcome.light == .red {
            registerCount += 1
            if registerLimit > 0 {
                var entry = facts
                entry.events = IncidentEventFacts()
                register.append(entry)
                if register.count >= 2 * registerLimit + 64 { trimRegister() }
            }
        }
    }

    /// The responsible-unit view's counts (the store's pass over the events).
    public mutating func addResponsible(_ tally: ResponsibleUnitTally) { responsible.merge(tally) }

    /// Folds in what another aggregator of the same range, level and calendar counted (the other
    /// part of a report read in parts): as if its incidents had been added to this one.
    public mutating func merge(_ other: ReportAggregator) {
        precondition(other.periods == periods && other.groupBy == groupBy && other.days == days, "merging reports of different shapes")
        total.merge(other.total)
        for (unit, accumulator) in other.units { units[unit, default: MetricsAccumulator()].merge(accumulator) }
        for (category, accumulator) in other.categories { categories[category, default: MetricsAccumulator()].merge(accumulator) }
        responsible.merge(other.responsible)
        for index in received.indices {
            received[index] += other.received[index]
            closedPerDay[index] += other.closedPerDay[index]
        }
        registerCount += other.registerCount
        register += other.register
        trimRegister()
    }

    /// The index in `days` of the local date of `instant`, if it is one of them.
    private func day(of instant: Timestamp) -> Int? {
        var low = 0, high = dayStarts.count
        while low < high {
            let middle = (low + high) / 2
            if dayStarts[middle] <= instant.milliseconds { low = middle + 1 } else { high = middle }
        }
        return low >= 1 && low < dayStarts.count ? low - 1 : nil
    }

    /// Longest overdue first: the earliest missed deadline, then the lowest id.
    private mutating func trimRegister() {
        register.sort { ($0.dueAt?.milliseconds ?? .max, $0.id) < ($1.dueAt?.milliseconds ?? .max, $1.id) }
        if register.count > registerLimit { register.removeLast(register.count - registerLimit) }
    }

    /// The report, with names looked up for units and categories, scored and ranked by `weights`.
    public func report(
        query: ReportQuery, generatedAt: Timestamp, weights: EvaluationWeights = .standard, unitName: (UnitCode) -> String?,
        categoryName: (String) -> String?
    ) -> EvaluationReport {
        let calendar = self.calendar
        var totalSpans = MetricsAccumulator()
        for accumulator in units.values { totalSpans.appendSpans(of: accumulator) }
        var totalMetrics = total.metrics
        totalMetrics.timeToAcknowledge = totalSpans.acknowledgeSummary
        totalMetrics.timeToResolve = totalSpans.resolveSummary
        var trimmed = self
        trimmed.trimRegister()
        let register = trimmed.register.map { facts in
            EvaluationReport.RegisterEntry(
                id: facts.id, state: facts.state, tier: facts.tier, unit: facts.unit, unitName: unitName(facts.unit),
                category: facts.category, categoryName: categoryName(facts.category),
                dueAt: facts.dueAt.map { LocalTime($0, calendar: calendar) }, title: facts.title)
        }
        let responsibleRows = responsible.units.filter { !$0.value.current.isEmpty }
            .sorted { ($0.key.tier, $0.key) < ($1.key.tier, $1.key) }
            .map { EvaluationReport.ResponsibleRow(unit: $0.key, name: unitName($0.key), current: $0.value.current, previous: $0.value.previous) }
        let report = EvaluationReport(
            from: LocalTime(range.from, calendar: calendar), to: LocalTime(range.to, calendar: calendar),
            previousFrom: LocalTime(periods.previous.from, calendar: calendar),
            generatedAt: LocalTime(generatedAt, calendar: calendar), timeZone: calendar.timeZoneIdentifier,
            unit: query.unit, unitName: query.unit.flatMap(unitName), category: query.category,
            categoryName: query.category.flatMap(categoryName), groupBy: groupBy, total: totalMetrics,
            units: units.keys.sorted().map { EvaluationReport.UnitRow(unit: $0, name: unitName($0), metrics: units[$0]!.finished) },
            categories: categories.keys.sorted().map {
                EvaluationReport.CategoryRow(code: $0, name: categoryName($0), metrics: categories[$0]!.finished)
            },
            responsibleUnits: responsibleRows, daily: dailySeries(), registerCount: registerCount, register: register)
        return report.scored(weights: weights)
    }

    /// Every local date of the range, in order, with its counts (none when the range is longer
    /// than `maxDailyDays`).
    private func dailySeries() -> [EvaluationReport.DailyVolume] {
        days.indices.map { EvaluationReport.DailyVolume(date: days[$0], received: received[$0], closed: closedPerDay[$0]) }
    }
}
