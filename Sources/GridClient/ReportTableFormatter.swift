import GridCore

/// `gridctl report` for a terminal: the scope, then aligned tables (CJK names take two columns,
/// `TextTable`/`DisplayWidth`) of the counts and rates and of the spans, per unit and per
/// category with the total first, then the 超期 (督办) list.
enum ReportTableFormatter {
    static func render(_ report: EvaluationReport) -> String {
        var text = "综合评价 evaluation report\n"
        text += KeyValueBlock.render([
            ("range", ReportText.range(report)),
            ("scope", ReportText.scope(report)),
            ("generated", report.generatedAt.minuteText),
        ])
        let total = [("合计 total", report.total)]
        let units = report.units.map { (ReportText.unit($0.unit, $0.name), $0.metrics) }
        let categories = report.categories.map { (ReportText.category($0.code, $0.name), $0.metrics) }
        text += "\n" + counts("UNIT", total + units).render()
        text += "\n" + spans("UNIT", total + units).render()
        if !categories.isEmpty {
            text += "\n" + counts("CATEGORY", categories).render()
            text += "\n" + spans("CATEGORY", categories).render()
        }
        text += "\n超期 (督办) list: \(report.registerCount) red open case(s)"
        if report.register.count < report.registerCount { text += ", the \(report.register.count) longest red below" }
        text += "\n"
        if !report.register.isEmpty { text += register(report).render() }
        return text
    }

    /// Received, closed, due and the rates; escalations by tier; open incidents by light.
    static func counts(_ title: String, _ rows: [(String, EvaluationReport.Metrics)]) -> TextTable {
        var table = TextTable(headers: [
            title, "RECEIVED", "CANCELLED", "CLOSED", "REWORKED", "DUE", "DEFERRED", "ON TIME", "按期结案率", "结案率", "返工率",
            "ESCALATED S/D/C", "OVERDUE", "OPEN G/Y/R/P",
        ])
        table.rightAligned = Set(1...12)
        for (name, metrics) in rows {
            table.add([
                DisplayWidth.truncate(name, to: 32), String(metrics.received), String(metrics.cancelled), String(metrics.closed),
                String(metrics.reworked), String(metrics.due), String(metrics.deferred), String(metrics.closedOnTime),
                ReportText.percent(metrics.onTimeRate), ReportText.percent(metrics.closeRate), ReportText.percent(metrics.reworkRate),
                "\(metrics.escalatedToStreet)/\(metrics.escalatedToDistrict)/\(metrics.escalatedToCity)", String(metrics.enteredOverdue),
                "\(metrics.openGreen)/\(metrics.openYellow)/\(metrics.openRed)/\(metrics.openPaused)",
            ])
        }
        return table
    }

    /// Time to acknowledge and to resolve: median and 90th percentile, working / elapsed hours.
    static func spans(_ title: String, _ rows: [(String, EvaluationReport.Metrics)]) -> TextTable {
        var table = TextTable(headers: [title, "ACKED", "ACK MEDIAN wh / h", "ACK P90", "RESOLVED", "RESOLVE MEDIAN wh / h", "RESOLVE P90"])
        table.rightAligned = Set(1...6)
        for (name, metrics) in rows {
            let ack = metrics.timeToAcknowledge, resolve = metrics.timeToResolve
            table.add([
                DisplayWidth.truncate(name, to: 32), String(ack.count),
                ReportText.span(working: ack.workingMedian, calendar: ack.calendarMedian),
                ReportText.span(working: ack.workingP90, calendar: ack.calendarP90), String(resolve.count),
                ReportText.span(working: resolve.workingMedian, calendar: resolve.calendarMedian),
                ReportText.span(working: resolve.workingP90, calendar: resolve.calendarP90),
            ])
        }
        return table
    }

    static func register(_ report: EvaluationReport) -> TextTable {
        var table = TextTable(headers: ["ID", "STATE", "TIER", "UNIT", "CATEGORY", "DUE", "TITLE"])
        table.rightAligned = [0]
        for entry in report.register {
            table.add([
                String(entry.id), entry.state.rawValue, entry.tier.name,
                DisplayWidth.truncate(ReportText.unit(entry.unit, entry.unitName), to: 30),
                DisplayWidth.truncate(ReportText.category(entry.category, entry.categoryName), to: 20),
                entry.dueAt?.minuteText ?? "-", DisplayWidth.truncate(entry.title ?? "", to: 30),
            ])
        }
        return table
    }
}
