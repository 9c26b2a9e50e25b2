import CLinux
import Glibc

/// A directory held open, and the `*at(2)` calls relative to it: what a daemon uses in a
/// directory that others write into (the spool's new/). Every name is a single path component
/// (a name holding `/`, or `.`, `..`, empty, is refused with EINVAL), resolved by the kernel in
/// this directory only; files are opened with O_NOFOLLOW (a symbolic link is never followed:
/// ELOOP), created with O_EXCL (an existing entry, link or not, is never truncated or written
/// through: EEXIST) and their mode set explicitly whatever the umask; renames never replace
/// an existing entry. A plain value: whoever opened it closes it.
public struct DirectoryDescriptor: Sendable, CustomStringConvertible {
    public let descriptor: FileDescriptor
    /// The path it was opened with, for messages.
    public let path: String

    public var description: String { path }

    /// Opens `path` as a directory (O_DIRECTORY: anything else fails with ENOTDIR).
    public static func open(_ path: String) throws(Errno) -> DirectoryDescriptor {
        let fd = try FileDescriptor.open(path, O_RDONLY | O_DIRECTORY)
        return DirectoryDescriptor(descriptor: fd, path: path)
    }

    public func close() { descriptor.close() }

    /// openat(2) of `name` with O_NOFOLLOW and O_CLOEXEC added. With O_CREAT, O_EXCL is added too
    /// and the new file gets exactly `mode` (fchmod after creation: the umask does not apply).
    public func openFile(_ name: String, _ flags: Int32, mode: mode_t = 0o640) throws(Errno) -> FileDescriptor {
        let creates = flags & O_CREAT != 0
        let all = flags | O_NOFOLLOW | O_CLOEXEC | (creates ? O_EXCL : 0)
        let raw = try withName(name, "openat") { (fd, cName) throws(Errno) -> Int32 in
            try retryingInterrupts(self.call("openat", name)) { openat(fd, cName, all, mode) }
        }
        let file = FileDescriptor(rawValue: raw)
        if creates {
            do throws(Errno) {
                _ = try retryingInterrupts(call("fchmod", name)) { fchmod(raw, mode) }
            } catch {
                file.close()
                try? unlink(name)
                throw error
            }
        }
        return file
    }

    /// Opens `name` to read it, whatever sits there: read-only, O_NONBLOCK (a FIFO opens without
    /// waiting for a writer), O_NOCTTY (a terminal never becomes the daemon's), and no symbolic
    /// link followed (ELOOP: `Errno.isSymbolicLinkLoop`). The caller fstats what it got.
    public func openForReading(_ name: String) throws(Errno) -> FileDescriptor {
        try openFile(name, O_RDONLY | O_NONBLOCK | O_NOCTTY)
    }

    /// Creates `name` (O_EXCL, O_NOFOLLOW, exactly `mode`) holding `bytes`, fsynced. Never
    /// replaces or writes through anything: EEXIST when the name is taken. A file that could not
    /// be written whole is removed again.
    public func createFile(_ name: String, _ bytes: [UInt8], mode: mode_t = 0o640) throws(Errno) {
        let fd = try openFile(name, O_WRONLY | O_CREAT, mode: mode)
        defer { fd.close() }
        do throws(Errno) {
            try fd.writeAll(bytes)
            try fd.fsync()
        } catch {
            try? unlink(name)
            throw error
        }
    }

    /// fstatat(2) with AT_SYMLINK_NOFOLLOW: the entry itself, not what a link points to.
    public func status(_ name: String) throws(Errno) -> FileStatus {
        var info = stat()
        _ = try withName(name, "fstatat") { (fd, cName) throws(Errno) -> Int32 in
            try retryingInterrupts(self.call("fstatat", name)) { fstatat(fd, cName, &info, AT_SYMLINK_NOFOLLOW) }
        }
        return FileStatus(info)
    }

    /// `status(_:)` for a name given as bytes (one that is not UTF-8).
    public func status(nameBytes name: [UInt8]) throws(Errno) -> FileStatus {
        let shown = String(decoding: name, as: UTF8.self)
        try Self.checkName(name, call("fstatat", shown))
        let cName = name.map { CChar(bitPattern: $0) } + [0]
        var info = stat()
        _ = try retryingInterrupts(call("fstatat", shown)) { fstatat(descriptor.rawValue, cName, &info, AT_SYMLINK_NOFOLLOW) }
        return FileStatus(info)
    }

