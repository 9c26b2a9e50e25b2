import CSQLite
import Dispatch
import Synchronization

/// Read-only connections, each confined to its own serial queue.
///
/// It exists so that reports and lookups (`gridctl show`, `list`, `status`) never wait for the
/// writer: in WAL mode a reader sees the last committed state while a commit is in progress.
/// Reads are spread over the connections round-robin; each runs synchronously on its connection's queue.
final class ReadPool: @unchecked Sendable {
    // @unchecked: each `Reader.connection` is only touched on that reader's `queue`;
    // `next` is a Mutex.

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
    private let next = Mutex(0)

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
            try connection.execute("PRAGMA mmap_size = 268435456")
            readers.append(Reader(connection: connection, index: index))
        }
        self.readers = readers
    }

    /// Runs `body` on one reader connection and returns its result.
    func read<T>(_ body: (Connection) throws(StoreError) -> T) throws(StoreError) -> T {
        let index = next.withLock { value -> Int in
            let index = value % readers.count
            value = (value + 1) % readers.count
            return index
        }
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
