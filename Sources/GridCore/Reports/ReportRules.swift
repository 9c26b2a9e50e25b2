/// The definitions of the evaluation figures (综合评价), one incident at a time: what an incident
/// counts for in a report's range and in the period before it (环比, `ReportPeriods`).
/// docs/REPORTS.md states the same rules in prose with a worked example; the tests check these
/// functions against it.
///
/// - received 受理: created in the period (registered 立案 is counted by event: `registered`, or
///   `dispatched` for a report registered on receipt; `IncidentEventFacts`).
/// - timely acknowledgement 及时受理: of the cases received in the period whose first ack window
///   has been decided — acknowledged, or an ack window missed — those acknowledged before any ack
///   window of theirs was missed.
/// - due date: the case deadline (案件处置时限, `case_due_at`: set at registration, moved only by
///   an approved 延期, never by escalation), or the close if that came first. Each case has one,
///   so it is due (应结案) in exactly one period, and monthly figures add up to the year. A
///   cancelled case, or one without a case deadline (only before the start-up back-fill), is never due.
/// - due, paused (due and, on an approved request, deferred 缓办 or suspended 挂账 now: left out
///   of the denominators), closed of due (closed
///   before the period ends), closed on time 按期结案 (closed of due, and its last resolve came by
///   the case deadline — not by the deadline of the tier that resolved it).
/// - closed 结案: its `closed` event is in the period.
/// - the counts of events (`IncidentEventFacts`): cancelled, resolves, reopens (返工), 超期 by
///   the tier charged, escalations (超时上报); registered, rejected (不予立案), registrations within
///   the register window, 督办, 主动上报, 回访 and the satisfied ones.
/// - time to acknowledge, time to resolve (the report's range only): creation → first
///   acknowledgement / last resolve, in calendar and working time.
/// - the light (green, yellow, red, paused; `CaseLight`): now, whatever the periods.
public enum ReportRules {
    /// The instant at which a case is due to close (应结案): its case deadline, or its close when
    /// that came first. Nil for a cancelled case and one without a case deadline.
    public static func dueDate(of facts: IncidentFacts) -> Timestamp? {
        guard facts.state != .cancelled, let deadline = facts.caseDueAt else { return nil }
        guard facts.state == .closed, let closedAt = facts.events.closedAt else { return deadline }
        return min(closedAt, deadline)
    }

    /// 按期: the last resolve came by the case deadline (as it is now, after any 延期).
    public static func resolvedByCaseDeadline(_ facts: IncidentFacts) -> Bool {
        guard let resolved = facts.events.lastResolvedAt, let deadline = facts.caseDueAt else { return false }
        return resolved <= deadline
    }

    /// 及时受理: acknowledged before any ack window of the case was missed.
    public static func acknowledgedInTime(_ facts: IncidentFacts) -> Bool {
        guard let acknowledged = facts.events.firstAcknowledgedAt else { return false }
        return facts.events.firstAckMissAt.map { acknowledged < $0 } ?? true
    }

    /// What one incident counts for in a report over `periods`.
    /// - Parameter now: the instant the light is judged at.
    public static func evaluate(_ facts: IncidentFacts, periods: ReportPeriods, workingTime: WorkingTimeIndex, now: Timestamp)
        -> IncidentOutcome
    {
        var outcome = IncidentOutcome()
        let events = facts.events
        if let period = periods.period(of: facts.createdAt) {
            outcome[period].received = true
            outcome[period].ackJudged = events.firstAcknowledgedAt != nil || events.firstAckMissAt != nil
            outcome[period].ackTimely = acknowledgedInTime(facts)
        }
        let closedAt = facts.state == .closed ? events.closedAt : nil
        if let closedAt, let period = periods.period(of: closedAt) { outcome[period].closed = true }
        outcome.dueDate = dueDate(of: facts)
        if let dueDate = outcome.dueDate, let period = periods.period(of: dueDate) {
            outcome[period].due = true
            outcome[period].paused = facts.state == .deferred || facts.state == .suspended
            let closedOfDue = closedAt.map { $0 < periods.range(period).to } ?? false
            outcome[period].closedOfDue = closedOfDue
            outcome[period].closedOnTime = closedOfDue && resolvedByCaseDeadline(facts)
        }
        let range = periods.current
        if let acknowledged = events.firstAcknowledgedAt, range.contains(acknowledged) {
            outcome.timeToAcknowledge = ElapsedTime(from: facts.createdAt, to: acknowledged, workingTime: workingTime)
        }
        if let resolved = events.lastResolvedAt, range.contains(resolved) {
            outcome.timeToResolve = ElapsedTime(from: facts.createdAt, to: resolved, workingTime: workingTime)
        }
        outcome.light = facts.light(at: now)
        return outcome
    }

    /// The unit an incident is reported under at `level`: where it happened (its placement) at
    /// that level; for a placement that stops above it (a fallback to a street, a district or the
    /// city), the lowest unit the placement names, so every incident is in exactly one row.
    public static func group(of facts: IncidentFacts, at level: Tier) -> UnitCode {
        if level == .community, let community = facts.community { return community }
        if level <= .street, let street = facts.street { return street }
        if level <= .district, let district = facts.district { return district }
        return facts.community ?? facts.street ?? facts.district ?? facts.unit.ancestor(at: .city) ?? facts.unit
    }

    /// Whether an incident can count for anything in a report over `range` (both periods): not if
    /// it was closed or cancelled (and last touched) before the range began — every time it counts
    /// by is at or before its last update — nor if it was created after the range and is no longer
    /// open. The store's selection is this condition in SQL (`updated_at` is the last event's time).
    public static func mayCount(state: IncidentState, createdAt: Timestamp, updatedAt: Timestamp, range: ReportRange) -> Bool {
        if state.isOpen { return true }
        return updatedAt >= range.from && createdAt < range.to
    }
}

/// What one incident counts for in one period of a report (see `ReportRules.evaluate`).
public struct PeriodOutcome: Sendable, Equatable {
    /// Received (created in the period).
    public var received = false
    /// Received in the period, its first ack window decided; and acknowledged in time (及时受理).
    public var ackJudged = false
    public var ackTimely = false
    public var closed = false
    public var due = false
    public var paused = false
    public var closedOfDue = false
    public var closedOnTime = false

    public init() {}
}

/// What one incident counts for in a report: in its range and in the period before it, its spans
/// (the range only) and its light now.
public struct IncidentOutcome: Sendable, Equatable {
    public var current = PeriodOutcome()
    public var previous = PeriodOutcome()
    /// When it is due to close (whether or not in either period).
    public var dueDate: Timestamp?
    public var timeToAcknowledge: ElapsedTime?
    public var timeToResolve: ElapsedTime?
    public var light: ReportLight?

    public init() {}

    public subscript(period: ReportPeriods.Period) -> PeriodOutcome {
        get { period == .current ? current : previous }
        set { if period == .current { current = newValue } else { previous = newValue } }
    }
}

/// A span of time measured twice: elapsed (calendar) time and working time, in milliseconds.
public struct ElapsedTime: Sendable, Equatable {
    public var calendarMilliseconds: Int64
    public var workingMilliseconds: Int64

    public init(calendarMilliseconds: Int64, workingMilliseconds: Int64) {
        self.calendarMilliseconds = calendarMilliseconds
        self.workingMilliseconds = workingMilliseconds
    }

    public init(from start: Timestamp, to end: Timestamp, workingTime: WorkingTimeIndex) {
        calendarMilliseconds = end.milliseconds - start.milliseconds
        workingMilliseconds = workingTime.workingMilliseconds(from: start, to: end)
    }
}
