import GridCore

/// `gridctl report` for a terminal: the scope, then aligned tables (CJK names take two columns,
/// `TextTable`/`DisplayWidth`). By territory (the default): the counts and rates, the scores,
/// ranks and 环比, and the spans, per unit and per category with the total first; by responsible
/// unit (`--view unit`): the windows each unit held. Then the 超期 (督办) list.
enum ReportTableFormatter {
    static func render(_ report: EvaluationReport, view: ReportCommand.View = .territory) -> String {
        var text = "综合评价 evaluation report\n"
        text += KeyValueBlock.render([
            ("range", ReportText.range(report)),
            ("环比 previous", ReportText.previousRange(report)),
            ("scope", ReportText.scope(report)),
            ("weights", "\(report.weights) (综合指标 score)"),
            ("generated", report.generatedAt.minuteText),
        ])
        switch view {
        case .territory:
            let total = [("合计 total", report.total)]
            let units = report.units.map { (ReportText.unit($0.unit, $0.name), $0.metrics) }
            let categories = report.categories.map { (ReportText.category($0.code, $0.name), $0.metrics) }
            text += "\n" + counts("UNIT", total + units).render()
            text += "\n" + scores("UNIT", total + units).render()
            text += "\n" + spans("UNIT", total + units).render()
            text += "\n" + loop("UNIT", total + units).render()
            if !categories.isEmpty {
                text += "\n" + counts("CATEGORY", categories).render()
                text += "\n" + scores("CATEGORY", categories).render()
                text += "\n" + spans("CATEGORY", categories).render()
                text += "\n" + loop("CATEGORY", categories).render()
            }
        case .unit:
            text += "\n责任单位 responsible units: \(report.responsibleUnits.count) unit(s) held a window in the range\n"
            if !report.responsibleUnits.isEmpty { text += responsible(report.responsibleUnits).render() }
        }
        text += "\n超期 (督办) list: \(report.registerCount) red open case(s)"
        if report.register.count < report.registerCount { text += ", the \(report.register.count) longest red below" }
        text += "\n"
        if !report.register.isEmpty { text += register(report).render() }
        return text
    }

    /// Received, due and the rates; 超期 and escalations; open incidents by light.
    static func counts(_ title: String, _ rows: [(String, EvaluationReport.Metrics)]) -> TextTable {
        var table = TextTable(headers: [
            title, "RECEIVED", "CANCELLED", "DUE", "PAUSED", "CLOSED", "ON TIME", "及时受理率", "按期结案率", "结案率", "返工率",
            "超期", "超时上报", "OPEN G/Y/R/P",
        ])
        table.rightAligned = Set(1...13)
        for (name, metrics) in rows {
            var cells = [DisplayWidth.truncate(name, to: 32), String(metrics.received), String(metrics.cancelled)]
            cells += [String(metrics.due), String(metrics.paused), String(metrics.closed), String(metrics.closedOnTime)]
            cells += [metrics.timelyAckRate, metrics.onTimeRate, metrics.closeRate, metrics.reworkRate].map(ReportText.percent)
            cells += [String(metrics.overdue), String(metrics.escalations)]
            cells.append("\(metrics.openGreen)/\(metrics.openYellow)/\(metrics.openRed)/\(metrics.openPaused)")
            table.add(cells)
        }
        return table
    }

    /// The score and rank, and their change from the previous period (环比), with the on-time rate's.
    static func scores(_ title: String, _ rows: [(String, EvaluationReport.Metrics)]) -> TextTable {
        var table = TextTable(headers: [
            title, "综合指标 SCORE", "排名 RANK", "上期 PREV", "环比 Δ", "上期排名", "按期结案率", "上期 PREV", "环比 Δ",
        ])
        table.rightAligned = Set(1...8)
        for (name, metrics) in rows {
            let previous = metrics.previous
            table.add([
                DisplayWidth.truncate(name, to: 32), ReportText.score(metrics.score), ReportText.rank(metrics.rank),
                ReportText.score(previous.score), ReportText.change(metrics.score, previous.score), ReportText.rank(previous.rank),
                ReportText.percent(metrics.onTimeRate), ReportText.percent(previous.onTimeRate),
                ReportText.change(metrics.onTimeRate, previous.onTimeRate, scale: 100, unit: "pp"),
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

    /// The loop's steps: 立案 and 不予立案 with the timely-registration rate, 督办, 主动上报, and
    /// 回访 with the satisfaction rate; the two rates beside the previous period's.
    static func loop(_ title: String, _ rows: [(String, EvaluationReport.Metrics)]) -> TextTable {
        var table = TextTable(headers: [
            title, "立案 REGISTERED", "不予立案 REJECTED", "及时立案率", "上期 PREV", "督办", "主动上报", "回访 VISITS", "满意率", "上期 PREV",
        ])
        table.rightAligned = Set(1...9)
        for (name, metrics) in rows {
            let previous = metrics.previous
            table.add([
                DisplayWidth.truncate(name, to: 32), String(metrics.registered), String(metrics.rejected),
                ReportText.percent(metrics.timelyRegisterRate), ReportText.percent(previous.timelyRegisterRate),
                String(metrics.supervised), String(metrics.escalatedByHand), String(metrics.visits),
                ReportText.percent(metrics.satisfactionRate), ReportText.percent(previous.satisfactionRate),
            ])
        }
        return table
    }

    /// The responsible-unit view: windows given, missed, resolved within them, 督办 received and
    /// requests decided, and the previous period's windows, misses and resolves.
    static func responsible(_ rows: [EvaluationReport.ResponsibleRow]) -> TextTable {
        var table = TextTable(headers: [
            "责任单位 UNIT", "TIER", "时限 WINDOWS", "超期 OVERDUE", "按时处置 IN WINDOW", "督办", "批准 APPROVED", "驳回 DENIED",
            "上期时限 PREV", "上期超期 PREV", "上期按时 PREV",
        ])
        table.rightAligned = Set(2...10)
        for row in rows {
            let now = row.current, before = row.previous
            table.add([DisplayWidth.truncate(ReportText.responsibleName(row), to: 32), row.unit.tier.name] + [
                now.windows, now.overdue, now.resolvedInWindow, now.supervised, now.approved, now.denied, before.windows,
                before.overdue, before.resolvedInWindow,
            ].map(String.init))
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
