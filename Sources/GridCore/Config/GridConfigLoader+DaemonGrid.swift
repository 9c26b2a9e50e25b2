/// `[Daemon]` (where state lives) and `[Grid]` (the map and where unroutable reports go).
extension GridConfigFileLoader {
    /// `[Grid]` as read: whether the section was there, and its keys.
    struct GridEntries {
        var seen = false
        var mapPath: String?
        var fallbackUnit: UnitCode?
        var cityCode: UnitCode?
        var cityName: String?
    }

    /// One `[Daemon]` section: the socket mode now, the paths once the state directory is known.
    mutating func daemonEntries(_ section: IniSection, into found: inout FoundSections) {
        for entry in section.entries {
            guard known(entry, in: section, keys: GridConfigLoader.daemonKeys) else { continue }
            switch entry.key {
            case "SocketMode":
                if entry.value.isEmpty { found.daemon.socketMode = 0o660; continue }
                if let mode = parseMode(entry.value) { found.daemon.socketMode = mode } else {
                    problem(entry.line, "SocketMode=\(entry.value): expected an octal file mode such as 0660")
                }
            default:
                found.rawPaths[entry.key] = (entry.value, entry.line)
            }
        }
    }

    /// `[Daemon]` paths: the state directory against the working directory, the rest against it.
    func daemonSettings(_ found: FoundSections) -> DaemonSettings {
        var daemon = found.daemon
        let stateRaw = found.rawPaths["StateDirectory"].map { $0.value.isEmpty ? "var" : $0.value } ?? "var"
        daemon.stateDirectory = ConfigText.resolve(stateRaw, against: workingDirectory)
        func statePath(_ key: String) -> String? {
            guard let raw = found.rawPaths[key], !raw.value.isEmpty else { return nil }
            return ConfigText.resolve(raw.value, against: daemon.stateDirectory)
        }
        daemon.socketPath = statePath("Socket")
        daemon.databasePath = statePath("Database")
        daemon.spoolDirectory = statePath("Spool")
        daemon.logDirectory = statePath("LogDirectory")
        return daemon
    }

    /// One `[Grid]` section.
    mutating func gridEntries(_ section: IniSection, into grid: inout GridEntries) {
        grid.seen = true
        for entry in section.entries {
            guard known(entry, in: section, keys: GridConfigLoader.gridKeys) else { continue }
            switch entry.key {
            case "Map":
                if entry.value.isEmpty {
                    problem(entry.line, "Map= is empty: expected the path of the grid map (GeoJSON), e.g. Map=grid.geojson")
                } else {
                    grid.mapPath = entry.value
                }
            case "FallbackUnit":
                if entry.value.isEmpty {
                    problem(entry.line, "FallbackUnit= is empty: expected a unit code (6, 9 or 12 digits)")
                } else {
                    do throws(CodeError) {
                        grid.fallbackUnit = try UnitCode(validating: entry.value)
                    } catch {
                        problem(entry.line, "FallbackUnit=\(entry.value): \(error.message)")
                    }
                }
            case "CityCode":
                if entry.value.isEmpty { grid.cityCode = nil; continue }
                do throws(CodeError) {
                    let code = try UnitCode(validating: entry.value)
                    if code.tier == .city {
                        grid.cityCode = code
                    } else {
                        problem(entry.line, "CityCode=\(entry.value): this is a \(code.tier) code; expected a city code (6 digits ending in 00, e.g. 320500)")
                    }
                } catch {
                    problem(entry.line, "CityCode=\(entry.value): \(error.message)")
                }
            case "CityName":
                grid.cityName = entry.value.isEmpty ? nil : entry.value
            default: break
            }
        }
    }

    /// `[Grid]`: required keys, and the fallback inside the city.
    mutating func checkGrid(_ grid: GridEntries, ini: IniFile) {
        if !grid.seen {
            problem(0, "missing section [Grid] (it must set Map= and FallbackUnit=)")
        } else {
            let header = ini.sections(named: "Grid").first?.line ?? 0
            if grid.mapPath == nil, lines.line(section: "Grid", key: "Map") == nil {
                problem(header, "[Grid] is missing Map= (required: the grid map, e.g. Map=grid.geojson)")
            }
            if grid.fallbackUnit == nil, lines.line(section: "Grid", key: "FallbackUnit") == nil {
                problem(header, "[Grid] is missing FallbackUnit= (required: the unit that takes unroutable reports, e.g. FallbackUnit=320500)")
            }
        }
        if let fallback = grid.fallbackUnit, let city = grid.cityCode, !city.contains(fallback) {
            problem(lines.line(section: "Grid", key: "FallbackUnit") ?? 0,
                    "FallbackUnit=\(fallback) lies outside CityCode=\(city); expected the city or a unit inside it")
        }
    }
}
