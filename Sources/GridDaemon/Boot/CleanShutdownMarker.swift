import GridSystem

/// A file beside the database (`gridd.sqlite.clean-shutdown`) written after the store closed
/// cleanly and removed at the next start, holding the database file's identity at that moment
/// (device, inode, size, modification and change times: `FileStatus.identity`). When the
/// database still has that identity at start and has no write-ahead log, nothing wrote it since
/// this daemon closed it after checking it, so the O(size) `PRAGMA quick_check` can be skipped and
/// a large database still starts in a second. After a crash the marker is absent, and after
/// anything else touched the file (a restored copy, a damaged disk block written back, a `cp`
/// over it) the identity differs: then the check runs.
struct CleanShutdownMarker {
    let path: String
    let database: String

    init(database: String) {
        self.database = database
        path = database + ".clean-shutdown"
    }

    /// Whether the last shutdown was clean and the database is as it left it. The marker stays
    /// until `remove()`: while the store has not opened, it is also a trace that a database
    /// existed (the store refuses to create an empty one beside it).
    func isClean() -> Bool {
        guard let recorded = try? Files.read(path, limit: 4096), let current = identity() else { return false }
        return String(decoding: recorded, as: UTF8.self) == current
    }

    /// Removes the marker (once the store is open: a crash from here on is not a clean shutdown).
    func remove() { try? Directory.unlink(path) }

    /// Records the database's identity, in a file of mode 0640 whatever the umask; call after the
    /// store closed.
    func write() {
        guard let current = identity() else { return }
        if (try? StateFile.write(path, Array(current.utf8), mode: 0o640)) == nil { remove() }
    }

    /// The database file's identity, or nil when it has a non-empty write-ahead log (whatever is in
    /// the log was not checked) or cannot be looked at.
    private func identity() -> String? {
        if let wal = try? Directory.status(database + "-wal"), wal.size > 0 { return nil }
        return (try? Directory.status(database))?.identity
    }
}
