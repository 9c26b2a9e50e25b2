import CSQLite
import Dispatch
import Synchronization

/// Read-only connections, each confined to its own serial queue.
///
/// It exists so that reports and lookups (`gridctl show`, `list`, `status`) never wait for the
/// writer: in WAL mode a reader sees the last committed state while a commit is in progress.
/// Each read goes to an idle connection if there is one (a report that reads for seconds then
/// does not hold up `show` behind it), else round-robin; it runs synchronously on its queue.
final class ReadPool: @unchecked Sendable {
    // @unchecked: each `Reader.connection` is only touched on that reader's `queue`;
    // `state` is a Mutex.

    private final class Reader: @unchecked Sendable {
        // @unchecked: `connection` is only touched on `queue`.
        let queue: DispatchQueue
        var connection: Connection?

        init(connection: Connection, index: Int) {
            self.connection = connection
            self.queue = DispatchQueue(label: "gridd.store.reader.\(index)", qos: .userInitiated)
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
            // Map the whole file (SQLite's limit is 2 GiB): a report reads every page, and mapped
            // pages are not copied into the page cache on every read.
            try connection.execute("PRAGMA mmap_size = 2147418112")
            readers.append(Reader(connection: connection, index: index))
        }
        self.readers = readers
        state = Mutex((0, Array(repeating: 0, count: readers.count)))
    }

    /// Runs `body` on one reader connection and returns its result.
    func read<T>(_ body: (Connection) throws(StoreError) -> T) throws(StoreError) -> T {
        let index = state.withLock { state -> Int in
            let count = state.busy.count
            var index = state.next % count
            for offset in 0..<count where state.busy[(state.next + offset) % count] == 0 {
                index = (state.next + offset) % count
                break
            }
            state.next = (index + 1) % count
            state.busy[index] += 1
            return index
        }
        defer { state.withLock { $0.busy[index] -= 1 } }
        let reader = readers[index]
        let result: Result<T, StoreError> = reader.queue.sync {
            guard let connection = reader.connection else { return .failure(.closed) }
            do throws(StoreError) {
                return .success(try body(connection))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// Closes every reader after the reads in progress; later reads fail with `.closed`.
    func close() {
        for reader in readers {
            reader.queue.sync {
                reader.connection?.close()
                reader.connection = nil
            }
        }
    }
}
