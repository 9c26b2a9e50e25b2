/// `[Calendar]` and `[Access]`: see docs/CONFIG.md.
extension GridConfigFileLoader {
    /// `[Calendar]`: the zone is checked here (so `--check-config` reports it at its line); the
    /// holiday files are only located, since GridCore does no I/O.
    mutating func loadCalendar(_ sections: [IniSection], configDirectory: String) -> CalendarSettings {
        var settings = CalendarSettings(sourcePath: path, sectionLine: sections.first?.line ?? 0)
        // The directory of the config as the operator named it, for the paths shown in messages.
        let shownDirectory: String? = path.lastIndex(of: "/").map { String(path[..<$0]) }
        for section in sections {
            for entry in section.entries {
                guard known(entry, in: section, keys: GridConfigLoader.calendarKeys) else { continue }
                switch entry.key {
                case "TimeZone":
                    if entry.value.isEmpty {
                        settings.timeZoneIdentifier = WorkingCalendar.defaultTimeZoneIdentifier
                        settings.timeZoneLine = entry.line
                        continue
                    }
                    do throws(CalendarSetupError) {
                        _ = try WorkingCalendar(timeZoneIdentifier: entry.value)
                        settings.timeZoneIdentifier = entry.value
                        settings.timeZoneLine = entry.line
                    } catch {
                        problem(entry.line, "TimeZone=\(entry.value): \(error.message)")
                    }
                case "OfficeHours":
                    if entry.value.isEmpty { settings.officeHours = .standard; continue }
                    switch OfficeHours.parse(entry.value) {
                    case .success(let hours): settings.officeHours = hours
                    case .failure(let error): problem(entry.line, "OfficeHours=\(entry.value): \(error.message)")
                    }
                case "Weekend":
                    // Empty resets to the default; `none` is the way to say "no weekend".
                    if entry.value.isEmpty { settings.weekend = .saturdaySunday; continue }
                    switch WeekendDays.parse(entry.value) {
                    case .success(let days): settings.weekend = days
                    case .failure(let error): problem(entry.line, "Weekend=\(entry.value): \(error.message)")
                    }
                default:  // Holidays: a list; an empty value clears what came before.
                    if entry.value.isEmpty { settings.holidayFiles = []; continue }
                    let absolute = ConfigText.resolve(entry.value, against: configDirectory)
                    if let earlier = settings.holidayFiles.first(where: { $0.path == absolute }) {
                        problem(entry.line, "Holidays=\(entry.value): this holiday file is already listed on line \(earlier.line)")
                        continue
                    }
                    let shown: String
                    if entry.value.hasPrefix("/") {
                        shown = entry.value
                    } else if let directory = shownDirectory {
                        shown = directory + "/" + entry.value
                    } else {
                        shown = entry.value
                    }
                    settings.holidayFiles.append(.init(path: absolute, displayPath: shown, line: entry.line))
                }
            }
        }
        return settings
    }

