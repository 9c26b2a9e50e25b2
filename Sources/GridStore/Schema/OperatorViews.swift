import GridCore

/// How the operator views write an instant: RFC 3339 at the working calendar's offset
/// (`2026-12-07T10:30:00.000+08:00`), as the dispatch log, `status` and `show` do.
///
/// It exists because SQLite knows no time zones, only fixed shifts: a zone is given to it as its
/// offset before a range and the offset's changes inside it, read from the tz database when gridd
/// starts (`init(calendar:around:)`). A zone without changes there (Asia/Shanghai, Asia/Tokyo) is
/// one shift; a zone with DST is a `CASE` over its changes from two years before the start to three
/// after. Outside that range a time shows the nearest end's offset — still the same instant, with
/// the offset of then, not of its own day — until a later start moves the range.
public struct ViewTimes: Sendable, Equatable {
    /// An offset change: from `at` (milliseconds since the epoch) on, `offsetSeconds`.
    public struct Change: Sendable, Equatable {
        public var at: Int64
        public var offsetSeconds: Int

        public init(at: Int64, offsetSeconds: Int) {
            self.at = at
            self.offsetSeconds = offsetSeconds
        }
    }

    public var initialOffsetSeconds: Int
    public var changes: [Change]

    public init(initialOffsetSeconds: Int, changes: [Change] = []) {
        self.initialOffsetSeconds = initialOffsetSeconds
        self.changes = changes
    }

    /// UTC (`…Z`): what the migrations wrote, and what a store opened without a calendar keeps.
    public static let utc = ViewTimes(initialOffsetSeconds: 0)

    static let yearMilliseconds: Int64 = 365 * 86_400_000

    /// The calendar's zone, exact from two years before `now` to three years after.
    public init(calendar: WorkingCalendar, around now: Timestamp) {
        let range = now.adding(milliseconds: -2 * Self.yearMilliseconds)..<now.adding(milliseconds: 3 * Self.yearMilliseconds)
        let zone = calendar.offsetChanges(in: range)
        self.init(
            initialOffsetSeconds: zone.initial,
            changes: zone.changes.map { Change(at: $0.at.milliseconds, offsetSeconds: $0.offsetSeconds) })
    }

    /// The SQL expression writing the INTEGER milliseconds `column` (NULL stays NULL).
    func text(_ column: String) -> String {
        guard !changes.isEmpty else { return Self.text(column, offsetSeconds: initialOffsetSeconds) }
        var sql = "CASE"
        var offset = initialOffsetSeconds
        for change in changes {
            sql += " WHEN \(column) < \(change.at) THEN \(Self.text(column, offsetSeconds: offset))"
            offset = change.offsetSeconds
        }
        return sql + " ELSE \(Self.text(column, offsetSeconds: offset)) END"
    }

    /// At offset 0 exactly the UTC form the migrations wrote.
    static func text(_ column: String, offsetSeconds offset: Int) -> String {
        guard offset != 0 else { return "strftime('%Y-%m-%dT%H:%M:%fZ', \(column) / 1000.0, 'unixepoch')" }
        let suffix = Timestamp(milliseconds: 0).rfc3339(utcOffsetSeconds: offset).suffix(6)  // +08:00
        return "strftime('%Y-%m-%dT%H:%M:%f', (\(column) + \(Int64(offset) * 1000)) / 1000.0, 'unixepoch') || '\(suffix)'"
    }
}

/// The views for the `sqlite3` shell as the current schema has them, with their times in the
/// city's zone (`ViewTimes`): created again when the store opens with `StoreOptions.viewTimes`
/// and the views in the file differ — all of them in one transaction, so a reader sees either the
/// old set or the new — rather than by a numbered migration, since the zone comes from the config
/// and not the schema. A migration that changes a view changes `statements` too
/// (`OperatorViewTests` checks that the UTC form here is what the migrations made).
enum OperatorViews {
    /// (name, CREATE VIEW statement) of each view of the current schema.
    static func statements(_ times: ViewTimes) -> [(name: String, sql: String)] {
        [
            ("open_incidents", SchemaV5Views.openIncidentsView(times.text)),
            ("overdue_incidents", SchemaV5Views.overdueIncidentsView(times.text)),
            ("incident_timeline", SchemaV1.timeline(times.text)),
            ("outcomes", SchemaV5Views.outcomesView),
            ("pending_notifications", SchemaV2Outbox.pendingNotifications(times.text)),
        ]
    }

    /// Creates the views again with `times` unless the file already has exactly them. Returns
    /// whether it did.
    @discardableResult
    static func install(_ connection: Connection, _ times: ViewTimes) throws(StoreError) -> Bool {
        let wanted = statements(times)
        do throws(SQLiteError) {
            // Only these views: one an operator added by hand is left alone.
            let names = wanted.map { "'\($0.name)'" }.joined(separator: ", ")
            let found = try connection.strings(
                "SELECT name || char(1) || sql FROM sqlite_master WHERE type = 'view' AND name IN (\(names)) ORDER BY name")
            let expected = wanted.map { "\($0.name)\u{1}\(stored($0.sql))" }.sorted()
            if found == expected { return false }
            try connection.execute("BEGIN IMMEDIATE")
            for view in wanted { try connection.execute("DROP VIEW IF EXISTS \(view.name)") }
            for view in wanted { try connection.execute(view.sql) }
            try connection.execute("COMMIT")
            return true
        } catch {
            if connection.isInTransaction { try? connection.execute("ROLLBACK") }
            var described = error
            described.message = "the operator views could not be written in the configured time zone: \(error.message)"
            throw StoreError.sqlite(described)
        }
    }

    /// The text SQLite keeps of a CREATE statement: from `CREATE` to before the final `;`.
    static func stored(_ sql: String) -> String {
        var text = Substring(sql)
        if let create = text.firstRange(of: "CREATE ") { text = text[create.lowerBound...] }
        while let last = text.last, last == "\n" || last == " " || last == ";" { text = text.dropLast() }
        return String(text)
    }
}
