/// A report's facts from an incident and its whole timeline in memory — what the store reads in
/// its single pass, built the slow, obvious way: for tests that hold the pass to it, and for
/// anything that has the events at hand.
extension IncidentFacts {
    public init(_ incident: Incident, events: [IncidentEvent], periods: ReportPeriods) {
        var facts = IncidentEventFacts()
        for event in events { facts.absorb(ReportEvent(event), periods: periods) }
        let timers = incident.timers
        self.init(
            id: incident.id, category: incident.category, community: incident.placement.community,
            street: incident.placement.street, district: incident.placement.district, unit: incident.unit, tier: incident.tier,
            state: incident.state, createdAt: incident.createdAt, window: timers.window, dueAt: timers.dueAt, warned: timers.warned,
            overdue: timers.overdue, title: incident.title, events: facts, caseDueAt: timers.caseDueAt, caseWarnAt: timers.caseWarnAt,
            missedWindows: timers.missedWindows)
    }
}

extension ResponsibleUnitTally {
    /// Counts the events of one incident's timeline, each for the unit it names (as the store does).
    public mutating func add(events: [IncidentEvent], periods: ReportPeriods) {
        for event in events {
            let fact = ReportEvent(event)
            guard let instant = Self.instant(of: fact), let period = periods.period(of: instant) else { continue }
            add(fact, unit: event.unit, period: period)
        }
    }
}