    /// `[Access]`: `Admin=` and `Operator=` list subjects; `Worker=` lists subjects and ends with
    /// a unit code; `Inspector=` lists subjects and may end with a unit code (without one the
    /// inspector is city-wide). An empty value clears the earlier entries of that key.
    mutating func loadAccess(_ sections: [IniSection], cityCode: UnitCode?) -> AccessRules {
        var admins: [AccessRules.Subject] = []
        var operators: [AccessRules.Subject] = []
        var workers: [(subjects: [AccessRules.Subject], unit: UnitCode, line: Int)] = []
        var inspectors: [(subjects: [AccessRules.Subject], unit: UnitCode?)] = []
        for section in sections {
            for entry in section.entries {
                guard known(entry, in: section, keys: GridConfigLoader.accessKeys) else { continue }
                let tokens = entry.value.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," }).map(String.init)
                switch entry.key {
                case "Admin", "Operator":
                    if tokens.isEmpty {
                        if entry.key == "Admin" { admins = [] } else { operators = [] }
                        continue
                    }
                    guard let subjects = subjects(tokens, entry: entry) else { continue }
                    if entry.key == "Admin" { admins += subjects } else { operators += subjects }
                case "Inspector":
                    if tokens.isEmpty { inspectors = []; continue }
                    guard let last = tokens.last else { continue }
                    var unit: UnitCode?
                    if AccessRules.Subject(last) == nil || last.utf8.allSatisfy({ (48...57).contains($0) }) {
                        guard let parsed = accessUnit(last, entry: entry, example: "Inspector=@jiandu 320506002", cityCode: cityCode) else { continue }
                        unit = parsed
                    }
                    let subjectTokens = unit == nil ? tokens : Array(tokens.dropLast())
                    guard !subjectTokens.isEmpty else {
                        problem(entry.line, "Inspector=\(entry.value): expected a subject before the unit code, e.g. Inspector=@jiandu 320506002")
                        continue
                    }
                    guard let subjects = subjects(subjectTokens, entry: entry) else { continue }
                    inspectors.append((subjects, unit))
                default:  // Worker
                    if tokens.isEmpty { workers = []; continue }
                    guard tokens.count >= 2 else {
                        let what = UnitCode(tokens[0]) == nil ? "a unit code after the subject" : "a subject before the unit code"
                        problem(entry.line, "Worker=\(entry.value): expected \(what), e.g. Worker=@qinghe-street 320506002")
                        continue
                    }
                    let unitText = tokens[tokens.count - 1]
                    let unit: UnitCode
                    do throws(CodeError) {
                        unit = try UnitCode(validating: unitText)
                    } catch {
                        let hint = AccessRules.Subject(unitText) != nil
                            ? "; the unit code comes last, e.g. Worker=@qinghe-street 320506002" : ""
                        problem(entry.line, "Worker=\(entry.value): \(error.message)\(hint)")
                        continue
                    }
                    if let city = cityCode, !city.contains(unit) {
                        problem(entry.line, "Worker=\(entry.value): unit \(unit) lies outside CityCode=\(city); expected the city or a unit inside it")
                        continue
                    }
                    guard let subjects = subjects(Array(tokens.dropLast()), entry: entry) else { continue }
                    workers.append((subjects, unit, entry.line))
                }
            }
        }
        var rules = AccessRules()
        for subject in admins { rules.grant(.admin, to: subject) }
        for subject in operators { rules.grant(.operator, to: subject) }
        for inspector in inspectors {
            for subject in inspector.subjects { rules.grant(.inspector(inspector.unit), to: subject) }
        }
        for worker in workers {
            for subject in worker.subjects { rules.grant(.worker(worker.unit), to: subject) }
            if lines.workerUnitLines[worker.unit] == nil { lines.workerUnitLines[worker.unit] = worker.line }
        }
        return rules
    }

    /// The unit code ending an `Inspector=` entry, inside `CityCode=`; nil after reporting a problem.
    private mutating func accessUnit(_ text: String, entry: IniEntry, example: String, cityCode: UnitCode?) -> UnitCode? {
        let unit: UnitCode
        do throws(CodeError) {
            unit = try UnitCode(validating: text)
        } catch {
            problem(entry.line, "\(entry.key)=\(entry.value): \(error.message) (e.g. \(example); without a unit code the role is city-wide)")
            return nil
        }
        if let city = cityCode, !city.contains(unit) {
            problem(entry.line, "\(entry.key)=\(entry.value): unit \(unit) lies outside CityCode=\(city); expected the city or a unit inside it")
            return nil
        }
        return unit
    }

    /// The subjects of an `[Access]` entry; nil after reporting the first bad one.
    private mutating func subjects(_ tokens: [String], entry: IniEntry) -> [AccessRules.Subject]? {
        var result: [AccessRules.Subject] = []
        for token in tokens {
            if let problem = AccessRules.Subject.problem(in: token) {
                self.problem(entry.line, "\(entry.key)=\(entry.value): subject \(ConfigText.quoted(token)): \(problem)")
                return nil
            }
            result.append(AccessRules.Subject(token)!)
        }
        return result
    }
}
