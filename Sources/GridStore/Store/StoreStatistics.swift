import GridCore

/// A snapshot of what the store holds, for `gridctl status` and the metrics of the dispatch log.
public struct StoreStatistics: Sendable, Equatable {
    public var totalIncidents: Int
    /// Every state, zero when none.
    public var incidentsByState: [IncidentState: Int]
    /// Open incidents (not closed, not cancelled) per tier, zero when none.
    public var openIncidentsByTier: [Tier: Int]
    /// Open incidents per tier and state; a tier or state with none is absent.
    public var openIncidentsByTierAndState: [Tier: [IncidentState: Int]]
    /// Red cases (the 超期 (督办) list: missed a window or past the case deadline), as `CaseLight` has it.
    public var overdueIncidents: Int
    /// Yellow cases (the running window warned, or the case deadline's warning passed; not red).
    public var nearDeadlineIncidents: Int
    /// Incidents with a deadline pending (what the scheduler holds).
    public var pendingTimers: Int
    public var totalEvents: Int
    /// The highest incident id, nil when there is none.
    public var lastIncidentID: Int64?
    public var lastEventSeq: Int64?
    /// Size of the database file and of its write-ahead log, in bytes (0 when absent).
    public var databaseBytes: Int64
    public var walBytes: Int64
    public var schemaVersion: Int
    /// Transactions and operations the writer committed since the store was opened.
    public var committedBatches: Int
    public var committedWrites: Int
    public var failedBatches: Int
    /// Background checkpoints of the write-ahead log (`WALCheckpointer`), failed ones, the last failure.
    public var checkpoints = 0
    public var checkpointFailures = 0
    public var lastCheckpointError: String?
    /// Set when the database file was deleted or replaced while open: what happened (nothing is
    /// written any more). See `IncidentStore.databaseLost`.
    public var databaseLost: String?

    public var openIncidents: Int { openIncidentsByTier.values.reduce(0, +) }
}
