import GridCore
import GridStore

/// A database as gridd wrote it at schema version 3, before case deadlines and 超期 events: for
/// the tests of migration 4 and of the start-up back-fill (GridStoreTests, GridDaemonTests).
///
/// It is made the way the version-3 release made it — migrations 1 to 3, a WAL file, foreign keys
/// on — and its rows are the ones that release's lifecycle wrote: an escalation left only its
/// `escalated` event (`window`, `from_tier`, `from_unit`, `next_due`), a miss at the top tier an
/// `overdue` event without a charge, and snapshots have no `case` key.
public enum Version3Database {
    /// 2026-06-01T09:00:00+08:00, a Monday: every case is created then.
    public static let createdAt = Timestamp(rfc3339: "2026-06-01T09:00:00+08:00")!
    static let minute: Int64 = 60_000
    public static let community = UnitCode("320506002001")!
    public static let street = UnitCode("320506002")!
    public static let district = UnitCode("320506")!
    public static let city = UnitCode("320500")!

    /// Calendar time: 30 min to acknowledge and 4 h to resolve at the community (and the district
    /// and the city), 20 min and 2 h at the street; warning at 80%, reminders hourly.
    public static let policy: IncidentPolicy = {
        let community = IncidentPolicy.TierWindows(ack: .calendar(30 * minute), resolve: .calendar(240 * minute))
        let street = IncidentPolicy.TierWindows(ack: .calendar(20 * minute), resolve: .calendar(120 * minute))
        return IncidentPolicy(
            windows: [.community: community, .street: street, .district: community, .city: community], topTier: .city,
            warningFraction: 0.8, reminderInterval: .calendar(60 * minute), verificationWindow: .calendar(240 * minute))
    }()

    /// The cases, by the id each gets.
    public enum Case: Int64, CaseIterable, Sendable {
        /// Missed at the community and the street, acknowledged and resolved at the district.
        case escalatedTwice = 1
        /// Missed at every tier up to the city: escalated three times, then an `overdue` there.
        case overdueAtTheTop = 2
        case closed = 3
        case deferred = 4
        /// Resolved; its verification window missed (an `overdue` of window `verify`).
        case verificationMissed = 5
        /// Started at the street (a category that starts there).
        case startedAtTheStreet = 6
    }

    /// Creates the database at `path` (which must not exist).
    public static func create(path: String) throws(SQLiteError) {
        let connection = try Connection(path: path)
        defer { connection.close() }
        try connection.execute("PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON")
        for migration in Migration.all.prefix(3) {
            try connection.execute("BEGIN IMMEDIATE")
            try connection.execute(migration.sql)
            try connection.execute("PRAGMA user_version = \(migration.version); COMMIT")
        }
        try connection.execute("BEGIN IMMEDIATE")
        try connection.execute(incidents + events + "INSERT INTO outbox (event_seq, incident_id, kind) VALUES (2, 1, 'escalated');")
        try connection.execute("COMMIT")
    }

    /// The policy snapshot as version 3 stored it (no `case` key).
    static var policyText: String {
        guard var object = policy.json.objectValue else { return "{}" }
        object["case"] = nil
        return JSONValue.object(object).serialized()
    }

    public static func at(_ minutes: Int64) -> Int64 { createdAt.milliseconds + minutes * minute }
    static func text(_ minutes: Int64) -> String { Timestamp(milliseconds: at(minutes)).description }

