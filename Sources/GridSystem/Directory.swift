import Glibc

/// What fstat(2) and lstat(2) say about a file, reduced to what gridd looks at.
public struct FileStatus: Sendable, Equatable {
    public var mode: mode_t
    public var size: Int64
    public var uid: UInt32
    public var gid: UInt32
    public var device: UInt64
    public var inode: UInt64
    /// st_nlink: how many names the file has.
    public var links: UInt64
    /// Last modification and last status change (write, rename, link, chmod, …), in nanoseconds
    /// since the epoch.
    public var modifiedNanoseconds: Int64
    public var changedNanoseconds: Int64

    init(_ info: stat) {
        mode = info.st_mode
        size = Int64(info.st_size)
        uid = info.st_uid
        gid = info.st_gid
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
        links = UInt64(info.st_nlink)
        modifiedNanoseconds = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
        changedNanoseconds = Int64(info.st_ctim.tv_sec) * 1_000_000_000 + Int64(info.st_ctim.tv_nsec)
    }

    /// Last modification, in milliseconds since the epoch.
    public var modifiedMilliseconds: Int64 { modifiedNanoseconds / 1_000_000 }
    /// The later of the last modification and the last status change, in milliseconds since the
    /// epoch: when the file was last written, renamed, linked or truncated.
    public var lastChangeMilliseconds: Int64 { max(modifiedNanoseconds, changedNanoseconds) / 1_000_000 }

    /// Device, inode, size, and modification and status-change times to the nanosecond: changes
    /// whenever the file is written, replaced, truncated or touched (the change time cannot be set
    /// back by a program), so two equal identities mean nobody changed the file in between.
    public var identity: String {
        "dev=\(device) ino=\(inode) size=\(size) "
            + "mtime=\(modifiedNanoseconds / 1_000_000_000).\(modifiedNanoseconds % 1_000_000_000) "
            + "ctime=\(changedNanoseconds / 1_000_000_000).\(changedNanoseconds % 1_000_000_000)"
    }

    /// Whether `other` is the same file with the same content as far as stat can tell: the same
    /// device and inode, size, modification and change times (what `identity` shows).
    public func isUnchanged(comparedTo other: FileStatus) -> Bool {
        device == other.device && inode == other.inode && size == other.size
            && modifiedNanoseconds == other.modifiedNanoseconds && changedNanoseconds == other.changedNanoseconds
    }

    public var isRegularFile: Bool { mode & S_IFMT == S_IFREG }
    public var isDirectory: Bool { mode & S_IFMT == S_IFDIR }
    public var isSymbolicLink: Bool { mode & S_IFMT == S_IFLNK }

    /// "regular file", "FIFO", "symbolic link", … for messages.
    public var kindName: String {
        switch mode & S_IFMT {
        case S_IFREG: return "regular file"
        case S_IFDIR: return "directory"
        case S_IFLNK: return "symbolic link"
        case S_IFIFO: return "FIFO"
        case S_IFSOCK: return "socket"
        case S_IFCHR: return "character device"
        case S_IFBLK: return "block device"
        default: return "file of unknown type"
        }
    }
}

extension FileDescriptor {
    /// fstat(2).
    public func status() throws(Errno) -> FileStatus {
        var info = stat()
        _ = try retryingInterrupts("fstat") { fstat(rawValue, &info) }
        return FileStatus(info)
    }
}

/// Directory listing and the renames, unlinks and fsyncs of a mail-queue style spool.
public enum Directory {
    /// One name in a directory. `name` is nil when the bytes are not UTF-8 (the bytes are kept
    /// so that such an entry can still be renamed or removed).
    public struct Entry: Sendable, Equatable {
        public var bytes: [UInt8]
        public var name: String?
        /// `d_type` (DT_REG, DT_LNK, …; DT_UNKNOWN on file systems that do not say).
        public var type: UInt8
    }

    /// Every entry of `path` except `.` and `..`, in directory order.
    public static func entries(_ path: String) throws(Errno) -> [Entry] {
        guard let stream = opendir(path) else { throw Errno(code: errno, call: "opendir(\(path))") }
        defer { closedir(stream) }
        var result: [Entry] = []
        while true {
            errno = 0
            guard let entry = readdir(stream) else {
                if errno != 0 { throw Errno(code: errno, call: "readdir(\(path))") }
                return result
            }
            let bytes = withUnsafeBytes(of: entry.pointee.d_name) { raw in Array(raw.prefix { $0 != 0 }) }
            if bytes == [0x2E] || bytes == [0x2E, 0x2E] { continue }
            let name = String(validating: bytes, as: UTF8.self)
            result.append(Entry(bytes: bytes, name: name, type: entry.pointee.d_type))
        }
    }

    /// How many entries `path` has (without `.` and `..`), or nil when it cannot be read.
    public static func count(_ path: String) -> Int? {
        guard let stream = opendir(path) else { return nil }
        defer { closedir(stream) }
        var count = 0
        while let entry = readdir(stream) {
            let first = entry.pointee.d_name.0
            let second = entry.pointee.d_name.1
            let third = entry.pointee.d_name.2
            if first == 0x2E && (second == 0 || (second == 0x2E && third == 0)) { continue }
            count += 1
        }
        return count
    }

    /// stat(2): the file a symbolic link points to.
    public static func status(_ path: String) throws(Errno) -> FileStatus {
        var info = stat()
        _ = try retryingInterrupts("stat(\(path))") { () -> Int32 in stat(path, &info) }
        return FileStatus(info)
    }

    /// lstat(2): the entry itself, not what a symbolic link points to.
    public static func linkStatus(_ path: String) throws(Errno) -> FileStatus {
        var info = stat()
        _ = try retryingInterrupts("lstat(\(path))") { lstat(path, &info) }
        return FileStatus(info)
    }

    /// rename(2).
    public static func rename(_ from: String, to: String) throws(Errno) {
        _ = try retryingInterrupts("rename(\(from), \(to))") { Glibc.rename(from, to) }
    }

    /// rename(2) with raw name bytes (for names that are not UTF-8).
    public static func rename(directory: String, name: [UInt8], to: String) throws(Errno) {
        let from = Array(directory.utf8) + [0x2F] + name + [0]
        _ = try retryingInterrupts("rename(\(directory)/…, \(to))") {
            from.withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) { Glibc.rename($0.baseAddress!, to) }
            }
        }
    }

    /// unlink(2).
    public static func unlink(_ path: String) throws(Errno) {
        _ = try retryingInterrupts("unlink(\(path))") { Glibc.unlink(path) }
    }

    /// fsync(2) of a directory, so that renames and creations in it are durable.
    public static func sync(_ path: String) throws(Errno) {
        let fd = try FileDescriptor.open(path, O_RDONLY | O_DIRECTORY)
        defer { fd.close() }
        try fd.fsync()
    }

    /// Creates (or truncates) `path` with `bytes` and fsyncs it.
    public static func writeFile(_ path: String, _ bytes: [UInt8], mode: mode_t = 0o640, exclusive: Bool = false) throws(Errno) {
        let flags = O_WRONLY | O_CREAT | (exclusive ? O_EXCL : O_TRUNC)
        let fd = try FileDescriptor.open(path, flags, mode: mode)
        defer { fd.close() }
        try fd.writeAll(bytes)
        try fd.fsync()
    }
}
