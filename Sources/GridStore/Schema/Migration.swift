import CSQLite

/// One step of the schema's history: the SQL that takes a database from `version - 1` to `version`.
///
/// Migrations exist so that a database written by an older gridd is upgraded in place at start-up.
/// A shipped migration is never edited: a change to the schema is a new step.
public struct Migration: Sendable {
    public var version: Int
    public var name: String
    public var sql: String
    /// Whether the step rebuilds a table that others reference (new table, copy, drop, rename):
    /// then it runs with `PRAGMA foreign_keys` off (dropping the old table would otherwise fail or
    /// cascade) and `PRAGMA foreign_key_check` must find nothing before it commits.
    public var rebuildsTables: Bool

    public init(version: Int, name: String, sql: String, rebuildsTables: Bool = false) {
        self.version = version
        self.name = name
        self.sql = sql
        self.rebuildsTables = rebuildsTables
    }

    /// Every migration, in order. `PRAGMA user_version` records the last one applied.
    public static let all: [Migration] = [
        Migration(version: 1, name: "incidents, append-only events, operator views", sql: SchemaV1.sql),
        Migration(version: 2, name: "notification outbox", sql: SchemaV2Outbox.sql),
        Migration(
            version: 3, name: "idempotency keys scoped to their submitter, with a content digest",
            sql: SchemaV3KeyScope.sql, rebuildsTables: true),
        Migration(
            version: 4, name: "case deadlines, 超期 charged to the unit that missed a window, lights, extended events",
            sql: SchemaV4CaseDeadlines.sql, rebuildsTables: true),
        Migration(
            version: 5, name: "the steps of the loop: 立案 and channels, requests, 挂账, 督办, 回访",
            sql: SchemaV5Loop.sql, rebuildsTables: true),
        Migration(version: 6, name: "an index for lists of a category; the tier in the state index", sql: SchemaV6ListIndexes.sql),
    ]

    /// The schema version this code reads and writes.
    public static var supportedVersion: Int { all.last?.version ?? 0 }
}

/// Applies pending migrations to a connection, each in its own `BEGIN IMMEDIATE` transaction that
/// also sets `PRAGMA user_version`, so a crash leaves the database at a whole version.
///
/// It exists to keep the upgrade rule in one place: a database newer than the code is refused
/// (an older gridd must not write into a schema it does not know) and nothing is changed.
enum Migrator {
    /// The database's `user_version`.
    static func version(of connection: Connection) throws(SQLiteError) -> Int {
        Int(try connection.scalarInt("PRAGMA user_version") ?? 0)
    }

    /// Refuses a database whose schema is newer than `migrations` know.
    static func checkNotTooNew(_ connection: Connection, migrations: [Migration] = Migration.all) throws(StoreError) {
        let supported = migrations.last?.version ?? 0
        let found: Int
        do { found = try version(of: connection) } catch { throw StoreError.sqlite(error) }
        if found > supported { throw StoreError.schemaTooNew(found: found, supported: supported) }
    }

    /// Brings the database up to the last migration. Returns the versions applied (empty when current).
    @discardableResult
    static func migrate(_ connection: Connection, migrations: [Migration] = Migration.all) throws(StoreError) -> [Int] {
        try checkNotTooNew(connection, migrations: migrations)
        var applied: [Int] = []
        for migration in migrations {
            var foreignKeysOff = false
            do throws(SQLiteError) {
                // `PRAGMA foreign_keys` is a no-op inside a transaction: switched before BEGIN.
                if migration.rebuildsTables, try version(of: connection) < migration.version,
                    try connection.scalarInt("PRAGMA foreign_keys") == 1
                {
                    try connection.execute("PRAGMA foreign_keys = OFF")
                    foreignKeysOff = true
                }
                try connection.execute("BEGIN IMMEDIATE")
                // Read the version again inside the write lock: another process may have migrated meanwhile.
                let current = try version(of: connection)
                if current >= migration.version {
                    try connection.execute("COMMIT")
                    if foreignKeysOff { try connection.execute("PRAGMA foreign_keys = ON") }
                    continue
                }
                if current != migration.version - 1 {
                    throw SQLiteError(
                        extendedCode: SQLITE_ERROR,
                        message: "schema version \(current) cannot be migrated by step \(migration.version) (\(migration.name))")
                }
                try connection.execute(migration.sql)
                if migration.rebuildsTables {
                    let violations = try connection.strings("PRAGMA foreign_key_check")
                    if !violations.isEmpty {
                        throw SQLiteError(
                            extendedCode: SQLITE_CONSTRAINT,
                            message: "the rebuilt tables break \(violations.count) foreign key reference(s), first in table \(violations[0])")
                    }
                }
                try connection.execute("PRAGMA user_version = \(migration.version)")
                try connection.execute("COMMIT")
                if foreignKeysOff { try connection.execute("PRAGMA foreign_keys = ON") }
                applied.append(migration.version)
            } catch {
                if connection.isInTransaction { try? connection.execute("ROLLBACK") }
                // After the transaction: inside one, the pragma would do nothing.
                if foreignKeysOff { try? connection.execute("PRAGMA foreign_keys = ON") }
                var described = error
                described.message = "migration \(migration.version) (\(migration.name)) failed: \(error.message)"
                throw StoreError.sqlite(described)
            }
        }
        return applied
    }
}
