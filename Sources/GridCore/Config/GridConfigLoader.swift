/// Turns the text of `gridd.conf` into a `GridConfig`, collecting every problem rather than
/// stopping at the first. Pure: the caller reads the file and passes its bytes, the path it used
/// (for messages and to resolve `Map=`), and the working directory (to resolve `StateDirectory=`).
///
/// Sections: `[Daemon]`, `[Limits]`, `[Grid]`, `[Calendar]`, `[Policy]`, `[Policy CODE]`, `[Access]`,
/// `[Spool]`, `[Notify]`, `[Intake]`, `[Evaluation]`, `[Category CODE]` (see docs/CONFIG.md). A section may appear more than once (its entries merge,
/// as in systemd), except `[Category CODE]` for one code. A key may repeat; the last value wins, and every occurrence is checked. An empty value
/// (`Socket=`) resets an optional setting to its default.
public enum GridConfigLoader {
    // The sections and keys, read from their one declaration (`ConfigSchema`, which also writes
    // gridd.conf(5)): a key is accepted exactly when it is documented.
    public static let sectionNames = ConfigSchema.sections.map(\.name)
    public static let daemonKeys = ConfigSchema.keys("Daemon")
    public static let gridKeys = ConfigSchema.keys("Grid")
    public static let calendarKeys = ConfigSchema.keys("Calendar")
    /// The keys of `[Policy]` and `[Policy CODE]` without qualifiers; `Ack` and `Resolve` take
    /// `.tier`, `.priority` or `.tier.priority` (see `EscalationPolicy`).
    public static let policyKeys = ConfigSchema.keys("Policy")
    public static let accessKeys = ConfigSchema.keys("Access")
    public static let categoryKeys = ConfigSchema.keys("Category")

    public static func parse(text: String, path: String, workingDirectory: String) -> Result<GridConfig, ConfigDiagnostics> {
        parse(bytes: Array(text.utf8), path: path, workingDirectory: workingDirectory)
    }

    public static func parse(bytes: [UInt8], path: String, workingDirectory: String) -> Result<GridConfig, ConfigDiagnostics> {
        let (ini, syntaxProblems) = IniFile.parse(bytes: bytes, path: path)
        var loader = GridConfigFileLoader(path: path, workingDirectory: workingDirectory)
        loader.diagnostics = syntaxProblems
        let config = loader.load(ini)
        if loader.diagnostics.isEmpty, let config { return .success(config) }
        return .failure(ConfigDiagnostics(loader.diagnostics))
    }
}

/// The state of one load (internal so that the section loaders can live in their own files).
struct GridConfigFileLoader {
    let path: String
    let workingDirectory: String
    var diagnostics: [ConfigDiagnostic] = []
    var lines = ConfigSourceLines()

    init(path: String, workingDirectory: String) {
        self.path = path
        self.workingDirectory = workingDirectory
    }

    mutating func problem(_ line: Int, _ message: String) {
        diagnostics.append(ConfigDiagnostic(file: path, line: line, message: message))
    }

    mutating func load(_ ini: IniFile) -> GridConfig? {
        var found = FoundSections()
        for section in ini.sections where !section.name.isEmpty {
            lines.record(section: section.name, argument: section.argument, key: "", line: section.line)
            guard isKnown(section) else { continue }
            collect(section, into: &found)
        }
        let daemon = daemonSettings(found)
        checkGrid(found.grid, ini: ini)
        if ini.sections(named: "Category").isEmpty {
            problem(0, "no [Category CODE] sections: at least one category is required (e.g. [Category 0102])")
        }

        // [Calendar], [Policy], [Access]: they need the config's directory, the categories and the city.
        let configDirectory = ConfigText.directoryName(ConfigText.resolve(path, against: workingDirectory))
        let catalog = CategoryCatalog(found.categories)
        let calendar = loadCalendar(found.later["Calendar", default: []], configDirectory: configDirectory)
        let policy = loadPolicy(found.later["Policy", default: []], categories: catalog)
        let access = loadAccess(found.later["Access", default: []], cityCode: found.grid.cityCode)
        let limits = loadLimits(found.later["Limits", default: []])
        let spool = loadSpool(found.later["Spool", default: []])
        let notify = found.later["Notify"].flatMap { loadNotify($0) }
        let evaluation = loadEvaluation(found.later["Evaluation", default: []])
        let intake = loadIntake(found.later["Intake", default: []])

        guard let mapPath = found.grid.mapPath, let fallbackUnit = found.grid.fallbackUnit else { return nil }
        let grid = GridSettings(
            mapPath: ConfigText.resolve(mapPath, against: configDirectory), fallbackUnit: fallbackUnit,
            cityCode: found.grid.cityCode, cityName: found.grid.cityName)
        return GridConfig(
            sourcePath: path, daemon: daemon, limits: limits, grid: grid, categories: catalog,
            calendar: calendar, policy: policy, access: access, sourceLines: lines, spool: spool,
            notify: notify, evaluation: evaluation, intake: intake)
    }

