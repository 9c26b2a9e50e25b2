import CSQLite
import Dispatch
import Synchronization

/// Read-only connections, each confined to its own serial queue.
///
/// It exists so that reports and lookups (`gridctl show`, `list`, `status`) never wait for the
/// writer: in WAL mode a reader sees the last committed state while a commit is in progress.
/// Each read goes to an idle connection if there is one (a report that reads for seconds then
/// does not hold up `show` behind it), else round-robin; it runs synchronously on its queue.
/// A read in parts (`readInParts`) holds several connections and runs on all of them at once.
final class ReadPool: @unchecked Sendable {
    // @unchecked: each `Reader`'s connection is only touched on that reader's `queue` (checked);
    // `state` is a Mutex.

    fileprivate final class Reader: @unchecked Sendable {
        // @unchecked: `connection` is only touched on `queue` (checked in `withConnection`).
        let queue: DispatchQueue
        private var connection: Connection?

        init(connection: Connection, index: Int) {
            self.connection = connection
            self.queue = DispatchQueue(label: "gridd.store.reader.\(index)", qos: .userInitiated)
        }

        /// Runs `body` with the connection (`.closed` once closed); must be called on `queue`.
        func withConnection<T>(sweeping: Bool, _ body: (Connection) throws(StoreError) -> T) -> Result<T, StoreError> {
            dispatchPrecondition(condition: .onQueue(queue))
            guard let connection else { return .failure(.closed) }
            return ReadPool.mapped(connection, sweeping: sweeping) { () throws(StoreError) -> T in try body(connection) }
        }

        /// Runs `body` with the connection on this reader's queue and waits for it.
        func run<T>(sweeping: Bool = false, _ body: (Connection) throws(StoreError) -> T) throws(StoreError) -> T {
            dispatchPrecondition(condition: .notOnQueue(queue))
            let result: Result<T, StoreError> = queue.sync { withConnection(sweeping: sweeping, body) }
            return try result.get()
        }

        /// Closes the connection after the reads queued before; later reads fail with `.closed`.
        func close() {
            dispatchPrecondition(condition: .notOnQueue(queue))
            queue.sync {
                connection?.close()
                connection = nil
            }
        }
    }

    private let readers: [Reader]
    /// The next reader in turn, and how many reads each reader has running or waiting.
    private let state: Mutex<(next: Int, busy: [Int])>

    /// Opens `count` connections to `path`, which must already exist in WAL mode.
    init(path: String, count: Int, busyTimeoutMilliseconds: Int32) throws(SQLiteError) {
        var readers: [Reader] = []
        for index in 0..<max(1, count) {
            let connection = try Connection(
                path: path, flags: SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
                busyTimeoutMilliseconds: busyTimeoutMilliseconds)
            // Read-write open (a read-only one cannot recover a WAL left by a crash), but no writes allowed.
            try connection.execute("PRAGMA query_only = ON")
            try connection.execute("PRAGMA cache_size = -16384")
            try connection.execute("PRAGMA mmap_size = \(Self.mapBytes)")
            readers.append(Reader(connection: connection, index: index))
        }
        self.readers = readers
        state = Mutex((0, Array(repeating: 0, count: readers.count)))
    }

    /// Takes `count` distinct readers (fewer if the pool is smaller): idle ones first, then in turn.
    private func take(_ count: Int) -> [Int] {
        state.withLock { state -> [Int] in
            let total = state.busy.count
            let order = (0..<total).map { (state.next + $0) % total }
            let picked = Array((order.filter { state.busy[$0] == 0 } + order.filter { state.busy[$0] != 0 }).prefix(max(1, min(count, total))))
            for index in picked { state.busy[index] += 1 }
            state.next = (picked[picked.count - 1] + 1) % total
            return picked
        }
    }

    private func release(_ taken: [Int]) {
        state.withLock { state in for index in taken { state.busy[index] -= 1 } }
    }

