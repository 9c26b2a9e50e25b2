import GridCore

extension IncidentStore {
    /// Every incident a report over `scope` can count (`ReportRules.mayCount`), with what its
    /// timeline says (`IncidentEventFacts`), handed to `body` one at a time in id order, on a
    /// read connection in one read transaction (a consistent snapshot; the writer is never
    /// waited for, and intake goes on meanwhile). `body` runs on the reader's queue and should
    /// only fold the facts (`ReportAggregator.add`). Returns the responsible-unit view's counts
    /// of their events (`ResponsibleUnitTally`), read in the same pass.
    @discardableResult
    public func reportFacts(_ scope: ReportScope, _ body: (IncidentFacts) -> Void) throws(StoreError) -> ResponsibleUnitTally {
        try readers.read(sweeping: true) { connection throws(StoreError) in try ReportQueries.read(scope, on: connection, body) }
    }

    /// The same, read in up to `parts` parts at once on as many read connections (one snapshot;
    /// see `ReportQueries+Parts`): `consumer` is called for the incidents of part `n` on that
    /// part's thread, so each part needs its own accumulator. A filtered scope (unit or category)
    /// is read in one part: its events are found through the index, not by reading the table.
    @discardableResult
    public func reportFacts(
        _ scope: ReportScope, parts: Int, _ consumer: @escaping @Sendable (_ part: Int, _ facts: IncidentFacts) -> Void
    ) throws(StoreError) -> ResponsibleUnitTally {
        let count = scope.unit == nil && scope.category == nil ? parts : 1
        return try readers.readInParts(count) { parts throws(StoreError) in try ReportQueries.read(scope, in: parts, consumer) }
    }
}
