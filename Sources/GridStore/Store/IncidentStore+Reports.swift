import GridCore

extension IncidentStore {
    /// Every incident a report over `scope` can count (`ReportRules.mayCount`), with what its
    /// timeline says (`IncidentEventFacts`), handed to `body` one at a time in id order, on a
    /// read connection in one read transaction (a consistent snapshot; the writer is never
    /// waited for, and intake goes on meanwhile). `body` runs on the reader's queue and should
    /// only fold the facts (`ReportAggregator.add`).
    public func reportFacts(_ scope: ReportScope, _ body: (IncidentFacts) -> Void) throws(StoreError) {
        try readers.read { connection throws(StoreError) in try ReportQueries.read(scope, on: connection, body) }
    }
}