    /// How much of the database file a reader maps. Pages read through the mapping stay in the
    /// daemon's resident set (shared with the page cache, but counted): a bounded window keeps a
    /// daemon over a large database at a bounded RSS.
    static let mapBytes = 256 << 20
    /// While a read sweeps the whole database (a report), its readers map all of it (SQLite's
    /// limit is 2 GiB): mapped pages are not copied into the page cache on every read. The window
    /// shrinks back when the read ends, which unmaps the pages.
    static let sweepMapBytes = 2_147_418_112

    /// Runs `body` with the connection's mapping widened for a sweep, if asked, then narrowed again.
    fileprivate static func mapped<T>(
        _ connection: Connection, sweeping: Bool, _ body: () throws(StoreError) -> T
    ) -> Result<T, StoreError> {
        if sweeping { try? connection.execute("PRAGMA mmap_size = \(sweepMapBytes)") }
        defer { if sweeping { try? connection.execute("PRAGMA mmap_size = \(mapBytes)") } }
        do throws(StoreError) {
            return .success(try body())
        } catch {
            return .failure(error)
        }
    }

    /// Runs `body` on one reader connection and returns its result; `sweeping` for a read of the
    /// whole database (see `sweepMapBytes`).
    func read<T>(sweeping: Bool = false, _ body: (Connection) throws(StoreError) -> T) throws(StoreError) -> T {
        let taken = take(1)
        defer { release(taken) }
        return try readers[taken[0]].run(sweeping: sweeping, body)
    }

    /// Runs `body` on one reader connection's queue without waiting, then `completion` with its
    /// result on `queue`: for work that reads and then computes on what it read (a slice of due
    /// timers), without holding a thread blocked on the reader meanwhile.
    func readAsync<T: Sendable>(
        _ body: @escaping @Sendable (Connection) throws(StoreError) -> T, on queue: DispatchQueue,
        completion: @escaping @Sendable (Result<T, StoreError>) -> Void
    ) {
        let taken = take(1)
        let reader = readers[taken[0]]
        reader.queue.async { [self] in
            let result = reader.withConnection(sweeping: false, body)
            release(taken)
            queue.async { completion(result) }
        }
    }

    /// Distinct readers held together for one read in parts.
    struct Parts: Sendable {
        fileprivate let readers: [Reader]

        var count: Int { readers.count }

        /// Runs `body` on part `index`'s connection and waits for it.
        func run<T>(_ index: Int, _ body: (Connection) throws(StoreError) -> T) throws(StoreError) -> T {
            try readers[index].run(sweeping: true, body)
        }

        /// Runs `body` on every part's connection at once (each on its reader's queue, at the
        /// default QoS: below the writer's) and waits for all; the first error is thrown.
        func runAll<T: Sendable>(_ body: @escaping @Sendable (Int, Connection) throws(StoreError) -> T) throws(StoreError) -> [T] {
            let results = Slots<T>(count: readers.count)
            let group = DispatchGroup()
            for (index, reader) in readers.enumerated() {
                reader.queue.async(group: group, qos: .default, flags: .enforceQoS) {
                    let result = reader.withConnection(sweeping: true) { connection throws(StoreError) -> T in
                        try body(index, connection)
                    }
                    results.values.withLock { $0[index] = result }
                }
            }
            group.wait()
            return try results.values.withLock { $0 }.map { (result) throws(StoreError) -> T in try result!.get() }
        }
    }

    /// The results of `runAll`, filled in by the parts.
    private final class Slots<T: Sendable>: Sendable {
        let values: Mutex<[Result<T, StoreError>?]>

        init(count: Int) { values = Mutex(Array(repeating: nil, count: count)) }
    }

    /// Runs `body` with `count` distinct readers held (fewer if the pool has fewer).
    func readInParts<T>(_ count: Int, _ body: (Parts) throws(StoreError) -> T) throws(StoreError) -> T {
        let taken = take(count)
        defer { release(taken) }
        return try body(Parts(readers: taken.map { readers[$0] }))
    }

    /// Closes every reader after the reads in progress; later reads fail with `.closed`.
    func close() {
        for reader in readers { reader.close() }
    }
}
