/// The frame both seeders (`seedPendingIncidents`, `seedIncidentHistories`) write in: the writer
/// opened without quick_check (a seeded database is fresh), one `BEGIN IMMEDIATE` … `COMMIT`, rolled
/// back on any error, and the ids the body added (nil when it added none). The body gets the
/// connection and the highest incident id before it.
enum SeedTransaction {
    static func run(path: String, _ body: (Connection, Int64) throws(SQLiteError) -> Void) throws(StoreError) -> ClosedRange<Int64>? {
        var options = StoreOptions()
        options.quickCheckAtOpen = false
        // Created as the store creates it (0640, recorded beside it); closed after the connection.
        let file = try DatabaseFile(path: path)
        defer { file.close() }
        let connection = try DatabaseOpener.openWriter(path: path, options: options)
        defer { connection.close() }
        try file.confirmOpened()
        do throws(SQLiteError) {
            try connection.execute("BEGIN IMMEDIATE")
            do throws(SQLiteError) {
                let before = try connection.scalarInt(IncidentQueries.lastIncidentID) ?? 0
                try body(connection, before)
                let last = try connection.scalarInt(IncidentQueries.lastIncidentID) ?? before
                try connection.execute("COMMIT")
                return last > before ? (before + 1)...last : nil
            } catch {
                try? connection.execute("ROLLBACK")
                throw error
            }
        } catch {
            throw .sqlite(error)
        }
    }
}
