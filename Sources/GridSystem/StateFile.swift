import Glibc

/// Which file a descriptor or a path names (device and inode), whether it still has a name (its
/// link count), and its permission bits.
///
/// It exists so that a daemon can tell that the file it has open is still the one its path names:
/// a database deleted (link count 0) or replaced (the path now names another inode) while open
/// keeps working through the descriptor, silently, into a file nobody will ever see again.
public struct FileIdentity: Sendable, Equatable, CustomStringConvertible {
    public var device: UInt64
    public var inode: UInt64
    public var linkCount: UInt64
    /// The permission bits (`mode & 0o7777`).
    public var permissions: UInt32
    public var isRegularFile: Bool
    public var size: Int64

    init(_ info: stat) {
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
        linkCount = UInt64(info.st_nlink)
        permissions = UInt32(info.st_mode) & 0o7777
        isRegularFile = info.st_mode & S_IFMT == S_IFREG
        size = Int64(info.st_size)
    }

    /// fstat(2) of `fd`.
    public static func of(_ fd: FileDescriptor) throws(Errno) -> FileIdentity {
        var info = stat()
        _ = try retryingInterrupts("fstat") { fstat(fd.rawValue, &info) }
        return FileIdentity(info)
    }

    /// stat(2) of `path` (following symbolic links, as SQLite does when it opens a database).
    public static func of(path: String) throws(Errno) -> FileIdentity {
        var info = stat()
        _ = try retryingInterrupts("stat(\(path))") { stat(path, &info) }
        return FileIdentity(info)
    }

    /// Whether both name the same file (device and inode).
    public func isSameFile(as other: FileIdentity) -> Bool { device == other.device && inode == other.inode }

    public var description: String { "dev=\(device) ino=\(inode)" }
}

/// Files the daemon keeps its state in (the database, the dispatch log, markers beside the
/// database), created with exactly the mode asked for, whatever the umask.
///
/// It exists because open(2)'s mode is filtered through the umask: a daemon started by hand
/// under umask 022 would create 0644 files that every local user can read — reporters' names and
/// phone numbers included. Creation is exclusive and never follows a symbolic link.
public enum StateFile {
    /// Creates `path` (which must not exist: `O_EXCL`, and `O_NOFOLLOW` so a symbolic link placed
    /// there is never followed) and sets its mode to exactly `mode` with fchmod(2).
    /// - Parameter access: `O_RDWR` (the default), or `O_WRONLY` with `O_APPEND` or not.
    public static func create(_ path: String, mode: UInt32, access: Int32 = O_RDWR) throws(Errno) -> FileDescriptor {
        let fd = try FileDescriptor.open(path, access | O_CREAT | O_EXCL | O_NOFOLLOW, mode: mode_t(mode))
        do {
            try fd.changeMode(mode)
        } catch {
            fd.close()
            unlink(path)
            throw error
        }
        return fd
    }

    /// Opens `path` for reading (following a symbolic link, as SQLite does); nil when it does not exist.
    public static func openForReading(_ path: String) throws(Errno) -> FileDescriptor? {
        do {
            return try FileDescriptor.open(path, O_RDONLY)
        } catch where error.is(ENOENT) {
            return nil
        }
    }

    /// Clears `bits` (e.g. 0o007, every permission of others) from the mode of `path`, if it
    /// exists and is a regular file (a symbolic link is not followed). Returns whether it changed.
    @discardableResult
    public static func removePermissions(_ bits: UInt32, from path: String) throws(Errno) -> Bool {
        let fd: FileDescriptor
        do {
            fd = try FileDescriptor.open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK)
        } catch where error.is(ENOENT) || error.is(ELOOP) {
            return false
        }
        defer { fd.close() }
        let identity = try FileIdentity.of(fd)
        guard identity.isRegularFile, identity.permissions & bits != 0 else { return false }
        try fd.changeMode(identity.permissions & ~bits)
        return true
    }

    /// Opens `path` for appending; if it does not exist, creates it with exactly `mode`.
    public static func openForAppend(_ path: String, mode: UInt32) throws(Errno) -> FileDescriptor {
        while true {
            do {
                return try create(path, mode: mode, access: O_WRONLY | O_APPEND)
            } catch where error.is(EEXIST) {
                do {
                    return try FileDescriptor.open(path, O_WRONLY | O_APPEND)
                } catch where error.is(ENOENT) {
                    continue  // removed in between: create it
                }
            }
        }
    }

    /// Replaces the contents of `path` with `bytes` (creating it with exactly `mode` if needed,
    /// never following a symbolic link) and fsyncs it.
    public static func write(_ path: String, _ bytes: [UInt8], mode: UInt32) throws(Errno) {
        let fd: FileDescriptor
        do {
            fd = try create(path, mode: mode, access: O_WRONLY)
        } catch where error.is(EEXIST) {
            fd = try FileDescriptor.open(path, O_WRONLY | O_TRUNC | O_NOFOLLOW)
        }
        defer { fd.close() }
        try fd.writeAll(bytes)
        try fd.fsync()
    }

    /// Whether anything (a file, a directory, a dangling symbolic link) is at `path`.
    public static func isPresent(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }
}

extension FileDescriptor {
    /// fchmod(2): sets the permission bits to exactly `mode`.
    public func changeMode(_ mode: UInt32) throws(Errno) {
        _ = try retryingInterrupts("fchmod") { fchmod(rawValue, mode_t(mode)) }
    }
}
