import Dispatch

/// What a write operation gets to work with: the writer connection, inside the batch's transaction
/// and the operation's own savepoint.
///
/// It exists so that operations (intake, transitions, the outbox's records) are plain closures
/// that run SQL, while the transaction, the savepoint and the commit stay the writer's business.
/// Only valid during the call it is passed to, on the writer's queue (checked).
public final class WriteContext {
    public let connection: Connection
    private let queue: DispatchQueue
    /// The batch runs again with a savepoint around each operation because one failed on the
    /// optimistic path: an operation of several parts (a gateway's batch of reports) then puts
    /// a savepoint around each part too, so that only the failing part is undone.
    public internal(set) var isolating = false

    init(connection: Connection, queue: DispatchQueue) {
        self.connection = connection
        self.queue = queue
    }

    /// Runs SQL without results.
    public func execute(_ sql: String) throws(SQLiteError) {
        dispatchPrecondition(condition: .onQueue(queue))
        try connection.execute(sql)
    }

    /// A cached prepared statement, reset and with its bindings cleared.
    public func statement(_ sql: String) throws(SQLiteError) -> Statement {
        dispatchPrecondition(condition: .onQueue(queue))
        return try connection.cachedStatement(sql)
    }

    public var lastInsertRowID: Int64 { connection.lastInsertRowID }
    public var changes: Int { connection.changes }
}

@available(*, unavailable, message: "a WriteContext is only valid on the writer's queue")
extension WriteContext: Sendable {}