    /// What the pass over the sections found: `[Daemon]`, `[Grid]` and the categories, read as
    /// they come, and the sections read after the pass (they need the categories or the city).
    struct FoundSections {
        var daemon = DaemonSettings()
        /// `[Daemon]`'s paths as written, resolved once `StateDirectory=` is known.
        var rawPaths: [String: (value: String, line: Int)] = [:]
        var grid = GridEntries()
        var categories: [Category] = []
        var categoryLines: [String: Int] = [:]
        var majorNames: [String: (name: String, line: Int, code: String)] = [:]
        /// `[Limits]`, `[Calendar]`, `[Policy]`, `[Access]`, `[Spool]`, `[Notify]`, `[Intake]`, `[Evaluation]` by name, in order.
        var later: [String: [IniSection]] = [:]
    }

    /// Whether `section` is one of gridd's, with an argument only where one belongs; reports it if not.
    private mutating func isKnown(_ section: IniSection) -> Bool {
        switch section.name {
        case "Daemon", "Limits", "Grid", "Calendar", "Access", "Spool", "Notify", "Intake", "Evaluation":
            if let argument = section.argument {
                problem(section.line, "[\(section.name)] takes no argument (found \(ConfigText.quoted(argument))); write [\(section.name)]")
            }
            return true
        case "Category", "Policy":
            return true
        default:
            let hint = ConfigDiagnostic.closestMatch(to: section.name, among: GridConfigLoader.sectionNames)
                .map { "; did you mean [\($0 == "Category" ? "Category CODE" : $0)]?" } ?? ""
            problem(section.line, "unknown section [\(section.name)]\(hint) (\(GridConfigFileLoader.sectionList))")
            return false
        }
    }

    private mutating func collect(_ section: IniSection, into found: inout FoundSections) {
        switch section.name {
        case "Daemon":
            daemonEntries(section, into: &found)
        case "Grid":
            gridEntries(section, into: &found.grid)
        case "Category":
            guard let category = loadCategory(section, majorNames: &found.majorNames) else { return }
            if let first = found.categoryLines[category.code] {
                problem(section.line, "duplicate category \(category.code) (first defined at line \(first))")
            } else {
                found.categoryLines[category.code] = section.line
                found.categories.append(category)
            }
        default:
            found.later[section.name, default: []].append(section)
        }
    }

    static let sectionList = "sections are [Daemon], [Limits], [Grid], [Calendar], [Policy], [Policy CODE], [Access], [Spool], [Notify], [Intake], [Evaluation] and [Category CODE]"

    mutating func loadCategory(
        _ section: IniSection, majorNames: inout [String: (name: String, line: Int, code: String)]
    ) -> Category? {
        var codeIsValid = true
        let code = section.argument ?? ""
        if section.argument == nil {
            problem(section.line, "[Category] needs a category code: write [Category 0102]")
            codeIsValid = false
        } else if !Category.isWellFormedCode(code) {
            problem(section.line, "category code \(ConfigText.quoted(code)): expected 4 digits, major and minor class not 00 (e.g. 0102)")
            codeIsValid = false
        }
        let argument = codeIsValid ? code : section.argument
        var name: String?
        var major: (name: String, line: Int)?
        var startTier = Tier.community
        var priority = Priority.normal
        var departments: [Tier: String] = [:]
        for entry in section.entries {
            guard known(entry, in: section, keys: GridConfigLoader.categoryKeys) else { continue }
            lines.record(section: "Category", argument: argument, key: entry.key, line: entry.line)
            switch entry.key {
            case "Name":
                if entry.value.isEmpty { problem(entry.line, "Name= is empty: expected the category name, e.g. Name=暴露垃圾") } else {
                    name = entry.value
                }
            case "Major":
                if entry.value.isEmpty { problem(entry.line, "Major= is empty: expected the major class name, e.g. Major=市容环境") } else {
                    major = (entry.value, entry.line)
                }
            case "StartTier":
                if entry.value.isEmpty { startTier = .community; continue }
                if let tier = Tier.allCases.first(where: { $0.name == entry.value.lowercased() }) { startTier = tier } else {
                    let hint = ConfigDiagnostic.closestMatch(to: entry.value, among: Tier.allCases.map(\.name)).map { "; did you mean \($0)?" } ?? ""
                    problem(entry.line, "StartTier=\(entry.value): expected community, street, district or city\(hint)")
                }
            case "DefaultPriority":
                if entry.value.isEmpty { priority = .normal; continue }
                if let value = Priority(rawValue: entry.value.lowercased()) { priority = value } else {
                    let hint = ConfigDiagnostic.closestMatch(to: entry.value, among: Priority.allCases.map(\.rawValue)).map { "; did you mean \($0)?" } ?? ""
                    problem(entry.line, "DefaultPriority=\(entry.value): expected urgent, normal or low\(hint)")
                }
            default:  // Department.<tier>
                let tier = Tier.allCases.first { "Department.\($0.name)" == entry.key }!
                departments[tier] = entry.value.isEmpty ? nil : entry.value
            }
        }
        if name == nil, section.last("Name") == nil {
            problem(section.line, "\(section.header) is missing Name= (required: the category name, e.g. Name=暴露垃圾)")
        }
        if major == nil, section.last("Major") == nil {
            problem(section.line, "\(section.header) is missing Major= (required: the major class name, e.g. Major=市容环境)")
        }
        guard codeIsValid, let name, let major else { return nil }
        let majorCode = String(code.prefix(2))
        if let first = majorNames[majorCode] {
            if first.name != major.name {
                problem(major.line, "Major=\(major.name) differs from Major=\(first.name) of category \(first.code) (line \(first.line)); major class \(majorCode) has one name")
            }
        } else {
            majorNames[majorCode] = (major.name, major.line, code)
        }
        return Category(
            code: code, name: name, majorName: major.name, startTier: startTier, defaultPriority: priority,
            departments: departments)
    }

