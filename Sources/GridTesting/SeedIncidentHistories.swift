import GridCore
import GridStore

extension StoreSeeder {
    /// Adds `count` incidents with finished and unfinished histories to the database at `path`
    /// (created and migrated if needed), in one transaction, generated inside SQLite
    /// (`IncidentHistorySeed`): created evenly over `spanMilliseconds` from `from`, spread over
    /// `communities` and `categories`, each with the timeline of one of the outcomes below, in
    /// calendar time against a policy of 2 h to acknowledge and 24 h to resolve at every tier:
    ///
    /// | share | outcome |
    /// | --- | --- |
    /// | 60% | closed on time (ack 30 min, resolve 6 h later, close 2 h later) |
    /// | 10% | closed late (resolved 30 h after ack, 6 h past its deadline) |
    /// | 5% | reworked: resolved, reopened (返工), resolved again on time, closed |
    /// | 5% | missed the community's ack window (超期), escalated to the street, handled and closed there on time |
    /// | 3% | missed the ack window at the community, the street, the district and the city (超期 four times), open at the city |
    /// | 5% | acknowledged, being handled (2 of those 5 with the yellow light on) |
    /// | 3% | resolved, awaiting verification |
    /// | 3% | deferred (缓办) an hour after ack, 23 h of the resolve window left |
    /// | 3% | cancelled (不予立案) |
    /// | 3% | dispatched, not yet acknowledged |
    ///
    /// Each case has its case deadline (26 h after creation: ack plus resolve of the start tier;
    /// warning at 80%, 20.8 h) and its count of missed windows; each escalation is preceded by its
    /// `overdue` event charged to the unit it escalated from, as the lifecycle writes them.
    ///
    /// It exists for the report bench (`grid-bench report`: a report over a million incidents)
    /// and for tests; the daemon never calls it. The rows carry no pending timers (so a daemon
    /// started on them does not fire a year of missed deadlines at once). Open no `IncidentStore`
    /// on `path` meanwhile. Returns the ids created.
    @discardableResult
    public static func incidentHistories(
        path: String, count: Int, from: Timestamp, spanMilliseconds: Int64, communities: [UnitCode], categories: [String]
    ) throws(StoreError) -> ClosedRange<Int64>? {
        guard count > 0, !communities.isEmpty, !categories.isEmpty else { return nil }
        return try BulkLoad.run(path: path) { connection, before throws(SQLiteError) in
            try connection.execute(IncidentHistorySeed.createTables)
            let unit = try connection.prepare("INSERT INTO seed_units VALUES (?, ?, ?, ?, ?)")
            for (index, community) in communities.enumerated() {
                try unit.bind([
                    .integer(Int64(index)), .text(community.rawValue), .from(community.ancestor(at: .street)?.rawValue),
                    .from(community.ancestor(at: .district)?.rawValue), .text(community.ancestor(at: .city)?.rawValue ?? community.rawValue),
                ])
                try unit.step()
                unit.reset()
            }
            let category = try connection.prepare("INSERT INTO seed_categories VALUES (?, ?)")
            for (index, code) in categories.enumerated() {
                try category.bind([.integer(Int64(index)), .text(code)])
                try category.step()
                category.reset()
            }
            let plan = try connection.prepare(IncidentHistorySeed.plan)
            try plan.bind(.integer(Int64(count)), named: ":count")
            try plan.bind(.integer(before), named: ":after_id")
            try plan.bind(.integer(from.milliseconds), named: ":from")
            try plan.bind(.integer(max(0, spanMilliseconds)), named: ":span")
            try plan.bind(.integer(Int64(communities.count)), named: ":units")
            try plan.bind(.integer(Int64(categories.count)), named: ":categories")
            try plan.step()
            let incidents = try connection.prepare(IncidentHistorySeed.incidents)
            try incidents.bind(.text(IncidentHistorySeed.policy.json.serialized()), named: ":policy")
            try incidents.bind(.text(IncidentHistorySeed.pausedJSON), named: ":paused")
            try incidents.step()
            for sql in IncidentHistorySeed.events { try connection.execute(sql) }
            try connection.execute("DROP TABLE seed_plan; DROP TABLE seed_units; DROP TABLE seed_categories")
        }
    }
}

