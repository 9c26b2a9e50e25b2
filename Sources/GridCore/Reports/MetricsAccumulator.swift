/// The counts of one row of a report (the total, a unit, a category) in both periods, and, for
/// the percentiles, its spans in the range.
struct MetricsAccumulator: Sendable {
    var metrics = EvaluationReport.Metrics()
    private var acknowledgeCalendar: [Int64] = []
    private var acknowledgeWorking: [Int64] = []
    private var resolveCalendar: [Int64] = []
    private var resolveWorking: [Int64] = []

    /// - Parameter charges: the row counts the 超期 charged to units at this tier or below.
    mutating func add(_ outcome: IncidentOutcome, _ events: IncidentEventFacts, charges tier: Tier, keepingSpans: Bool) {
        Self.count(outcome.current, events.current, charges: tier, into: &metrics.figures)
        Self.count(outcome.previous, events.previous, charges: tier, into: &metrics.previous)
        switch outcome.light {
        case .green?: metrics.openGreen += 1
        case .yellow?: metrics.openYellow += 1
        case .red?: metrics.openRed += 1
        case .paused?: metrics.openPaused += 1
        case nil: break
        }
        if let span = outcome.timeToAcknowledge {
            metrics.timeToAcknowledge.count += 1
            if keepingSpans {
                acknowledgeCalendar.append(span.calendarMilliseconds)
                acknowledgeWorking.append(span.workingMilliseconds)
            }
        }
        if let span = outcome.timeToResolve {
            metrics.timeToResolve.count += 1
            if keepingSpans {
                resolveCalendar.append(span.calendarMilliseconds)
                resolveWorking.append(span.workingMilliseconds)
            }
        }
    }

    private static func count(
        _ outcome: PeriodOutcome, _ events: PeriodEventCounts, charges tier: Tier, into figures: inout EvaluationReport.Figures
    ) {
        if outcome.received { figures.received += 1 }
        if outcome.ackJudged { figures.acksJudged += 1 }
        if outcome.ackTimely { figures.timelyAcks += 1 }
        if outcome.closed { figures.closed += 1 }
        if outcome.due { figures.due += 1 }
        if outcome.paused { figures.paused += 1 }
        if outcome.closedOfDue { figures.closedOfDue += 1 }
        if outcome.closedOnTime { figures.closedOnTime += 1 }
        figures.cancelled += events.cancels
        figures.registered += events.registered
        figures.rejected += events.rejected
        figures.registerJudged += events.registerJudged
        figures.timelyRegisters += events.registerTimely
        figures.supervised += events.supervised
        figures.escalatedByHand += events.escalatedByHand
        figures.visits += events.visits
        figures.visitsSatisfied += events.visitsSatisfied
        figures.resolved += events.resolves
        figures.reopened += events.reopens
        figures.overdue += events.overdue(chargedAtOrBelow: tier)
        figures.escalatedToStreet += events.escalations(to: .street)
        figures.escalatedToDistrict += events.escalations(to: .district)
        figures.escalatedToCity += events.escalations(to: .city)
    }

    /// Adds another group's counts and spans to this one's.
    mutating func merge(_ other: MetricsAccumulator) {
        metrics.add(other.metrics)
        appendSpans(of: other)
    }

    mutating func appendSpans(of other: MetricsAccumulator) {
        acknowledgeCalendar += other.acknowledgeCalendar
        acknowledgeWorking += other.acknowledgeWorking
        resolveCalendar += other.resolveCalendar
        resolveWorking += other.resolveWorking
    }

    var acknowledgeSummary: EvaluationReport.DurationSummary { Self.summary(acknowledgeCalendar, acknowledgeWorking) }
    var resolveSummary: EvaluationReport.DurationSummary { Self.summary(resolveCalendar, resolveWorking) }

    var finished: EvaluationReport.Metrics {
        var result = metrics
        result.timeToAcknowledge = acknowledgeSummary
        result.timeToResolve = resolveSummary
        return result
    }

    private static func summary(_ calendar: [Int64], _ working: [Int64]) -> EvaluationReport.DurationSummary {
        let elapsed = Percentile.medianAndP90(calendar)
        let office = Percentile.medianAndP90(working)
        return EvaluationReport.DurationSummary(
            count: calendar.count, calendarMedian: elapsed.median, calendarP90: elapsed.p90, workingMedian: office.median,
            workingP90: office.p90)
    }
}