    /// Whether the key belongs in the section; reports it (with a suggestion) if not. Records its line.
    mutating func known(_ entry: IniEntry, in section: IniSection, keys: [String]) -> Bool {
        if keys.contains(entry.key) {
            if section.name != "Category" {
                lines.record(section: section.name, key: entry.key, line: entry.line)
            }
            return true
        }
        let what = section.name == "Category" ? "[Category]" : section.header
        if let suggestion = ConfigDiagnostic.closestMatch(to: entry.key, among: keys) {
            problem(entry.line, "unknown key \(entry.key)= in \(what); did you mean \(suggestion)=?")
        } else if let elsewhere = otherSection(for: entry.key, than: section.name) {
            problem(entry.line, "unknown key \(entry.key)= in \(what); it belongs in \(elsewhere)")
        } else {
            problem(entry.line, "unknown key \(entry.key)= in \(what) (known keys: \(keys.map { $0 + "=" }.joined(separator: ", ")))")
        }
        return false
    }

    func otherSection(for key: String, than section: String) -> String? {
        let tables: [(String, [String])] = [
            ("[Daemon]", GridConfigLoader.daemonKeys), ("[Limits]", GridConfigLoader.limitKeys),
            ("[Grid]", GridConfigLoader.gridKeys), ("[Calendar]", GridConfigLoader.calendarKeys),
            ("[Policy]", GridConfigLoader.policyKeys), ("[Access]", GridConfigLoader.accessKeys),
            ("[Spool]", GridConfigLoader.spoolKeys), ("[Notify]", GridConfigLoader.notifyKeys),
            ("[Intake]", GridConfigLoader.intakeKeys), ("[Evaluation]", GridConfigLoader.evaluationKeys),
            ("[Category CODE]", GridConfigLoader.categoryKeys),
        ]
        // Policy keys carry qualifiers (`Ack.street=`): compare their base name.
        let base = key.split(separator: ".", maxSplits: 1).first.map(String.init) ?? key
        return tables.first {
            $0.0.dropFirst().hasPrefix(section) == false
                && ($0.1.contains(key) || ($0.0 == "[Policy]" && key.contains(".") && ["Ack", "Resolve"].contains(base)))
        }?.0
    }

    /// A positive count (`MaxConnections=`, `Max...Length=`); nil after reporting a problem.
    mutating func count(_ entry: IniEntry, default value: Int, range: ClosedRange<Int>) -> Int? {
        if entry.value.isEmpty { return value }
        guard entry.value.utf8.allSatisfy({ (48...57).contains($0) }), let n = Int(entry.value), range.contains(n) else {
            problem(entry.line, "\(entry.key)=\(entry.value): expected a whole number from \(range.lowerBound) to \(range.upperBound)")
            return nil
        }
        return n
    }

    func parseMode(_ text: String) -> UInt32? {
        var digits = Substring(text)
        if digits.hasPrefix("0o") { digits = digits.dropFirst(2) }
        guard !digits.isEmpty, digits.count <= 4, digits.utf8.allSatisfy({ (48...55).contains($0) }) else { return nil }
        return UInt32(digits, radix: 8)
    }
}
