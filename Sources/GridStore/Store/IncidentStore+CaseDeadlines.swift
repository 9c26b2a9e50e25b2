import GridCore

/// A case from before case deadlines (schema version 4's work list, `case_deadline_backfill`):
/// what its case deadline is computed from. The daemon computes it (the working calendar is its);
/// the store only reads the list and writes the result.
public struct CaseAwaitingDeadline: Sendable, Equatable {
    public var incidentID: Int64
    /// Registration: the creation, before 立案 existed.
    public var registeredAt: Timestamp
    /// The tier of its `dispatched` event (the tier it started at); its current tier without one.
    public var startTier: Tier
    public var policy: IncidentPolicy

    public init(incidentID: Int64, registeredAt: Timestamp, startTier: Tier, policy: IncidentPolicy) {
        self.incidentID = incidentID
        self.registeredAt = registeredAt
        self.startTier = startTier
        self.policy = policy
    }
}

/// A case deadline worked out for a case on the list; nil due: its policy has none.
public struct CaseDeadline: Sendable, Equatable {
    public var incidentID: Int64
    public var due: Timestamp?
    public var warn: Timestamp?

    public init(incidentID: Int64, due: Timestamp?, warn: Timestamp?) {
        self.incidentID = incidentID
        self.due = due
        self.warn = warn
    }
}

extension IncidentStore {
    /// The first `limit` cases still on the back-fill list, lowest id first.
    public func casesAwaitingCaseDeadline(limit: Int) throws(StoreError) -> [CaseAwaitingDeadline] {
        try readers.read { connection throws(StoreError) in
            do {
                let select = try connection.cachedStatement(CaseDeadlineQueries.awaiting)
                defer { select.reset() }
                try select.bind(.integer(Int64(limit)), at: 1)
                var cases: [CaseAwaitingDeadline] = []
                while try select.step() {
                    let id = select.int64(at: 0)
                    let tierValue = select.optionalInt64(at: 3) ?? select.int64(at: 4)
                    guard let tier = Tier(rawValue: Int(tierValue)) else {
                        throw StoreError.invalidData("incident \(id): tier \(tierValue) is not valid")
                    }
                    cases.append(CaseAwaitingDeadline(
                        incidentID: id, registeredAt: Timestamp(milliseconds: select.int64(at: 1)), startTier: tier,
                        policy: try IncidentRecords.policy(select, 2, "incident \(id)")))
                }
                return cases
            } catch {
                throw StoreError(error)
            }
        }
    }

    /// Writes the case deadlines of cases on the list and takes them off it, in one operation of
    /// the next group commit; `completion` after COMMIT. The rows' versions do not change (no
    /// lifecycle step happened: a pending timer armed at the version stays valid); a case that
    /// has a case deadline already keeps it.
    public func setCaseDeadlines(_ deadlines: [CaseDeadline], completion: @escaping @Sendable (Result<Void, StoreError>) -> Void) {
        write({ context in
            let update = try context.statement(CaseDeadlineQueries.update)
            let remove = try context.statement(CaseDeadlineQueries.remove)
            for deadline in deadlines {
                try update.bind([.from(deadline.due?.milliseconds), .from(deadline.warn?.milliseconds), .integer(deadline.incidentID)])
                try update.step()
                update.reset()
                try remove.bind(.integer(deadline.incidentID), at: 1)
                try remove.step()
                remove.reset()
            }
        }, completion: completion)
    }
}

/// The SQL of the case-deadline back-fill.
enum CaseDeadlineQueries {
    /// Each case on the list with its creation, policy, the tier of its first `dispatched` event
    /// and its current tier.
    static let awaiting = """
        SELECT b.incident_id, i.created_at, i.policy,
               (SELECT e.tier FROM events AS e WHERE e.incident_id = b.incident_id AND e.kind = 'dispatched'
                ORDER BY e.seq LIMIT 1),
               i.tier
        FROM case_deadline_backfill AS b JOIN incidents AS i ON i.id = b.incident_id
        ORDER BY b.incident_id LIMIT ?
        """
    static let update = "UPDATE incidents SET case_due_at = ?, case_warn_at = ? WHERE id = ? AND case_due_at IS NULL"
    static let remove = "DELETE FROM case_deadline_backfill WHERE incident_id = ?"
}