    /// readlinkat(2): where the symbolic link `name` points (at most 4 KiB of it), or nil.
    public func linkTarget(_ name: String) -> String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = try? withName(name, "readlinkat") { (fd, cName) throws(Errno) -> Int in
            try retryingInterrupts(self.call("readlinkat", name)) { readlinkat(fd, cName, &buffer, buffer.count) }
        }
        guard let count else { return nil }
        return String(decoding: buffer.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Renames `name` to `newName` in `target` without ever replacing an entry there (EEXIST):
    /// renameat2 with RENAME_NOREPLACE, or where the file system does not support it, linkat then
    /// unlinkat (linkat does not follow a link and fails with EEXIST too).
    public func rename(_ name: String, to target: DirectoryDescriptor, as newName: String) throws(Errno) {
        try rename(nameBytes: Array(name.utf8), to: target, as: newName)
    }

    /// `rename(_:to:as:)` for a name given as bytes (one that is not UTF-8).
    public func rename(nameBytes name: [UInt8], to target: DirectoryDescriptor, as newName: String) throws(Errno) {
        let shown = String(decoding: name, as: UTF8.self)
        try Self.checkName(name, call("renameat2", shown))
        try Self.checkName(Array(newName.utf8), target.call("renameat2", newName))
        let source = name.map { CChar(bitPattern: $0) } + [0]
        let fd = descriptor.rawValue
        let targetFD = target.descriptor.rawValue
        do throws(Errno) {
            _ = try retryingInterrupts(call("renameat2", shown) + " → " + target.call("", newName)) {
                clinux_renameat_noreplace(fd, source, targetFD, newName)
            }
        } catch where error.is(EINVAL) || error.is(ENOSYS) {
            _ = try retryingInterrupts(call("linkat", shown) + " → " + target.call("", newName)) {
                linkat(fd, source, targetFD, newName, 0)
            }
            _ = try retryingInterrupts(call("unlinkat", shown)) { unlinkat(fd, source, 0) }
        }
    }

    /// unlinkat(2) of a name that is not a directory.
    public func unlink(_ name: String) throws(Errno) {
        _ = try withName(name, "unlinkat") { (fd, cName) throws(Errno) -> Int32 in
            try retryingInterrupts(self.call("unlinkat", name)) { unlinkat(fd, cName, 0) }
        }
    }

    /// unlinkat(2) of a name given as bytes (one that is not UTF-8).
    public func unlink(nameBytes name: [UInt8]) throws(Errno) {
        let shown = String(decoding: name, as: UTF8.self)
        try Self.checkName(name, call("unlinkat", shown))
        let cName = name.map { CChar(bitPattern: $0) } + [0]
        _ = try retryingInterrupts(call("unlinkat", shown)) { unlinkat(descriptor.rawValue, cName, 0) }
    }

    /// fsync(2) of the directory, so that creations, renames and unlinks in it are durable.
    public func sync() throws(Errno) { try descriptor.fsync() }

    // MARK: Names

    private func call(_ name: String, _ entry: String) -> String {
        name.isEmpty ? "\(path)/\(entry)" : "\(name)(\(path)/\(entry))"
    }

    private func withName<T>(
        _ name: String, _ callName: String, _ body: (Int32, UnsafePointer<CChar>) throws(Errno) -> T
    ) throws(Errno) -> T {
        try Self.checkName(name.utf8, call(callName, name))
        let fd = descriptor.rawValue
        let result = name.withCString { cName -> Result<T, Errno> in
            do throws(Errno) { return .success(try body(fd, cName)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    /// One path component: not empty, not `.` or `..`, no `/` and no NUL.
    static func checkName(_ name: some Collection<UInt8>, _ call: @autoclosure () -> String) throws(Errno) {
        let valid = !name.isEmpty && !name.elementsEqual([0x2E]) && !name.elementsEqual([0x2E, 0x2E])
            && !name.contains(0x2F) && !name.contains(0)
        if !valid { throw Errno(code: EINVAL, call: call()) }
    }
}
