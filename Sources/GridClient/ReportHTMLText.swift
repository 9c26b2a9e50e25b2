import GridCore

/// The Chinese words of the meeting-ready HTML report (`ReportHTMLFormatter`): its title
/// (`江州市清河街道 2026年11月 网格化管理综合评价`), the period as people say it (a month, a
/// quarter, a year, or the days), and the windows of the 超期 list. Apart from the formatter so the page's layout and its
/// wording each stay readable, and testable on their own.
enum ReportHTMLText {
    /// `江州市清河街道 2026年11月 网格化管理综合评价`; `全市` without `--unit`, and the category
    /// after the unit when the report is of one.
    static func title(_ report: EvaluationReport) -> String {
        var scope = report.unit.map { report.unitName ?? $0.rawValue } ?? "全市"
        if let category = report.category { scope += " " + (report.categoryName ?? category) }
        return "\(scope) \(period(from: report.from, to: report.to)) 网格化管理综合评价"
    }

    /// The range `[from, to)` as people name it: `2026年11月`, `2026年第二季度`, `2026年`,
    /// `2026年4月至6月`, `2026年11月3日至11月19日`, `2026年12月1日至12月5日 14:20` (a range that
    /// ends at a time, such as this month so far).
    static func period(from: LocalTime, to: LocalTime) -> String {
        let (start, startTime) = parts(from), (end, endTime) = parts(to)
        if startTime == "00:00", endTime == "00:00", start.day == 1, end.day == 1 {
            let months = (end.year * 12 + end.month) - (start.year * 12 + start.month)
            if months == 1 { return "\(start.year)年\(start.month)月" }
            if months == 12, start.month == 1 { return "\(start.year)年" }
            if months == 3, (start.month - 1) % 3 == 0 { return "\(start.year)年第\(quarterNames[(start.month - 1) / 3])季度" }
            let last = CivilDate(daysSinceEpoch: end.daysSinceEpoch - 1)
            return "\(start.year)年\(start.month)月至" + (last.year == start.year ? "" : "\(last.year)年") + "\(last.month)月"
        }
        let first = "\(start.year)年\(start.month)月\(start.day)日" + (startTime == "00:00" ? "" : " \(startTime)")
        if endTime == "00:00" {
            let day = CivilDate(daysSinceEpoch: end.daysSinceEpoch - 1)
            if startTime == "00:00", day == start { return first }
            return first + "至" + (day.year == start.year ? "" : "\(day.year)年") + "\(day.month)月\(day.day)日"
        }
        return first + "至" + (end.year == start.year ? "" : "\(end.year)年") + "\(end.month)月\(end.day)日 \(endTime)"
    }

    static let quarterNames = ["一", "二", "三", "四"]

    /// The local date and `HH:MM` of a time.
    private static func parts(_ time: LocalTime) -> (CivilDate, String) {
        let text = time.minuteText
        let date = CivilDate(iso: String(text.prefix(10))) ?? CivilDate(year: 1970, month: 1, day: 1)
        return (date, String(text.suffix(5)))
    }

    /// The window missed, as the centres name it.
    static func window(_ name: String) -> String {
        switch name {
        case "register": return "立案时限"
        case "ack": return "受理时限"
        case "resolve": return "处置时限"
        case "verify": return "核查时限"
        case "case": return "案件处置时限"
        default: return name
        }
    }

    /// `桃源社区`, or the code when the map has no name for it.
    static func unit(_ code: UnitCode, _ name: String?) -> String { name ?? code.rawValue }

    /// The target line's words: `目标 90%`, `目标 92.5%`.
    static func target(_ fraction: Double) -> String {
        let percent = fraction * 100
        let text = ReportText.fixed(percent, 1)
        return "目标 " + (text.hasSuffix(".0") ? String(text.dropLast(2)) : text) + "%"
    }
}
