/// The days of the week that are not working days unless a make-up workday (调休) says so.
///
/// It exists so that the weekend is configurable (some service centres work Saturdays) and parsed
/// in one place. Days are ISO weekdays: 1 = Monday … 7 = Sunday.
public struct WeekendDays: Sendable, Hashable, CustomStringConvertible {
    public let days: Set<Int>

    /// Saturday and Sunday.
    public static let saturdaySunday = WeekendDays(checked: [6, 7])
    /// No weekend: every day is a working day unless it is a holiday.
    public static let none = WeekendDays(checked: [])

    /// ISO weekdays (1 = Monday … 7 = Sunday); at least one day of the week must remain a working day.
    public init(_ days: Set<Int>) throws(ValueSyntaxError) {
        guard days.allSatisfy({ (1...7).contains($0) }) else {
            throw ValueSyntaxError("weekend days are ISO weekdays 1 (Monday) to 7 (Sunday)")
        }
        guard days.count < 7 else {
            throw ValueSyntaxError("a weekend of all seven days leaves no working days")
        }
        self.days = days
    }

    private init(checked days: Set<Int>) { self.days = days }

    public func contains(weekday: Int) -> Bool { days.contains(weekday) }

    static let shortNames = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    static let longNames = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    static let chineseNames = ["一", "二", "三", "四", "五", "六", "日"]

    /// The form `parse` reads: `Sat Sun`, or `none`.
    public var description: String {
        days.isEmpty ? "none" : days.sorted().map { Self.shortNames[$0 - 1] }.joined(separator: " ")
    }

    /// Parses weekend days separated by blanks and/or commas: names (`Sat`, `Saturday`, any case),
    /// ISO numbers (`6 7`, 7 = Sunday) or Chinese (`周六 周日`, `星期六`, `星期天`). `none` or an
    /// empty value means no weekend.
    public static func parse(_ text: String) -> Result<WeekendDays, ValueSyntaxError> {
        let tokens = text.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\t" || $0 == "，" || $0 == "、" })
            .map(String.init)
        if tokens.isEmpty || (tokens.count == 1 && tokens[0].lowercased() == "none") { return .success(.none) }
        var days: Set<Int> = []
        for token in tokens {
            guard let day = weekday(named: token) else {
                let hint = ConfigDiagnostic.closestMatch(to: token, among: shortNames + longNames, maxDistance: 2)
                    .map { " (did you mean \($0)?)" } ?? ""
                return .failure(ValueSyntaxError(
                    "weekend \(ConfigText.quoted(text)): unknown day \(ConfigText.quoted(token))\(hint); "
                        + "expected day names such as Sat Sun, or ISO numbers 1 (Monday) to 7 (Sunday)"))
            }
            guard days.insert(day).inserted else {
                return .failure(ValueSyntaxError("weekend \(ConfigText.quoted(text)): \(longNames[day - 1]) is given twice"))
            }
        }
        do {
            return .success(try WeekendDays(days))
        } catch {
            return .failure(ValueSyntaxError("weekend \(ConfigText.quoted(text)): \(error.message)"))
        }
    }

    private static func weekday(named token: String) -> Int? {
        if token.count == 1, let number = Int(token), (1...7).contains(number) { return number }
        let lower = token.lowercased()
        if let index = shortNames.firstIndex(where: { $0.lowercased() == lower }) { return index + 1 }
        if let index = longNames.firstIndex(where: { $0.lowercased() == lower }) { return index + 1 }
        for prefix in ["周", "星期", "礼拜"] where token.hasPrefix(prefix) {
            let rest = String(token.dropFirst(prefix.count))
            if rest == "天" { return 7 }
            if let index = chineseNames.firstIndex(of: rest) { return index + 1 }
        }
        return nil
    }
}