/// The SQL of `StoreSeeder.incidentHistories`. Each incident's outcome is its plan row's
/// `o` (0…99: 61 × row mod 100, so every 100 consecutive rows hold each outcome once); times are
/// offsets from its creation `t` in milliseconds.
enum IncidentHistorySeed {
    static let hour: Int64 = 3_600_000

    /// What the seeded incidents carry as their snapshot (the timelines follow it, in calendar time).
    static let policy = IncidentPolicy(
        windows: Dictionary(uniqueKeysWithValues: Tier.allCases.map {
            ($0, IncidentPolicy.TierWindows(ack: .calendar(2 * hour), resolve: .calendar(24 * hour)))
        }),
        topTier: .city, warningFraction: 0.8, reminderInterval: .calendar(24 * hour), verificationWindow: .calendar(24 * hour))

    static let pausedJSON = BulkLoad.pausedColumn(
        IncidentTimers.Paused(window: .resolve, remaining: .calendar(23 * hour), warningRemaining: nil, state: .acknowledged))

    static let createTables = """
        CREATE TEMP TABLE seed_units (n INTEGER PRIMARY KEY, community TEXT, street TEXT, district TEXT, city TEXT);
        CREATE TEMP TABLE seed_categories (n INTEGER PRIMARY KEY, code TEXT)
        """

    static let plan = """
        CREATE TEMP TABLE seed_plan AS
        WITH RECURSIVE n(x) AS (SELECT 0 WHERE :count > 0 UNION ALL SELECT x + 1 FROM n WHERE x + 1 < :count)
        SELECT :after_id + 1 + x AS id, (61 * x) % 100 AS o, :from + x * :span / :count AS t,
               u.community, u.street, u.district, u.city, c.code AS category
        FROM n JOIN seed_units AS u ON u.n = x % :units JOIN seed_categories AS c ON c.n = (x / 7) % :categories
        """

    /// Per outcome: state, tier and unit now, the running window and its due time, the flags, and
    /// the time of the last event (updated_at) and the lifecycle steps taken (version).
    static let incidents = """
        INSERT INTO incidents (id, category, priority, state, tier, unit, community, street, district, route_method, title,
            created_at, updated_at, version, source, created_uid, created_name, policy, window, window_started_at, due_at,
            warned, overdue, paused, resolved_on_time, reopen_count, case_due_at, case_warn_at, missed_windows)
        SELECT id, category, 'normal',
            CASE WHEN o < 80 THEN 'closed' WHEN o < 83 THEN 'dispatched' WHEN o < 88 THEN 'acknowledged'
                 WHEN o < 91 THEN 'resolved' WHEN o < 94 THEN 'deferred' WHEN o < 97 THEN 'cancelled' ELSE 'dispatched' END,
            CASE WHEN o BETWEEN 75 AND 79 THEN 2 WHEN o BETWEEN 80 AND 82 THEN 4 ELSE 1 END,
            CASE WHEN o BETWEEN 75 AND 79 THEN street WHEN o BETWEEN 80 AND 82 THEN city ELSE community END,
            community, street, district, 'community', 'seeded ' || id,
            t, t + CASE WHEN o < 60 THEN 8.5 WHEN o < 70 THEN 33 WHEN o < 75 THEN 22 WHEN o < 80 THEN 12 WHEN o < 83 THEN 8
                        WHEN o < 88 THEN 20 WHEN o < 91 THEN 5 WHEN o < 94 THEN 2 WHEN o < 97 THEN 1 ELSE 0 END * \(hour),
            CASE WHEN o < 60 THEN 4 WHEN o < 70 THEN 6 WHEN o < 75 THEN 6 WHEN o < 80 THEN 5 WHEN o < 83 THEN 5
                 WHEN o < 88 THEN 3 WHEN o < 94 THEN 3 WHEN o < 97 THEN 2 ELSE 1 END,
            'spool', 0, 'grid-bench', :policy,
            CASE WHEN o BETWEEN 80 AND 82 OR o >= 97 THEN 'ack' WHEN o BETWEEN 83 AND 87 THEN 'resolve'
                 WHEN o BETWEEN 88 AND 90 THEN 'verify' END,
            t + CASE WHEN o BETWEEN 80 AND 82 THEN 6 WHEN o BETWEEN 83 AND 87 THEN 1 WHEN o BETWEEN 88 AND 90 THEN 5
                     WHEN o >= 97 THEN 0 END * \(hour),
            t + CASE WHEN o BETWEEN 80 AND 82 THEN 8 WHEN o BETWEEN 83 AND 87 THEN 25 WHEN o BETWEEN 88 AND 90 THEN 29
                     WHEN o >= 97 THEN 2 END * \(hour),
            o BETWEEN 80 AND 82 OR o BETWEEN 86 AND 87, o BETWEEN 80 AND 82,
            CASE WHEN o BETWEEN 91 AND 93 THEN :paused END,
            CASE WHEN o < 60 OR o BETWEEN 70 AND 79 OR o BETWEEN 88 AND 90 THEN 1 WHEN o < 70 THEN 0 END,
            o BETWEEN 70 AND 74,
            t + 26 * \(hour), t + \(Int64(20.8 * Double(hour))),
            CASE WHEN o BETWEEN 75 AND 79 THEN 1 WHEN o BETWEEN 80 AND 82 THEN 4 ELSE 0 END
        FROM seed_plan
        """

