import GridSystem
import Synchronization

/// The database file as the store holds it: created with an explicit mode, never silently
/// re-created, and watched for being deleted or replaced while open.
///
/// It exists because SQLite alone gets three things wrong for gridd:
/// - It creates the database (and gives `-wal` and `-shm` the database's mode) under the umask:
///   0644 on a checkout, readable by every local user. Here the file is created first, exclusively
///   and without following a symbolic link, and set to 0640 with fchmod, before SQLite opens it.
/// - A database deleted or moved while gridd is stopped is silently replaced by an empty one at
///   the next start. Here a missing database is created only when nothing beside it says that one
///   existed: not its write-ahead log or shared memory, not the identity file written when it was
///   created (`<database>.identity`), not the traces the caller names (the clean-shutdown marker).
/// - A database deleted or replaced while open keeps working through SQLite's descriptors, so
///   every write is acknowledged into a file nobody will see again. Here the identity (device and
///   inode) of the file opened is kept, and `check()` compares the path against it: one stat(2),
///   run before each commit batch and by `status`. The first mismatch latches: from then on every
///   check fails, and `onLost` is called once.
final class DatabaseFile: Sendable {
    /// The mode of the database, and so of its `-wal` and `-shm` (SQLite copies the database's).
    static let mode: UInt32 = 0o640

    let path: String
    /// The file beside the database recording that it exists (see the type's comment).
    let identityPath: String
    /// Held open until the store has closed every connection: closing a descriptor of the file
    /// drops the process's POSIX locks on it, SQLite's included.
    private let descriptor: FileDescriptor
    private let opened: FileIdentity
    private let lost = Mutex<String?>(nil)
    private let closed = Mutex(false)
    private let onLost: @Sendable (String) -> Void

    static func identityPath(of database: String) -> String { database + ".identity" }

    /// Opens the database file, or creates it (empty, mode 0640) when it does not exist and no
    /// trace says it did: the files SQLite keeps beside it, its identity file, and `traces`.
    init(path: String, traces: [String] = [], onLost: @escaping @Sendable (String) -> Void = { _ in }) throws(StoreError) {
        self.path = path
        self.onLost = onLost
        identityPath = Self.identityPath(of: path)
        let existing: FileDescriptor?
        do throws(Errno) {
            existing = try StateFile.openForReading(path)
        } catch {
            throw .databaseFile("cannot open the database \(path): \(error)")
        }
        let descriptor: FileDescriptor
        if let existing {
            descriptor = existing
        } else {
            let found = ([path + "-wal", path + "-shm", identityPath] + traces).filter(StateFile.isPresent)
            if !found.isEmpty { throw .databaseMissing(path: path, traces: found) }
            do throws(Errno) {
                descriptor = try StateFile.create(path, mode: Self.mode)
            } catch {
                throw .databaseFile("cannot create the database \(path): \(error)")
            }
        }
        do throws(Errno) {
            opened = try FileIdentity.of(descriptor)
        } catch {
            descriptor.close()
            throw .databaseFile("cannot look at the database \(path): \(error)")
        }
        if let problem = Self.foreignLog(path: path, identityPath: identityPath, opened: opened) {
            descriptor.close()
            throw .databaseFile(problem)
        }
        self.descriptor = descriptor
    }

    /// After SQLite opened the database: checks that the path still names the file opened here,
    /// removes the permissions of others from a database made by an older gridd (0644 under the
    /// umask), and records the database in its identity file.
    func confirmOpened() throws(StoreError) {
        if let error = check() { throw error }
        if opened.permissions & 0o007 != 0 {
            // A database made before modes were explicit: not readable by every local user any more.
            try? descriptor.changeMode(opened.permissions & ~0o007)
            for companion in [path + "-wal", path + "-shm"] { _ = try? StateFile.removePermissions(0o007, from: companion) }
        }
        let record = Array(identityText.utf8)
        if (try? Files.read(identityPath, limit: 4096)) == record { return }
        do throws(Errno) {
            try StateFile.write(identityPath, record, mode: Self.mode)
        } catch {
            throw .databaseFile("cannot write \(identityPath), which records that the database exists: \(error)")
        }
    }

    /// A write-ahead log left beside a database that is not the file it belongs to (the database
    /// was replaced by a rename after a crash): SQLite would apply its frames to the wrong file.
    private static func foreignLog(path: String, identityPath: String, opened: FileIdentity) -> String? {
        guard let wal = try? FileIdentity.of(path: path + "-wal"), wal.size > 0,
            let text = try? Files.read(identityPath, limit: 4096)
        else { return nil }
        let fields = String(decoding: text, as: UTF8.self).split(whereSeparator: { $0 == " " || $0 == "\n" })
        func value(_ name: String) -> UInt64? {
            fields.last { $0.hasPrefix(name + "=") }.flatMap { UInt64($0.dropFirst(name.count + 1)) }
        }
        guard let device = value("dev"), let inode = value("ino"), device != opened.device || inode != opened.inode else {
            return nil
        }
        return "the database \(path) (\(opened)) is not the file that was there when gridd last ran "
            + "(dev=\(device) ino=\(inode), recorded in \(identityPath)), and \(path)-wal holds that file's last "
            + "transactions: SQLite would apply them to the wrong database. Nothing was modified. Put the database "
            + "the -wal belongs to back, or move \(path)-wal and \(path)-shm aside to use this database as it is"
    }

    private var identityText: String {
        """
        # gridd: the database \(path) exists. While this file is here, gridd will not create an
        # empty database in its place if the database goes missing; to start with an empty
        # database on purpose, move this file aside (see docs/CRASH-AND-FAULTS.md).
        database=\(path) \(opened)

        """
    }

    /// Nil while the path still names the file opened; otherwise (and from then on) the
    /// `.databaseLost` error saying what happened. Costs one stat(2) (and an fstat(2) once, when
    /// the file is found gone). Thread-safe.
    func check() -> StoreError? {
        if let detail = lost.withLock({ $0 }) { return .databaseLost(detail) }
        let detail: String
        do throws(Errno) {
            let named = try FileIdentity.of(path: path)
            if named.isSameFile(as: opened) { return nil }
            detail = "the database file \(path) was replaced while gridd was running: the path now names another "
                + "file (\(named)) than the one gridd opened (\(opened))"
        } catch where error.isNotFound {
            let links = closed.withLock { $0 } ? nil : (try? FileIdentity.of(descriptor))?.linkCount
            detail = links == 0
                ? "the database file \(path) was deleted while gridd was running (the file gridd opened, \(opened), has no name left)"
                : "the database file \(path) was moved away while gridd was running (the file gridd opened, \(opened), "
                    + "still exists under another name)"
        } catch {
            return nil  // Cannot tell (e.g. a transient error): not proof that the file is gone.
        }
        let first = lost.withLock { recorded -> Bool in
            if recorded != nil { return false }
            recorded = detail
            return true
        }
        if first { onLost(detail) }
        return .databaseLost(lost.withLock { $0 } ?? detail)
    }

    /// What `check` found, if the database was lost.
    var lostDetail: String? {
        guard case .databaseLost(let detail)? = check() else { return nil }
        return detail
    }

    /// Closes the descriptor; call only after every SQLite connection to the file is closed.
    /// Idempotent.
    func close() {
        let wasOpen = closed.withLock { closed -> Bool in
            defer { closed = true }
            return !closed
        }
        if wasOpen { descriptor.close() }
    }
}
