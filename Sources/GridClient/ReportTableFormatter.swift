import GridCore

/// `gridctl report` for a terminal: the scope, then aligned tables (CJK names take two columns,
/// `TextTable`/`DisplayWidth`). By territory (the default): the counts and rates, the scores,
/// ranks and 环比, and the spans, per unit and per category with the total first; by responsible
/// unit (`--view unit`): the windows each unit held. Then the 超期 (督办) list. Headers and labels
/// in Chinese when gridctl speaks Chinese, in English otherwise (the HTML page takes the Chinese
/// tables from here too); codes (tiers in `--view unit`, states on the list in English) stay codes.
enum ReportTableFormatter {
    static func render(_ report: EvaluationReport, view: ReportCommand.View = .territory, language: Language = .en) -> String {
        let zh = language == .zh
        func pick(_ english: String, _ chinese: String) -> String { zh ? chinese : english }
        var text = pick("evaluation report", "综合评价") + "\n"
        text += KeyValueBlock.render([
            (pick("range", "统计期间"), ReportText.range(report)),
            (pick("previous", "环比期间"), ReportText.previousRange(report)),
            (pick("scope", "范围"), ReportText.scope(report, language)),
            (pick("weights", "综合指标权重"), weights(report.weights, language)),
            (pick("on-time target", "按期结案率目标"), report.target.map(ReportText.percent) ?? "-"),
            (pick("generated", "生成时间"), report.generatedAt.minuteText),
        ])
        let title = pick("UNIT", "单位")
        switch view {
        case .territory:
            let total = [(ReportText.total(language), report.total)]
            let units = report.units.map { (ReportText.unit($0.unit, $0.name), $0.metrics) }
            let categories = report.categories.map { (ReportText.category($0.code, $0.name), $0.metrics) }
            for table in tables(title, total + units, language) { text += "\n" + table.render() }
            if !categories.isEmpty {
                for table in tables(pick("CATEGORY", "类别"), categories, language) { text += "\n" + table.render() }
            }
        case .unit:
            let count = report.responsibleUnits.count
            text += "\n" + pick("responsible units: \(count) unit(s) held a window in the range", "责任单位：范围内 \(count) 个单位承担过时限") + "\n"
            if !report.responsibleUnits.isEmpty { text += responsible(report.responsibleUnits, language).render() }
        }
        text += "\n" + pick("overdue (supervision) list: \(report.registerCount) red open case(s)", "超期（督办）清单：红灯在办案件 \(report.registerCount) 件")
        if report.register.count < report.registerCount {
            text += pick(", the \(report.register.count) longest red below", "，下列超期最久的 \(report.register.count) 件")
        }
        text += "\n"
        if !report.register.isEmpty { text += register(report, language).render() }
        return text
    }

    /// The four tables of a set of rows: counts, scores, spans, the loop.
    static func tables(_ title: String, _ rows: [(String, EvaluationReport.Metrics)], _ language: Language) -> [TextTable] {
        [counts(title, rows, language), scores(title, rows, language), spans(title, rows, language), loop(title, rows, language)]
    }

    /// `on_time=60 close=30 rework=10`; in Chinese `按期结案率 60、结案率 30、返工率 10`.
    static func weights(_ weights: EvaluationWeights, _ language: Language) -> String {
        guard language == .zh else { return weights.description }
        return "按期结案率 \(weights.onTime)、结案率 \(weights.close)、返工率 \(weights.rework)"
    }

    /// Headers in the language: English ones, or the Chinese ones of the same columns.
    private static func headers(_ language: Language, _ english: [String], _ chinese: [String]) -> [String] {
        language == .zh ? chinese : english
    }