    /// One event of the outcomes `condition` selects, `offset` hours after creation.
    private static func event(
        _ kind: IncidentEvent.Kind, _ condition: String, at offset: Double, tier: String = "1", unit: String = "community",
        due: String = "NULL", detail: String = "'{}'", note: String = "NULL"
    ) -> String {
        """
        INSERT INTO events (incident_id, kind, at, tier, unit, actor_uid, actor_name, due, note, detail)
        SELECT id, '\(kind.rawValue)', t + \(Int64(offset * Double(hour))), \(tier), \(unit), 0, 'grid-bench', \(due), \(note), \(detail)
        FROM seed_plan WHERE \(condition) ORDER BY id
        """
    }

    /// An instant `hours` after creation as the lifecycle writes times into details.
    private static func detailTime(_ hours: Double) -> String {
        "strftime('%Y-%m-%dT%H:%M:%fZ', (t + \(Int64(hours * Double(hour)))) / 1000.0, 'unixepoch')"
    }

    /// The `detail` of a resolve `at` hours after creation, measured against a deadline `dueHours`
    /// after creation and the case deadline (26 h).
    private static func resolved(onTime: Bool, dueHours: Double, at: Double) -> String {
        "'{\"on_time\":\(onTime),\"resolve_due\":\"' || \(detailTime(dueHours)) || '\",\"case_due\":\"' || \(detailTime(26)) "
            + "|| '\",\"case_on_time\":\(at <= 26)}'"
    }

    /// The `detail` of the 超期 of the ack window at `tier` (1…4) of the unit in `unit`.
    private static func missed(tier: Int, unit: String) -> String {
        let name = ["community", "street", "district", "city"][tier - 1]
        return "'{\"window\":\"ack\",\"charged_unit\":\"' || \(unit) || '\",\"charged_tier\":\"\(name)\"}'"
    }

    /// The `detail` of the escalation from `tier` (1…3) of the unit in `unit`.
    private static func escalated(from tier: Int, unit: String, nextDueHours: Double) -> String {
        let name = ["community", "street", "district"][tier - 1]
        return "'{\"window\":\"ack\",\"from_tier\":\"\(name)\",\"from_unit\":\"' || \(unit) || '\",\"next_due\":\"' || "
            + "\(detailTime(nextDueHours)) || '\"}'"
    }