    static var incidents: String {
        // id, category, state, tier, unit, window, due (minutes), overdue, paused, resolved_on_time
        let rows: [(Case, String, String, Int, UnitCode, String?, Int64?, Int, String?, String?)] = [
            (.escalatedTwice, "0102", "resolved", 3, district, "verify", 300 + 240, 0, nil, "1"),
            (.overdueAtTheTop, "0102", "dispatched", 4, city, "ack", 140, 1, nil, nil),
            (.closed, "0102", "closed", 1, community, nil, nil, 0, nil, "1"),
            (.deferred, "0102", "deferred", 1, community, nil, nil, 0,
                #"{"window":"resolve","remaining":"3h","state":"acknowledged"}"#, nil),
            (.verificationMissed, "0102", "resolved", 1, community, "verify", 60 + 240, 1, nil, "1"),
            (.startedAtTheStreet, "0401", "dispatched", 2, street, "ack", 20, 0, nil, nil),
        ]
        return rows.map { row in
            let (id, category, state, tier, unit, window, due, overdue, paused, onTime) = row
            let quoted = { (text: String?) in text.map { "'\($0)'" } ?? "NULL" }
            return """
                INSERT INTO incidents (id, category, priority, state, tier, unit, cell, community, street, district,
                    route_method, title, created_at, updated_at, version, source, created_uid, policy, window, due_at,
                    overdue, paused, resolved_on_time)
                VALUES (\(id.rawValue), '\(category)', 'normal', '\(state)', \(tier), '\(unit.rawValue)', '320506002001006',
                    '\(community.rawValue)', '\(street.rawValue)', '\(district.rawValue)', 'cell', 'v3 case \(id.rawValue)',
                    \(at(0)), \(at(300)), 5, 'socket', 1001, '\(policyText)', \(quoted(window)),
                    \(due.map { String(at($0)) } ?? "NULL"), \(overdue), \(quoted(paused)), \(onTime ?? "NULL"));

                """
        }.joined()
    }

    /// One event row: incident, kind, minutes after creation, tier, unit, due (minutes), detail.
    static func event(_ id: Case, _ kind: String, _ minutes: Int64, _ tier: Int, _ unit: UnitCode, due: Int64? = nil, detail: String = "{}") -> String {
        """
        INSERT INTO events (incident_id, kind, at, tier, unit, actor_uid, due, detail)
        VALUES (\(id.rawValue), '\(kind)', \(at(minutes)), \(tier), '\(unit.rawValue)', \(kind == "dispatched" ? 1001 : 0),
            \(due.map { String(at($0)) } ?? "NULL"), '\(detail)');

        """
    }

    static func escalation(_ id: Case, at minutes: Int64, from tier: Int, _ from: UnitCode, to unit: UnitCode, nextDue: Int64) -> String {
        let name = Tier(rawValue: tier)!.name
        return event(id, "escalated", minutes, tier + 1, unit, due: minutes, detail: """
            {"window":"ack","from_tier":"\(name)","from_unit":"\(from.rawValue)","next_due":"\(text(nextDue))"}
            """)
    }

    static var events: String {
        [
            event(.escalatedTwice, "dispatched", 0, 1, community, detail: #"{"method":"cell","ack_due":"\#(text(30))"}"#),
            escalation(.escalatedTwice, at: 30, from: 1, community, to: street, nextDue: 50),
            escalation(.escalatedTwice, at: 50, from: 2, street, to: district, nextDue: 80),
            event(.escalatedTwice, "acknowledged", 70, 3, district, detail: #"{"next_due":"\#(text(310))"}"#),
            event(.escalatedTwice, "resolved", 300, 3, district, detail: #"{"on_time":true,"resolve_due":"\#(text(310))"}"#),
            event(.overdueAtTheTop, "dispatched", 0, 1, community, detail: #"{"ack_due":"\#(text(30))"}"#),
            escalation(.overdueAtTheTop, at: 30, from: 1, community, to: street, nextDue: 50),
            escalation(.overdueAtTheTop, at: 50, from: 2, street, to: district, nextDue: 80),
            escalation(.overdueAtTheTop, at: 80, from: 3, district, to: city, nextDue: 110),
            event(.overdueAtTheTop, "overdue", 110, 4, city, due: 110, detail: #"{"window":"ack","next_reminder":"\#(text(170))"}"#),
            event(.overdueAtTheTop, "reminded", 170, 4, city, due: 170, detail: #"{"window":"ack"}"#),
            event(.closed, "dispatched", 0, 1, community),
            event(.closed, "acknowledged", 10, 1, community),
            event(.closed, "resolved", 60, 1, community, detail: #"{"on_time":true}"#),
            event(.closed, "closed", 90, 1, community),
            event(.deferred, "dispatched", 0, 1, community),
            event(.deferred, "acknowledged", 10, 1, community),
            event(.deferred, "deferred", 70, 1, community, detail: #"{"remaining":"3h"}"#),
            event(.verificationMissed, "dispatched", 0, 1, community),
            event(.verificationMissed, "acknowledged", 10, 1, community),
            event(.verificationMissed, "resolved", 60, 1, community, detail: #"{"on_time":true}"#),
            event(.verificationMissed, "overdue", 300, 1, community, due: 300, detail: #"{"window":"verify"}"#),
            event(.startedAtTheStreet, "dispatched", 0, 2, street),
        ].joined()
    }
}
