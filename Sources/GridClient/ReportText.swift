import GridCore

/// How report figures read in every format (table, CSV, HTML): rates as percentages, spans as
/// hours (`h` elapsed, `wh` working hours), units and categories with their names, and the
/// column titles the formats share. One place, so the formats cannot disagree.
enum ReportText {
    /// `value` rounded to `digits` decimals (no Foundation formatting on the client).
    static func fixed(_ value: Double, _ digits: Int) -> String {
        var scale: Int64 = 1
        for _ in 0..<digits { scale *= 10 }
        let scaled = Int64((abs(value) * Double(scale)).rounded())
        let whole = scaled / scale
        var text = (value < 0 && scaled != 0 ? "-" : "") + String(whole)
        if digits > 0 {
            let fraction = String(scaled % scale)
            text += "." + String(repeating: "0", count: digits - fraction.count) + fraction
        }
        return text
    }

    /// `87.5%`, or `-` when there was nothing to divide by.
    static func percent(_ rate: Double?) -> String {
        guard let rate else { return "-" }
        return fixed(rate * 100, 1) + "%"
    }

    /// A score (points out of 100) with one decimal, `-` for none.
    static func score(_ value: Double?) -> String { value.map { fixed($0, 1) } ?? "-" }

    /// A rank, `-` for an unranked row.
    static func rank(_ value: Int?) -> String { value.map(String.init) ?? "-" }

    /// The change from the previous period (环比) with its sign: `+3.2`, `-1.0`, `±0.0`; `-` when
    /// either side is absent. `scale` 100 turns rates into percentage points (`pp`).
    static func change(_ now: Double?, _ before: Double?, scale: Double = 1, unit: String = "") -> String {
        guard let now, let before else { return "-" }
        let delta = (now - before) * scale
        let text = fixed(abs(delta), 1)
        let sign = text == fixed(0, 1) ? "±" : delta > 0 ? "+" : "-"
        return sign + text + unit
    }

    /// Hours with one decimal and their unit: `26.1 h`, `5.2 wh`; `-` for none.
    static func hours(_ milliseconds: Int64?, working: Bool) -> String {
        guard let milliseconds else { return "-" }
        return fixed(Double(milliseconds) / 3_600_000, 1) + (working ? " wh" : " h")
    }

    /// Hours as a plain number (CSV): `26.10`, empty for none.
    static func hoursNumber(_ milliseconds: Int64?) -> String {
        guard let milliseconds else { return "" }
        return fixed(Double(milliseconds) / 3_600_000, 2)
    }

    /// One figure of a span in working and elapsed time: `3.0 wh / 26.1 h`.
    static func span(working: Int64?, calendar: Int64?) -> String {
        guard working != nil || calendar != nil else { return "-" }
        return "\(hours(working, working: true)) / \(hours(calendar, working: false))"
    }

    static func unit(_ code: UnitCode, _ name: String?) -> String {
        guard let name else { return code.rawValue }
        return "\(name) (\(code.rawValue))"
    }

    static func category(_ code: String, _ name: String?) -> String {
        guard let name else { return code }
        return "\(code) \(name)"
    }

    /// The rows of the territory view in display order: the total, the units, the categories.
    static func rows(
        _ report: EvaluationReport, _ language: Language = .en
    ) -> [(kind: String, code: String, name: String, metrics: EvaluationReport.Metrics)] {
        [("total", "", total(language), report.total)]
            + report.units.map { ($0.unit.tier.name, $0.unit.rawValue, $0.name ?? "", $0.metrics) }
            + report.categories.map { ("category", $0.code, $0.name ?? "", $0.metrics) }
    }

    /// The total row's name: 合计, total.
    static func total(_ language: Language) -> String { language == .zh ? "合计" : "total" }

    /// `2026-05-01 00:00 → 2026-06-01 00:00 (Asia/Shanghai)`.
    static func range(_ report: EvaluationReport) -> String {
        "\(report.from.minuteText) → \(report.to.minuteText) (\(report.timeZone))"
    }

    /// What the report covers: unit, category, level.
    static func scope(_ report: EvaluationReport, _ language: Language = .en) -> String {
        let zh = language == .zh
        let unit = report.unit.map { self.unit($0, report.unitName) } ?? (zh ? "全部单位" : "all units")
        let category = report.category.map { self.category($0, report.categoryName) } ?? (zh ? "全部类别" : "all categories")
        return zh ? "\(unit)；\(category)；按\(report.groupBy.chineseName)" : "\(unit); \(category); by \(report.groupBy.name)"
    }

    /// `2026-05-01 00:00 → 2026-06-01 00:00`: the period the 环比 figures are of.
    static func previousRange(_ report: EvaluationReport) -> String {
        "\(report.previousFrom.minuteText) → \(report.from.minuteText)"
    }

    /// How long ago a red case's first miss fell due: `超期 3 小时`, `超期 2 天 4 小时`, `超期 40 分钟`,
    /// in working time `超期 5 工作小时` (a working day's length is the calendar's, not known here,
    /// so working time stays in hours); in English `3 h`, `2 d 4 h`, `40 min`, `5 wh`.
    static func overdueFor(_ overdue: RegisterOverdue, _ language: Language) -> String {
        let zh = language == .zh, working = overdue.workingTime
        let minutes = (working ? overdue.workingMilliseconds : overdue.calendarMilliseconds) / 60_000
        let minute = zh ? (working ? "工作分钟" : "分钟") : (working ? "wmin" : "min")
        let hour = zh ? "小时" : "h", workingHour = zh ? "工作小时" : "wh"
        let text: String
        if minutes < 60 {
            text = "\(minutes) \(minute)"
        } else if working || minutes < 24 * 60 {
            text = "\(minutes / 60) \(working ? workingHour : hour)"
        } else {
            let hours = minutes / 60
            text = "\(hours / 24) \(zh ? "天" : "d")" + (hours % 24 == 0 ? "" : " \(hours % 24) \(hour)")
        }
        return zh ? "超期 " + text : text
    }

    /// The rows of the responsible-unit view, labelled.
    static func responsibleName(_ row: EvaluationReport.ResponsibleRow) -> String { unit(row.unit, row.name) }
}
