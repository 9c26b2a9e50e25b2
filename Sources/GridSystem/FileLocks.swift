import Glibc

/// POSIX record locks (fcntl(2)) that other processes hold, and file ownership: what a backup or
/// a restore of the database needs to know and to set.
///
/// It exists for `gridd --restore`, which must not replace a database that a running gridd has
/// open. SQLite in WAL mode keeps a read lock on one byte of the `-shm` file (the "DMS" byte) for
/// as long as a connection is open, so asking the kernel who holds that byte answers "is any
/// process using this database?" without opening the database, taking a lock, or guessing from
/// a socket (which, socket-activated, would start gridd).
public enum FileLocks {
    /// The pid of a process holding a lock on `length` bytes of `path` from `offset` that would
    /// conflict with a write lock (F_GETLK), or nil when no process does or `path` does not exist.
    ///
    /// Locks of the calling process itself are never reported (that is what F_GETLK does), and
    /// closing the descriptor opened here drops the calling process's own POSIX locks on the file:
    /// call it only in a process that has no SQLite connection to the database.
    public static func holder(of path: String, offset: Int64, length: Int64) throws(Errno) -> Int32? {
        let fd: FileDescriptor
        do {
            fd = try FileDescriptor.open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK)
        } catch where error.is(ENOENT) {
            return nil
        }
        defer { fd.close() }
        var lock = flock()
        lock.l_type = Int16(F_WRLCK)
        lock.l_whence = Int16(SEEK_SET)
        lock.l_start = off_t(offset)
        lock.l_len = off_t(length)
        _ = try retryingInterrupts("fcntl(\(path), F_GETLK)") { fcntl(fd.rawValue, F_GETLK, &lock) }
        return lock.l_type == Int16(F_UNLCK) ? nil : lock.l_pid
    }
}

extension FileDescriptor {
    /// fchown(2): gives the file to `uid` and `gid` (root only, unless they are the caller's own).
    public func changeOwner(uid: UInt32, gid: UInt32) throws(Errno) {
        _ = try retryingInterrupts("fchown") { fchown(rawValue, uid, gid) }
    }
}
