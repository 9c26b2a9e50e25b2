import GridCore
import GridStore

/// A database as gridd wrote it at schema version 4, before the steps of the loop (issue 14): for
/// the tests of migration 5.
///
/// It is `Version3Database` taken through migration 4 the way the version-4 release did it
/// (foreign keys off for the rebuild), then what that release's daemon wrote: the start-up
/// back-fill of case deadlines (each case's start tier's ack plus resolve from its creation, the
/// back-fill list emptied) and, on the case started at the street, an approved-by-nobody 延期 (an
/// `extended` event moving its case deadline by 1 h). A worker's own deferral is still a plain
/// `deferred` state (`Version3Database.Case.deferred`).
public enum Version4Database {
    public typealias Case = Version3Database.Case
    /// The case deadline version 4 gave each case, in minutes after `Version3Database.createdAt`:
    /// 30 + 240 at the community, 20 + 120 at the street (then 60 more for the 延期).
    public static let caseDueMinutes: [Case: Int64] = [
        .escalatedTwice: 270, .overdueAtTheTop: 270, .closed: 270, .deferred: 270, .verificationMissed: 270,
        .startedAtTheStreet: 200,
    ]

    /// Creates the database at `path` (which must not exist).
    public static func create(path: String) throws(SQLiteError) {
        try Version3Database.create(path: path)
        let connection = try Connection(path: path)
        defer { connection.close() }
        let v4 = Migration.all[3]
        try connection.execute("PRAGMA foreign_keys = OFF")
        try connection.execute("BEGIN IMMEDIATE")
        try connection.execute(v4.sql)
        try connection.execute("PRAGMA user_version = \(v4.version); COMMIT")
        try connection.execute("PRAGMA foreign_keys = ON")
        try connection.execute("BEGIN IMMEDIATE")
        for (id, minutes) in caseDueMinutes {
            let due = Version3Database.at(minutes)
            let warn = Version3Database.createdAt.milliseconds + (due - Version3Database.createdAt.milliseconds) * 4 / 5
            try connection.execute("UPDATE incidents SET case_due_at = \(due), case_warn_at = \(warn) WHERE id = \(id.rawValue)")
        }
        try connection.execute("DELETE FROM case_deadline_backfill")
        let from = Timestamp(milliseconds: Version3Database.at(140)).description
        let to = Timestamp(milliseconds: Version3Database.at(200)).description
        try connection.execute("""
            INSERT INTO events (incident_id, kind, at, tier, unit, actor_uid, note, detail)
            VALUES (\(Case.startedAtTheStreet.rawValue), 'extended', \(Version3Database.at(15)), 2,
                    '\(Version3Database.street.rawValue)', 0, '等待施工许可',
                    '{"by":"1h","case_due_from":"\(from)","case_due_to":"\(to)"}');
            """)
        try connection.execute("COMMIT")
    }
}
