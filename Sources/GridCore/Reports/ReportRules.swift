/// The definitions of the evaluation metrics (综合评价), one incident at a time: what an
/// incident counts for in a report over a range. docs/REPORTS.md states the same rules in
/// prose with worked examples; the tests check these functions against those examples.
///
/// - received: created in the range (cancelled ones included, and counted again as cancelled).
/// - closed: its `closed` event is in the range; reworked: closed in the range and reopened
///   (返工) at least once before.
/// - close deadline (结案期限): for a resolved or closed incident, the deadline of the resolve
///   window it was resolved in (`resolve_due` of its last resolve: the deadline of the tier that
///   resolved it); for one being handled (dispatched, acknowledged), the end of the window that
///   runs now; for a deferred one, the end its paused window had (the deferral plus what was left);
///   a cancelled one has none.
/// - due date: the close deadline, or the close if that came earlier. Each incident has one, so
///   it is due (应结案) in exactly one range, and monthly figures add up to the year.
/// - due: its due date is in the range; deferred: due and deferred now (缓办: left out of the
///   denominator); closed of due: closed before the range ends; closed on time (按期结案): closed
///   of due, and its last resolve was on time (the lifecycle's `resolved_on_time`).
/// - time to acknowledge: creation → first acknowledgement, for incidents first acknowledged in
///   the range; time to resolve: creation → last resolve, for incidents last resolved in the
///   range; both in calendar time and in working time (the working calendar in force).
/// - escalations and `overdue` events (超期): events in the range.
/// - the light (green, yellow, red, paused; `CaseLight`): now, whatever the range.
public enum ReportRules {
    /// The close deadline (结案期限) of an incident, as recorded now.
    public static func closeDeadline(of facts: IncidentFacts, calendar: WorkingCalendar) -> Timestamp? {
        switch facts.state {
        case .cancelled:
            return nil
        case .closed, .resolved:
            return facts.events.lastResolveDue ?? facts.events.lastResolvedAt
        case .dispatched, .acknowledged:
            guard facts.window == .ack || facts.window == .resolve else { return nil }
            return facts.dueAt
        case .reported, .rejected, .suspended:
            return nil  // issue 14's states; the report's rules for them come with the report rewrite
        case .deferred:
            guard let deferredAt = facts.events.lastDeferredAt, let remaining = facts.pausedRemaining else { return nil }
            do throws(DeadlineError) {
                return try calendar.adding(remaining, to: deferredAt)
            } catch {
                return nil
            }
        }
    }

    /// The instant at which an incident is due to close (应结案): its close deadline, or its
    /// close when that came first. Nil for a cancelled incident and one with no deadline.
    public static func dueDate(of facts: IncidentFacts, calendar: WorkingCalendar) -> Timestamp? {
        let deadline = closeDeadline(of: facts, calendar: calendar)
        guard facts.state == .closed, let closedAt = facts.events.closedAt else { return deadline }
        guard let deadline else { return closedAt }
        return min(closedAt, deadline)
    }

    /// What one incident counts for in a report over `range`.
    /// - Parameter now: the instant the light is judged at.
    public static func evaluate(_ facts: IncidentFacts, range: ReportRange, workingTime: WorkingTimeIndex, now: Timestamp)
        -> IncidentOutcome
    {
        var outcome = IncidentOutcome()
        let events = facts.events
        outcome.received = range.contains(facts.createdAt)
        outcome.cancelled = outcome.received && facts.state == .cancelled
        if facts.state == .closed, let closedAt = events.closedAt, range.contains(closedAt) {
            outcome.closed = true
            outcome.reworked = facts.reopenCount > 0
        }
        outcome.dueDate = dueDate(of: facts, calendar: workingTime.calendar)
        if let dueDate = outcome.dueDate, range.contains(dueDate) {
            outcome.due = true
            outcome.deferred = facts.state == .deferred
            outcome.closedOfDue = facts.state == .closed && (events.closedAt.map { $0 < range.to } ?? true)
            outcome.closedOnTime = outcome.closedOfDue && facts.resolvedOnTime == true
        }
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

    /// Whether an incident can count for anything in a report over `range`: not if it was closed
    /// or cancelled (and last touched) before the range began — every time it counts by is at or
    /// before its last update — nor if it was created after the range and is no longer open.
    /// The store's selection is this condition in SQL (`updated_at` is the last event's time).
    public static func mayCount(state: IncidentState, createdAt: Timestamp, updatedAt: Timestamp, range: ReportRange) -> Bool {
        if state.isOpen { return true }
        return updatedAt >= range.from && createdAt < range.to
    }
}

/// What one incident counts for in a report (see `ReportRules.evaluate`).
public struct IncidentOutcome: Sendable, Equatable {
    public var received = false
    public var cancelled = false
    public var closed = false
    public var reworked = false
    public var due = false
    public var deferred = false
    public var closedOfDue = false
    public var closedOnTime = false
    /// When it is due to close (whether or not in the range).
    public var dueDate: Timestamp?
    public var timeToAcknowledge: ElapsedTime?
    public var timeToResolve: ElapsedTime?
    public var light: ReportLight?

    public init() {}
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