    /// Received, due and the rates; 超期 and escalations; open incidents by light.
    static func counts(_ title: String, _ rows: [(String, EvaluationReport.Metrics)], _ language: Language = .en) -> TextTable {
        var table = TextTable(headers: [title] + headers(language, [
            "RECEIVED", "CANCELLED", "DUE", "PAUSED", "CLOSED", "ON TIME", "TIMELY ACK", "ON-TIME RATE", "CLOSE RATE", "REWORK",
            "OVERDUE", "ESCALATED", "OPEN G/Y/R/P",
        ], [
            "受理", "撤销", "应结案", "缓办挂账", "结案", "按期结案", "及时受理率", "按期结案率", "结案率", "返工率", "超期", "超时上报",
            "在办 绿/黄/红/暂停",
        ]))
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
    static func scores(_ title: String, _ rows: [(String, EvaluationReport.Metrics)], _ language: Language = .en) -> TextTable {
        var table = TextTable(headers: [title] + headers(language, [
            "SCORE", "RANK", "PREV", "CHANGE", "PREV RANK", "ON-TIME RATE", "PREV", "CHANGE",
        ], [
            "综合指标", "排名", "上期", "环比", "上期排名", "按期结案率", "上期", "环比（百分点）",
        ]))
        let points = language == .zh ? "" : "pp"
        table.rightAligned = Set(1...8)
        for (name, metrics) in rows {
            let previous = metrics.previous
            table.add([
                DisplayWidth.truncate(name, to: 32), ReportText.score(metrics.score), ReportText.rank(metrics.rank),
                ReportText.score(previous.score), ReportText.change(metrics.score, previous.score), ReportText.rank(previous.rank),
                ReportText.percent(metrics.onTimeRate), ReportText.percent(previous.onTimeRate),
                ReportText.change(metrics.onTimeRate, previous.onTimeRate, scale: 100, unit: points),
            ])
        }
        return table
    }

    /// Time to acknowledge and to resolve: median and 90th percentile, working / elapsed hours.
    static func spans(_ title: String, _ rows: [(String, EvaluationReport.Metrics)], _ language: Language = .en) -> TextTable {
        var table = TextTable(headers: [title] + headers(language, [
            "ACKED", "ACK MEDIAN wh / h", "ACK P90", "RESOLVED", "RESOLVE MEDIAN wh / h", "RESOLVE P90",
        ], [
            "已受理", "受理时长中位数 wh / h", "受理时长90分位", "已处置", "处置时长中位数 wh / h", "处置时长90分位",
        ]))
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
    static func loop(_ title: String, _ rows: [(String, EvaluationReport.Metrics)], _ language: Language = .en) -> TextTable {
        var table = TextTable(headers: [title] + headers(language, [
            "REGISTERED", "REJECTED", "TIMELY REG", "PREV", "SUPERVISED", "BY HAND", "VISITS", "SATISFIED", "PREV",
        ], [
            "立案", "不予立案", "及时立案率", "上期", "督办", "主动上报", "回访", "满意率", "上期",
        ]))
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
    static func responsible(_ rows: [EvaluationReport.ResponsibleRow], _ language: Language = .en) -> TextTable {
        var table = TextTable(headers: headers(language, [
            "UNIT", "TIER", "WINDOWS", "OVERDUE", "IN WINDOW", "SUPERVISED", "APPROVED", "DENIED", "PREV WINDOWS", "PREV OVERDUE",
            "PREV IN WINDOW",
        ], [
            "责任单位", "层级", "时限", "超期", "按时处置", "督办", "批准", "驳回", "上期时限", "上期超期", "上期按时",
        ]))
        table.rightAligned = Set(2...10)
        for row in rows {
            let now = row.current, before = row.previous
            let tier = language == .zh ? row.unit.tier.chineseName : row.unit.tier.name
            table.add([DisplayWidth.truncate(ReportText.responsibleName(row), to: 32), tier] + [
                now.windows, now.overdue, now.resolvedInWindow, now.supervised, now.approved, now.denied, before.windows,
                before.overdue, before.resolvedInWindow,
            ].map(String.init))
        }
        return table
    }

    /// The 超期 (督办) list: each red case, who holds it, whose miss made it red and how long ago.
    static func register(_ report: EvaluationReport, _ language: Language = .en) -> TextTable {
        let zh = language == .zh
        var table = TextTable(headers: headers(language, [
            "ID", "STATE", "TIER", "UNIT", "CATEGORY", "DUE", "MISSED BY", "OVERDUE FOR", "TITLE",
        ], [
            "编号", "状态", "层级", "现办理单位", "类别", "时限", "超期单位", "超期时长", "标题",
        ]))
        table.rightAligned = [0]
        for entry in report.register {
            table.add([
                String(entry.id), zh ? entry.state.chineseName : entry.state.rawValue, zh ? entry.tier.chineseName : entry.tier.name,
                DisplayWidth.truncate(ReportText.unit(entry.unit, entry.unitName), to: 30),
                DisplayWidth.truncate(ReportText.category(entry.category, entry.categoryName), to: 20),
                entry.dueAt?.minuteText ?? "-",
                entry.overdue.map { DisplayWidth.truncate(ReportHTMLText.unit($0.unit, $0.unitName), to: 20) } ?? "-",
                entry.overdue.map { ReportText.overdueFor($0, language) } ?? "-",
                DisplayWidth.truncate(entry.title ?? "", to: 30),
            ])
        }
        return table
    }
}
