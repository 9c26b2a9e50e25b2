/// Reads the holiday calendar file format, one directive per line:
///
/// ```
/// # comment (also after a directive)
/// off  2026-02-15 .. 2026-02-23   # a range of holidays, inclusive
/// off  2026-04-05                  # one holiday
/// work 2026-02-14                  # a make-up workday (调休)
/// ```
///
/// It exists so that a new year's schedule is a new text file, checked line by line: unknown
/// directives, invalid dates, reversed or implausibly long ranges (over 31 days, usually a typo
/// in the year), dates listed twice and dates both off and work are `file:line: message`
/// diagnostics. Pure: the caller reads the file and passes its text.
extension HolidaySchedule {
    /// The longest range a line may list; holidays last days, not months.
    public static let maximumRangeDays = 31

    public static func parse(_ text: String, file: String) -> Result<HolidaySchedule, ConfigDiagnostics> {
        var schedule = HolidaySchedule()
        var diagnostics: [ConfigDiagnostic] = []
        var body = Substring(text)
        if body.hasPrefix("\u{FEFF}") { body = body.dropFirst() }
        for (index, rawLine) in body.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).enumerated() {
            let line = index + 1
            let content = rawLine.prefix { $0 != "#" }
            switch parseLine(String(content)) {
            case .none:
                continue
            case .some(.failure(let error)):
                diagnostics.append(ConfigDiagnostic(file: file, line: line, message: error.message))
            case .some(.success(let (kind, dates))):
                if let conflict = schedule.add(dates, as: Entry(kind: kind, file: file, line: line)) {
                    diagnostics.append(ConfigDiagnostic(file: file, line: line, message: conflict))
                }
            }
        }
        if diagnostics.isEmpty, schedule.entries.isEmpty {
            diagnostics.append(ConfigDiagnostic(file: file, line: 0, message: "no dates listed; expected lines such as off 2026-10-01 .. 2026-10-07 or work 2026-10-10"))
        }
        return diagnostics.isEmpty ? .success(schedule) : .failure(ConfigDiagnostics(diagnostics))
    }

    /// One line without its comment: nil when blank, else its kind and dates or what is wrong.
    private static func parseLine(_ content: String) -> Result<(Kind, [CivilDate]), ValueSyntaxError>? {
        let expected = "expected off YYYY-MM-DD, off YYYY-MM-DD .. YYYY-MM-DD or work YYYY-MM-DD"
        let spaced = content.replacingAll("..", with: " .. ")
        let tokens = spaced.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" }).map(String.init)
        guard let keyword = tokens.first else { return nil }
        guard let kind = Kind(rawValue: keyword.lowercased()) else {
            let hint = ConfigDiagnostic.closestMatch(to: keyword, among: ["off", "work"], maxDistance: 2)
                .map { " (did you mean \($0)?)" } ?? ""
            return .failure(ValueSyntaxError("unknown directive \(ConfigText.quoted(keyword))\(hint); \(expected)"))
        }
        let arguments = Array(tokens.dropFirst())
        guard arguments.count == 1 || (arguments.count == 3 && arguments[1] == "..") else {
            return .failure(ValueSyntaxError(arguments.isEmpty ? "\(keyword) without a date; \(expected)" : "malformed \(keyword) line; \(expected)"))
        }
        var bounds: [CivilDate] = []
        for argument in [arguments.first!, arguments.last!] {
            guard let date = CivilDate(iso: argument) else {
                return .failure(ValueSyntaxError("invalid date \(ConfigText.quoted(argument)); expected YYYY-MM-DD, a real calendar date"))
            }
            bounds.append(date)
        }
        let first = bounds[0].daysSinceEpoch, last = bounds[1].daysSinceEpoch
        guard first <= last else {
            return .failure(ValueSyntaxError("range \(bounds[0]) .. \(bounds[1]) ends before it starts"))
        }
        guard last - first < Int64(maximumRangeDays) else {
            return .failure(ValueSyntaxError(
                "range \(bounds[0]) .. \(bounds[1]) is \(last - first + 1) days long; a range lists at most \(maximumRangeDays) days (a typo in the year?)"))
        }
        return .success((kind, (first...last).map { CivilDate(daysSinceEpoch: $0) }))
    }
}

extension String {
    /// Every occurrence of `target` replaced (Foundation-free).
    fileprivate func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var result = ""
        var rest = Substring(self)
        while let range = rest.firstRange(of: target) {
            result += rest[..<range.lowerBound] + replacement
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}
