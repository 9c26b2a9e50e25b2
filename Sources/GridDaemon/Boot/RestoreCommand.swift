import GridCore
import GridStore
import GridSystem

/// `gridd --restore BACKUP`: puts a backup (`gridctl backup`) in place of the database of a
/// stopped gridd, then exits. The database's path comes from the configuration and `--state-dir`,
/// as for a start; the grid map is not read, so a restore works while the map is being fixed.
/// The checks and the order of the renames are `DatabaseRestore`'s.
///
/// Exit status: 0 restored, 1 refused or failed (nothing changed unless the message says so).
enum RestoreCommand {
    static func run(backup: String, options: DaemonOptions) -> Int32 {
        let configPath = options.resolvedConfigPath()
        let config: GridConfig
        do throws(Errno) {
            let bytes = try Files.read(configPath, limit: 4 << 20)
            switch GridConfig.parse(bytes: bytes, path: configPath, workingDirectory: Files.currentDirectory()) {
            case .success(let parsed): config = parsed
            case .failure(let problems):
                writeDiagnostic(problems.diagnostics.map { "\($0)\n" }.joined())
                writeDiagnostic("gridd: not restored: the configuration, which says where the database is, has problems\n")
                return 1
            }
        } catch {
            writeDiagnostic("gridd: not restored: cannot read the configuration \(configPath): \(error.message)\n")
            return 1
        }
        let paths = DaemonPaths(config: config, options: options)
        let now = Timestamp(milliseconds: SystemClocks.realtimeMilliseconds())
        // The set-aside name says when in the city's time (the zone was checked when parsed).
        let offset = (try? WorkingCalendar(timeZoneIdentifier: config.calendar.timeZoneIdentifier))?.utcOffsetSeconds(at: now) ?? 0
        let outcome: RestoreOutcome
        do throws(StoreError) {
            outcome = try DatabaseRestore.restore(from: backup, into: paths.database, stamp: stamp(now, utcOffsetSeconds: offset))
        } catch {
            writeDiagnostic("gridd: not restored: \(error)\n")
            return 1
        }
        // The marker described the database that was set aside; the restored one is checked at start.
        CleanShutdownMarker(database: paths.database).remove()
        let restored = outcome.restored
        var text = """
            restored \(backup) into \(paths.database)
              schema    version \(restored.schemaVersion)\(restored.schemaVersion < Migration.supportedVersion ? " (migrated to \(Migration.supportedVersion) when gridd starts)" : "")
              holds     \(restored.incidents) incidents, \(restored.events) events
              checked   integrity_check ok, mode 0\(String(restored.mode, radix: 8))\n
            """
        if outcome.setAside.isEmpty {
            text += "  replaced  nothing (there was no database)\n"
        } else {
            text += "  replaced  kept as \(outcome.setAside.joined(separator: ", "))\n"
        }
        text += "Start gridd again (systemctl start gridd.socket gridd.service).\n"
        writeDiagnostic(text, to: .standardOutput)
        return 0
    }

    /// `2026-12-05T11:15:00.123+08:00` → `20261205T111500+0800` (`…Z` at offset 0): a file name
    /// part in the city's local time that says its offset (it sorts by time within one offset).
    static func stamp(_ time: Timestamp, utcOffsetSeconds offset: Int) -> String {
        let text = time.rfc3339(utcOffsetSeconds: offset)
        let seconds = text.prefix(19).filter { $0 != "-" && $0 != ":" }
        return seconds + text.dropFirst(23).filter { $0 != ":" }
    }
}