    static let events: [String] = [
        event(.dispatched, "1", at: 0, detail: #"'{"method":"community","source":"spool"}'"#),
        // Closed on time.
        event(.acknowledged, "o < 60", at: 0.5),
        event(.resolved, "o < 60", at: 6.5, detail: resolved(onTime: true, dueHours: 24.5, at: 6.5)),
        event(.closed, "o < 60", at: 8.5),
        // Closed late.
        event(.acknowledged, "o BETWEEN 60 AND 69", at: 1),
        event(.warning, "o BETWEEN 60 AND 69", at: 20.2, due: "t + \(Int64(20.2 * Double(hour)))"),
        event(.resolved, "o BETWEEN 60 AND 69", at: 31, detail: resolved(onTime: false, dueHours: 25, at: 31)),
        event(.closed, "o BETWEEN 60 AND 69", at: 33),
        // Reworked (返工).
        event(.acknowledged, "o BETWEEN 70 AND 74", at: 1.0 / 3),
        event(.resolved, "o BETWEEN 70 AND 74", at: 4, detail: resolved(onTime: true, dueHours: 24 + 1.0 / 3, at: 4)),
        event(.reopened, "o BETWEEN 70 AND 74", at: 10, detail: #"'{"rework":1}'"#),
        event(.resolved, "o BETWEEN 70 AND 74", at: 20, detail: resolved(onTime: true, dueHours: 34, at: 20)),
        event(.closed, "o BETWEEN 70 AND 74", at: 22),
        // The community's ack window missed (超期), escalated once, handled at the street.
        event(.overdue, "o BETWEEN 75 AND 82", at: 2, due: "t + \(2 * hour)", detail: missed(tier: 1, unit: "community")),
        event(.escalated, "o BETWEEN 75 AND 82", at: 2, tier: "2", unit: "street", due: "t + \(2 * hour)",
              detail: escalated(from: 1, unit: "community", nextDueHours: 4)),
        event(.acknowledged, "o BETWEEN 75 AND 79", at: 3, tier: "2", unit: "street"),
        event(.resolved, "o BETWEEN 75 AND 79", at: 10, tier: "2", unit: "street", detail: resolved(onTime: true, dueHours: 27, at: 10)),
        event(.closed, "o BETWEEN 75 AND 79", at: 12, tier: "2", unit: "street"),
        // Missed at every tier up to the city (超期 four times), reminded there.
        event(.overdue, "o BETWEEN 80 AND 82", at: 4, tier: "2", unit: "street", due: "t + \(4 * hour)",
              detail: missed(tier: 2, unit: "street")),
        event(.escalated, "o BETWEEN 80 AND 82", at: 4, tier: "3", unit: "district", due: "t + \(4 * hour)",
              detail: escalated(from: 2, unit: "street", nextDueHours: 6)),
        event(.overdue, "o BETWEEN 80 AND 82", at: 6, tier: "3", unit: "district", due: "t + \(6 * hour)",
              detail: missed(tier: 3, unit: "district")),
        event(.escalated, "o BETWEEN 80 AND 82", at: 6, tier: "4", unit: "city", due: "t + \(6 * hour)",
              detail: escalated(from: 3, unit: "district", nextDueHours: 8)),
        event(.overdue, "o BETWEEN 80 AND 82", at: 8, tier: "4", unit: "city", due: "t + \(8 * hour)",
              detail: missed(tier: 4, unit: "city")),
        // Being handled, awaiting verification, deferred, cancelled.
        event(.acknowledged, "o BETWEEN 83 AND 93", at: 1),
        event(.warning, "o BETWEEN 86 AND 87", at: 20, due: "t + \(20 * hour)"),
        event(.resolved, "o BETWEEN 88 AND 90", at: 5, detail: resolved(onTime: true, dueHours: 25, at: 5)),
        event(.deferred, "o BETWEEN 91 AND 93", at: 2, detail: #"'{"remaining":"23h"}'"#, note: "'等待物业配合'"),
        event(.cancelled, "o BETWEEN 94 AND 96", at: 1, note: "'重复上报'"),
    ]
}
