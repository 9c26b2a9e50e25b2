import GridCore
import GridSystem

/// Reads the config file and the grid map it names, and validates both together.
/// The one place the daemon does this I/O, shared by start-up and `--check-config`
/// (and by reload later). Problems come back as `file:line: message` lines.
public enum CityLoader {
    public static func load(configPath: String, clock: any WallClock) -> Result<CityModel, CityLoadProblems> {
        let bytes: [UInt8]
        do throws(Errno) {
            bytes = try Files.read(configPath, limit: 4 << 20)
        } catch {
            return .failure(CityLoadProblems(["\(configPath): cannot read the configuration: \(error.message)"]))
        }
        let config: GridConfig
        switch GridConfig.parse(bytes: bytes, path: configPath, workingDirectory: Files.currentDirectory()) {
        case .success(let parsed): config = parsed
        case .failure(let diagnostics): return .failure(CityLoadProblems(diagnostics.diagnostics.map(\.description)))
        }
        if let problem = notifierProblem(config) { return .failure(CityLoadProblems([problem.description])) }
        let mapBytes: [UInt8]
        do throws(Errno) {
            mapBytes = try Files.read(config.grid.mapPath)
        } catch {
            let line = config.sourceLines.line(section: "Grid", key: "Map")
            return .failure(CityLoadProblems(["\(ConfigDiagnostic(file: config.sourcePath, line: line ?? 0, message: "cannot read the grid map \(config.grid.mapPath): \(error.message)"))"]))
        }
        let map: GridMap
        do throws(GridMapError) {
            map = try GridMap.load(geoJSON: mapBytes, source: config.grid.mapPath)
        } catch {
            return .failure(CityLoadProblems(error.description.split(separator: "\n").map(String.init)))
        }
        let problems = config.checkAgainstMap { map.unit($0) != nil }
        guard problems.isEmpty else { return .failure(CityLoadProblems(problems.map(\.description))) }
        var holidayTexts: [(path: String, text: String)] = []
        var unreadable: [String] = []
        for file in config.calendar.holidayFiles {
            do throws(Errno) {
                holidayTexts.append((file.path, String(decoding: try Files.read(file.path, limit: 1 << 20), as: UTF8.self)))
            } catch {
                unreadable.append(config.calendar.unreadableHolidayFile(file, reason: error.message).description)
            }
        }
        guard unreadable.isEmpty else { return .failure(CityLoadProblems(unreadable)) }
        let calendar: WorkingCalendar
        switch config.calendar.makeCalendar(holidayFiles: holidayTexts) {
        case .success(let built): calendar = built
        case .failure(let diagnostics): return .failure(CityLoadProblems(diagnostics.diagnostics.map(\.description)))
        }
        let warnings = config.calendar.calendarWarnings(calendar, now: clock.now()).map(\.description)
        return .success(CityModel(config: config, map: map, calendar: calendar, loadedAt: clock.now(), warnings: warnings))
    }
}

extension CityLoader {
    /// `[Notify] Exec=` must name a program gridd can run (checked here, not in the pure parser).
    static func notifierProblem(_ config: GridConfig) -> ConfigDiagnostic? {
        guard let program = config.notify?.command.first else { return nil }
        let line = config.sourceLines.line(section: "Notify", key: "Exec") ?? 0
        let status: FileStatus
        do throws(Errno) {
            status = try Directory.status(program)
        } catch {
            return ConfigDiagnostic(file: config.sourcePath, line: line, message: "Exec=\(program): \(error.message); expected the program that delivers notifications")
        }
        guard status.isRegularFile, Files.isExecutable(program) else {
            return ConfigDiagnostic(file: config.sourcePath, line: line, message: "Exec=\(program): not an executable file")
        }
        return nil
    }
}

/// Everything wrong with a config and its map, one `file:line: message` line each.
public struct CityLoadProblems: Error, Sendable {
    public var lines: [String]
    public init(_ lines: [String]) { self.lines = lines }
}
