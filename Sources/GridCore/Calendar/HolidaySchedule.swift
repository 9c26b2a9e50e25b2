/// Public holidays (off days) and make-up workdays (调休) by date, merged from one calendar file
/// per year, each date remembering the file and line that listed it.
///
/// It exists because holidays are announced year by year (the State Council's notice each
/// November) and must be added without code changes, and because a date listed twice or both off
/// and work is an operator's mistake that `--check-config` should point at. Equality compares the
/// dates and their kinds only, not where they came from.
public struct HolidaySchedule: Sendable, Equatable {
    /// What a listed date is.
    public enum Kind: String, Sendable, Hashable {
        /// A holiday: no work, even on a weekday.
        case off
        /// A make-up workday: a working day, even on a weekend day.
        case work
    }

    /// One listed date: its kind and where it was listed.
    public struct Entry: Sendable, Hashable {
        public var kind: Kind
        public var file: String
        public var line: Int

        public init(kind: Kind, file: String, line: Int) {
            self.kind = kind
            self.file = file
            self.line = line
        }
    }

    public private(set) var entries: [CivilDate: Entry] = [:]

    /// An empty schedule: only weekends are days off.
    public init() {}

    public func kind(of date: CivilDate) -> Kind? { entries[date]?.kind }

    public var offDays: Set<CivilDate> { Set(entries.filter { $0.value.kind == .off }.keys) }
    public var workDays: Set<CivilDate> { Set(entries.filter { $0.value.kind == .work }.keys) }

    /// The years that have at least one listed date; a year missing here has only ordinary
    /// weekends, which the daemon may warn about as the year approaches.
    public var years: Set<Int> { Set(entries.keys.map(\.year)) }

    public static func == (lhs: HolidaySchedule, rhs: HolidaySchedule) -> Bool {
        lhs.entries.mapValues(\.kind) == rhs.entries.mapValues(\.kind)
    }

    /// Adds `dates` from one line, keeping the first listing of any date already present.
    /// Returns a message for the first conflicting date of the line (and how many more), if any.
    mutating func add(_ dates: [CivilDate], as entry: Entry) -> String? {
        var conflicts: [(date: CivilDate, earlier: Entry)] = []
        for date in dates {
            if let earlier = entries[date] {
                conflicts.append((date, earlier))
            } else {
                entries[date] = entry
            }
        }
        guard let first = conflicts.first else { return nil }
        let place = first.earlier.file == entry.file ? "on line \(first.earlier.line)" : "at \(first.earlier.file):\(first.earlier.line)"
        let more = conflicts.count > 1 ? " (and \(conflicts.count - 1) more dates of this line)" : ""
        if first.earlier.kind == entry.kind {
            return "\(first.date)\(more) already listed as \(entry.kind.rawValue) \(place)"
        }
        return "\(first.date)\(more) listed as \(first.earlier.kind.rawValue) \(place) and as \(entry.kind.rawValue) here; "
            + "a date is either a holiday (off) or a make-up workday (work)"
    }

    /// Merges schedules (one per file, e.g. one per year) in order. A date listed again is
    /// diagnosed at the later listing's file and line; the first listing wins.
    public static func merging(_ schedules: [HolidaySchedule]) -> Result<HolidaySchedule, ConfigDiagnostics> {
        var merged = HolidaySchedule()
        var diagnostics: [ConfigDiagnostic] = []
        for schedule in schedules {
            let lines = Dictionary(grouping: schedule.entries, by: \.value)
            for (entry, dates) in lines.sorted(by: { ($0.key.file, $0.key.line) < ($1.key.file, $1.key.line) }) {
                if let message = merged.add(dates.map(\.key).sorted(), as: entry) {
                    diagnostics.append(ConfigDiagnostic(file: entry.file, line: entry.line, message: message))
                }
            }
        }
        return diagnostics.isEmpty ? .success(merged) : .failure(ConfigDiagnostics(diagnostics))
    }

    /// Make-up workdays that are already working days under `weekend` (almost always a wrong
    /// date), as diagnostics at the line that lists them. Weekday holidays need no such check.
    public func makeUpWorkdayProblems(weekend: WeekendDays) -> [ConfigDiagnostic] {
        entries.filter { $0.value.kind == .work && !weekend.contains(weekday: $0.key.weekday) }
            .sorted { ($0.value.file, $0.value.line, $0.key) < ($1.value.file, $1.value.line, $1.key) }
            .map { date, entry in
                ConfigDiagnostic(
                    file: entry.file, line: entry.line,
                    message: "work \(date): \(date) is a \(WeekendDays.longNames[date.weekday - 1]), already a working day "
                        + "(weekend: \(weekend)); a make-up workday falls on a weekend day")
            }
    }
}
