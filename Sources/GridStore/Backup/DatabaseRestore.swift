import CSQLite
import GridSystem

/// What `gridd --restore` did: the database now in place, and where the one it replaced went.
public struct RestoreOutcome: Sendable, Equatable {
    /// The restored database (its `path` is the database's).
    public var restored: DatabaseCopy
    /// The previous database and its write-ahead log, under their new names (empty when there was
    /// no database).
    public var setAside: [String]
}

/// Puts a backup in place of the database of a stopped gridd (`gridd --restore FILE`).
///
/// It exists so that a restore is one checked step rather than a `cp` over a file gridd may have
/// open, next to a write-ahead log that belongs to the old file (gridd would refuse that pair, or
/// SQLite would apply the log to the wrong database). In order:
/// 1. it refuses while any process has the database open (`inUse`) and changes nothing;
/// 2. it copies the backup into `<database>.restoring` with the online backup API (so a backup
///    that has a `-wal` of its own is read whole), with mode 0640 and, when run as root, the owner
///    of the database it replaces (else of the directory), and checks the copy: `PRAGMA
///    integrity_check`, and a schema version from 1 to the one this gridd knows (an older one is
///    migrated when gridd next starts; a newer one is refused);
/// 3. it renames the old database and its `-wal` to `<database>.before-restore-STAMP` (and
///    `…-wal`), removes the old `-shm`, and renames the copy to `<database>`, then fsyncs the
///    directory. Nothing is deleted that could not be rebuilt: the old pair still opens.
public enum DatabaseRestore {
    /// The byte of the `-shm` file on which every open WAL connection holds a read lock for its
    /// whole life (SQLite's `UNIX_SHM_DMS`: `UNIX_SHM_BASE` 120 + `SQLITE_SHM_NLOCK` 8).
    static let sharedMemoryLiveByte: Int64 = 128

    /// The pid of a process that has the database at `path` open (a running gridd, or an
    /// `sqlite3` shell), or nil when none has. Call only from a process without a connection to
    /// it (see `FileLocks.holder`).
    public static func processUsing(database path: String) throws(StoreError) -> Int32? {
        do throws(Errno) {
            return try FileLocks.holder(of: path + "-shm", offset: sharedMemoryLiveByte, length: 1)
        } catch {
            throw .databaseFile("cannot tell whether \(path) is in use: \(error)")
        }
    }

    /// Restores `backup` into `database` (see the type's comment). `stamp` names the files the
    /// old database is kept under (e.g. `20261205T031500Z`).
    public static func restore(from backup: String, into database: String, stamp: String) throws(StoreError) -> RestoreOutcome {
        try refuseInUse(database)
        if let source = try? FileIdentity.of(path: backup), let current = try? FileIdentity.of(path: database),
            source.isSameFile(as: current)
        {
            throw .databaseFile("\(backup) is the database itself, not a backup of it; nothing was changed")
        }
        let staged = database + ".restoring"
        var copy = try DatabaseBackup.copy(from: backup, to: staged, mode: DatabaseFile.mode, owner: owner(for: database))
        do throws(StoreError) {
            guard copy.schemaVersion >= 1 else {
                throw .databaseFile("\(backup) is an SQLite database but not gridd's (schema version 0); nothing was changed")
            }
            if copy.schemaVersion > Migration.supportedVersion {
                throw StoreError.schemaTooNew(found: copy.schemaVersion, supported: Migration.supportedVersion)
            }
            try refuseInUse(database)
        } catch {
            try? Directory.unlink(staged)
            throw error
        }
        let aside = database + ".before-restore-" + stamp
        var setAside: [String] = []
        do throws(Errno) {
            for (from, to) in [(database, aside), (database + "-wal", aside + "-wal")] where StateFile.isPresent(from) {
                try Directory.rename(from, to: to)
                setAside.append(to)
            }
            if StateFile.isPresent(database + "-shm") { try Directory.unlink(database + "-shm") }
            try Directory.rename(staged, to: database)
            try Directory.sync(DatabaseBackup.parentDirectory(of: database))
        } catch {
            throw .databaseFile(
                "the restore stopped half-way: \(error). The database set aside so far: \(setAside.joined(separator: ", ")); "
                    + "the checked copy of the backup: \(staged)")
        }
        copy.path = database
        return RestoreOutcome(restored: copy, setAside: setAside)
    }

    private static func refuseInUse(_ database: String) throws(StoreError) {
        if let pid = try processUsing(database: database) {
            throw .databaseFile(
                "the database \(database) is open in process \(pid) (a running gridd?): stop gridd first "
                    + "(systemctl stop gridd.socket gridd.service) and run the restore again; nothing was changed")
        }
    }

    /// Root restores a database for the daemon's user: the copy gets the owner of the database it
    /// replaces, or of its directory. Anyone else keeps their own.
    private static func owner(for database: String) -> (uid: UInt32, gid: UInt32)? {
        guard UserDirectory.effectiveUID() == 0 else { return nil }
        let status = (try? Directory.status(database)) ?? (try? Directory.status(DatabaseBackup.parentDirectory(of: database)))
        return status.map { ($0.uid, $0.gid) }
    }
}
