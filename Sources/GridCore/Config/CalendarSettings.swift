/// `[Calendar]`: the working calendar that working-time windows (`wh`, `wd`) count against.
///
/// The config holds the parsed zone, office hours and weekend, and where the holiday files are;
/// GridCore does no I/O, so the daemon reads the files and calls `makeCalendar(holidayFiles:)`:
///
/// ```swift
/// var files: [(path: String, text: String)] = []
/// for file in config.calendar.holidayFiles {
///     // read file.path; on failure report config.calendar.unreadableHolidayFile(file, reason: ...)
///     files.append((file.path, text))
/// }
/// switch config.calendar.makeCalendar(holidayFiles: files) {
/// case .success(let calendar): // use it; print config.calendar.calendarWarnings(calendar, now: clock.now())
/// case .failure(let diagnostics): // file:line: message, like load errors
/// }
/// ```
public struct CalendarSettings: Sendable, Equatable {
    /// One `Holidays=` entry: the absolute path, the path shown in messages (relative to the
    /// working directory when the config path was, e.g. `Config/holidays/cn-2026.txt`), and the
    /// line of the config that lists it.
    public struct HolidayFile: Sendable, Equatable {
        public var path: String
        public var displayPath: String
        public var line: Int

        public init(path: String, displayPath: String? = nil, line: Int = 0) {
            self.path = path
            self.displayPath = displayPath ?? path
            self.line = line
        }
    }

    /// `TimeZone=`: an IANA identifier, default Asia/Shanghai.
    public var timeZoneIdentifier: String
    /// `OfficeHours=`, default 08:30-12:00, 14:30-18:00.
    public var officeHours: OfficeHours
    /// `Weekend=`, default Sat Sun.
    public var weekend: WeekendDays
    /// `Holidays=`, in the order listed (files merge in this order).
    public var holidayFiles: [HolidayFile]
    /// The config file, and the lines of `TimeZone=` and of the `[Calendar]` header, for messages
    /// about the calendar built later (0 when not in the file).
    public var sourcePath: String
    public var timeZoneLine: Int
    public var sectionLine: Int

    public init(
        timeZoneIdentifier: String = WorkingCalendar.defaultTimeZoneIdentifier, officeHours: OfficeHours = .standard,
        weekend: WeekendDays = .saturdaySunday, holidayFiles: [HolidayFile] = [], sourcePath: String = "",
        timeZoneLine: Int = 0, sectionLine: Int = 0
    ) {
        self.timeZoneIdentifier = timeZoneIdentifier
        self.officeHours = officeHours
        self.weekend = weekend
        self.holidayFiles = holidayFiles
        self.sourcePath = sourcePath
        self.timeZoneLine = timeZoneLine
        self.sectionLine = sectionLine
    }

    /// Builds the working calendar from the texts of the holiday files (`path` as in
    /// `holidayFiles`; files merge in the order given). Diagnostics carry the holiday file's
    /// line (a bad line, a date listed twice — at the later listing), or the config line for a
    /// holiday file that was not passed or a time zone the system does not know.
    public func makeCalendar(holidayFiles texts: [(path: String, text: String)]) -> Result<WorkingCalendar, ConfigDiagnostics> {
        var diagnostics: [ConfigDiagnostic] = []
        var schedules: [HolidaySchedule] = []
        for file in holidayFiles where !texts.contains(where: { $0.path == file.path }) {
            diagnostics.append(ConfigDiagnostic(
                file: sourcePath, line: file.line,
                message: "Holidays=\(file.displayPath): the holiday file was not read"))
        }
        for (path, text) in texts {
            let shown = holidayFiles.first { $0.path == path }?.displayPath ?? path
            switch HolidaySchedule.parse(text, file: shown) {
            case .success(let schedule): schedules.append(schedule)
            case .failure(let problems): diagnostics += problems.diagnostics
            }
        }
        var holidays = HolidaySchedule()
        switch HolidaySchedule.merging(schedules) {
        case .success(let merged): holidays = merged
        case .failure(let problems): diagnostics += problems.diagnostics
        }
        do throws(CalendarSetupError) {
            let calendar = try WorkingCalendar(
                timeZoneIdentifier: timeZoneIdentifier, officeHours: officeHours, weekend: weekend, holidays: holidays)
            if diagnostics.isEmpty { return .success(calendar) }
        } catch {
            diagnostics.append(ConfigDiagnostic(file: sourcePath, line: timeZoneLine, message: "TimeZone=\(timeZoneIdentifier): \(error.message)"))
        }
        return .failure(ConfigDiagnostics(diagnostics))
    }

    /// The message for a holiday file the daemon could not read, at its `Holidays=` line.
    public func unreadableHolidayFile(_ file: HolidayFile, reason: String) -> ConfigDiagnostic {
        ConfigDiagnostic(file: sourcePath, line: file.line, message: "Holidays=\(file.displayPath): cannot read the holiday file: \(reason)")
    }

    /// Problems that do not stop the daemon but deserve an operator's look, each message starting
    /// with `warning: `: make-up workdays (`work`) on dates that are working days anyway (at the
    /// holiday file's line), and each of `years` for which the holiday files list no date (at the
    /// last `Holidays=` line, else the `[Calendar]` header, else the whole file).
    public func calendarWarnings(_ calendar: WorkingCalendar, years: [Int]) -> [ConfigDiagnostic] {
        var warnings = calendar.holidays.makeUpWorkdayProblems(weekend: calendar.weekend).map {
            ConfigDiagnostic(file: $0.file, line: $0.line, message: "warning: " + $0.message)
        }
        let listed = calendar.holidays.years
        let line = holidayFiles.last?.line ?? sectionLine
        for year in years where !listed.contains(year) {
            let files = holidayFiles.isEmpty ? "no Holidays= files are configured" : "the holiday files list no dates in \(year)"
            warnings.append(ConfigDiagnostic(
                file: sourcePath, line: line,
                message: "warning: \(files); only weekends are days off in \(year) until its holiday file "
                    + "(e.g. holidays/cn-\(year).txt) is added to [Calendar] Holidays="))
        }
        return warnings
    }

    /// `calendarWarnings(_:years:)` for the current year and the next (the State Council
    /// publishes next year's schedule in November).
    public func calendarWarnings(_ calendar: WorkingCalendar, calendarYearNow: Int) -> [ConfigDiagnostic] {
        calendarWarnings(calendar, years: [calendarYearNow, calendarYearNow + 1])
    }

    /// `calendarWarnings(_:years:)` for the year of `now` in the calendar's zone, and from
    /// December on also for the next year — what the daemon prints at start-up and reload.
    public func calendarWarnings(_ calendar: WorkingCalendar, now: Timestamp) -> [ConfigDiagnostic] {
        let today = calendar.localDate(at: now)
        return calendarWarnings(calendar, years: today.month == 12 ? [today.year, today.year + 1] : [today.year])
    }
}
