import CSQLite
import Synchronization

/// Tells the daemon that outbox rows were committed, so the dispatcher wakes at once instead of
/// at its next poll — without a hook on the intake path.
///
/// The outbox trigger calls the SQL function `gridd_outbox_written()` on the writer, inside the
/// transaction that wrote the row (so before it is committed). The function queues an empty
/// write; the writer runs queued writes in order, one transaction after another, so that write's
/// completion comes after the COMMIT that holds the row, and calls the handler then. One empty
/// write is queued at a time, whatever the number of rows in a batch. A spurious wake (the
/// batch was rolled back) costs the dispatcher one read of the due rows.
final class OutboxWake: Sendable {
    static let functionName = "gridd_outbox_written"

    /// Queues an operation on the writer (weakly bound to the store).
    typealias Enqueue = @Sendable (
        _ operation: @escaping @Sendable (WriteContext) throws -> Void,
        _ completion: @escaping @Sendable (Result<Void, StoreError>) -> Void
    ) -> Void

    private let enqueue: Enqueue
    private let queued = Mutex(false)
    private let handler = Mutex<(@Sendable () -> Void)?>(nil)
    /// Whether the function is defined on the writer (it stays until the connection closes).
    private let registered = Mutex(false)

    init(enqueue: @escaping Enqueue) { self.enqueue = enqueue }

    /// What runs after a commit that wrote outbox rows (replaces the one before).
    func setHandler(_ body: (@Sendable () -> Void)?) { handler.withLock { $0 = body } }

    /// On the writer, from the SQL function: queue the empty write unless one is queued already.
    func written() {
        let first = queued.withLock { queued -> Bool in
            if queued { return false }
            queued = true
            return true
        }
        guard first else { return }
        enqueue({ _ in self.queued.withLock { $0 = false } }) { _ in
            self.queued.withLock { $0 = false }
            self.handler.withLock { $0 }?()
        }
    }

    /// Defines `gridd_outbox_written()` on the writer connection unless done before; the
    /// connection keeps this object alive until it closes. On the writer's queue.
    func registerOnce(on connection: Connection) throws(SQLiteError) {
        guard !registered.withLock({ $0 }) else { return }
        let handle = try connection.openHandle(for: nil)
        let retained = Unmanaged.passRetained(self).toOpaque()
        // On failure SQLite calls the destructor itself, which releases `retained`.
        let rc = sqlite3_create_function_v2(
            handle, Self.functionName, 0, SQLITE_UTF8, retained, outboxWrittenFunction, nil, nil, releaseOutboxWake)
        guard rc == SQLITE_OK else { throw SQLiteError(code: rc, connection: handle, sql: nil) }
        registered.withLock { $0 = true }
    }
}

private let outboxWrittenFunction: @convention(c) (OpaquePointer?, Int32, UnsafeMutablePointer<OpaquePointer?>?) -> Void = {
    context, _, _ in
    if let data = sqlite3_user_data(context) {
        Unmanaged<OutboxWake>.fromOpaque(data).takeUnretainedValue().written()
    }
    sqlite3_result_null(context)
}

private let releaseOutboxWake: @convention(c) (UnsafeMutableRawPointer?) -> Void = { data in
    if let data { Unmanaged<OutboxWake>.fromOpaque(data).release() }
}
