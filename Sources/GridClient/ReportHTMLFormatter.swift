import GridCore

/// `gridctl report --format html`: one self-contained page — inline CSS, inline SVG charts
/// (`ReportSVGCharts`), the tables of the terminal report — that opens offline and asks for
/// nothing: no script, no stylesheet, font or image from anywhere, no URL at all, and a
/// Content-Security-Policy of `default-src 'none'` so that a browser would refuse a request even
/// if one slipped in. Fonts are the reader's own (CJK families named, none downloaded).
///
/// The page is for a meeting of 街道/区 staff, so it is in Chinese whatever gridctl's language:
/// a title with the unit and the period (`ReportHTMLText.title`), the ranking with 综合指标 and
/// 环比, the on-time chart with the target line of `[Evaluation] Target=`, the 超期 list with the
/// unit that missed and by how long; no English but codes. It prints on A4 landscape (`@media print`).
enum ReportHTMLFormatter {
    static let contentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'"

    static let style = """
        body{font-family:"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",sans-serif;margin:24px;color:#1f2933;background:#fff}
        h1{font-size:22px;margin:0 0 6px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #d9e2ec;padding-bottom:4px}
        .scope{color:#52606d;margin:2px 0}.cards{display:flex;flex-wrap:wrap;gap:12px;margin:16px 0}
        .card{border:1px solid #d9e2ec;border-radius:6px;padding:10px 14px;min-width:120px}
        .card .value{font-size:22px;font-weight:600}.card .label{color:#52606d;font-size:13px}
        table{border-collapse:collapse;font-size:13px;margin:6px 0}th,td{border:1px solid #d9e2ec;padding:4px 8px;white-space:nowrap}
        th{background:#f0f4f8;text-align:left}td.number{text-align:right;font-variant-numeric:tabular-nums}
        svg.chart{display:block;max-width:100%;height:auto;font-size:12px}svg text{fill:#1f2933}svg .muted,.muted{fill:#9aa5b1;color:#9aa5b1}
        .grid{stroke:#e4e7eb}.axis{stroke:#7b8794}.bar.good{fill:#2f9e44}.bar.fair{fill:#f08c00}.bar.poor{fill:#e03131}
        .bar.street{fill:#4c6ef5}.bar.district{fill:#7048e8}.bar.city{fill:#ae3ec9}.bar.overdue{fill:#e03131}
        .line{fill:none;stroke-width:2}.line.received,.key.received{stroke:#1c7ed6;fill:none}.line.closed,.key.closed{stroke:#2f9e44;fill:none}
        .key.received{fill:#1c7ed6}.key.closed{fill:#2f9e44}.dot.received{fill:#1c7ed6}.dot.closed{fill:#2f9e44}
        .light{display:inline-block;width:10px;height:10px;border-radius:5px;margin-right:4px}
        .green{background:#2f9e44}.yellow{background:#f59f00}.red{background:#e03131}.paused{background:#9aa5b1}
        .target{stroke:#1f2933;stroke-width:1.5;stroke-dasharray:5 3}.target-label{font-weight:600}
        footer{margin-top:32px;color:#7b8794;font-size:12px}
        @media print{@page{size:A4 landscape;margin:12mm}body{margin:0;font-size:11px}h1{font-size:18px}
        h2{font-size:14px;margin:14px 0 6px;break-after:avoid}section,.card,tr,svg.chart{break-inside:avoid}
        thead{display:table-header-group}table{font-size:10px}th,td{padding:2px 5px}.cards{gap:6px;margin:8px 0}
        .card{padding:4px 8px;min-width:90px}.card .value{font-size:15px}
        th,.light,.bar,.key,.dot{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
        """

    static func render(_ report: EvaluationReport, view: ReportCommand.View = .territory) -> String {
        let escape = ReportSVGCharts.escape
        let title = ReportHTMLText.title(report)
        let target = report.target.map { "；按期结案率目标 " + ReportText.percent($0) } ?? ""
        var html = """
            <!DOCTYPE html>
            <html lang="zh-CN"><head><meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="\(contentSecurityPolicy)">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(escape(title))</title>
            <style>\(style)</style></head>
            <body>
            <h1 id="title">\(escape(title))</h1>
            <p class="scope">统计期间：\(escape(ReportText.range(report)))；环比期间：\(escape(ReportText.previousRange(report)))</p>
            <p class="scope">范围：\(escape(ReportText.scope(report, .zh)))</p>
            <p class="scope">综合指标权重：\(escape(ReportTableFormatter.weights(report.weights, .zh)))\(escape(target))；生成于 \(escape(report.generatedAt.minuteText))</p>

            """
        html += cards(report.total)
        switch view {
        case .territory: html += territory(report)
        case .unit: html += responsible(report)
        }
        html += register(report)
        html += """
            <footer>口径（详见 gridd 的综合评价说明）：受理＝范围内新建的案件；按期结案率＝在案件处置时限内处置并结案的件数 ÷（应结案 − 缓办挂账）；综合指标＝Σ 权重 × 各率 ÷ 所用各率权重之和 × 100；环比＝紧邻的上一同长期间；超期时长自首次超期的时限起算，时限按工作时间计的，按工作时间计；时长中位数与 90 分位取最近秩，wh 为工作小时，h 为自然小时。</footer>
            </body></html>

            """
        return html
    }

    /// The headline figures of the total, with the score's change from the previous period.
    static func cards(_ total: EvaluationReport.Metrics) -> String {
        let escape = ReportSVGCharts.escape
        var html = "<section id=\"summary\" class=\"cards\">"
        let score = ReportText.score(total.score) + "（环比 " + ReportText.change(total.score, total.previous.score) + "）"
        for (label, value) in [
            ("综合指标", score), ("按期结案率", ReportText.percent(total.onTimeRate)),
            ("结案率", ReportText.percent(total.closeRate)), ("返工率", ReportText.percent(total.reworkRate)),
            ("及时受理率", ReportText.percent(total.timelyAckRate)), ("受理", String(total.received)),
            ("应结案 − 缓办挂账", "\(total.due) − \(total.paused)"), ("超期", String(total.overdue)),
            ("及时立案率", ReportText.percent(total.timelyRegisterRate)),
            ("满意率", ReportText.percent(total.satisfactionRate)), ("督办", String(total.supervised)),
            ("受理时长中位数", ReportText.span(working: total.timeToAcknowledge.workingMedian, calendar: total.timeToAcknowledge.calendarMedian)),
            ("处置时长中位数", ReportText.span(working: total.timeToResolve.workingMedian, calendar: total.timeToResolve.calendarMedian)),
        ] {
            html += "<div class=\"card\"><div class=\"value\">\(escape(value))</div><div class=\"label\">\(escape(label))</div></div>"
        }
        html += "<div class=\"card\"><div class=\"value\">"
        for light in ReportLight.allCases {
            html += "<span class=\"light \(light.rawValue)\"></span>\(total.open(light)) "
        }
        return html + "</div><div class=\"label\">在办：绿灯 / 黄灯 / 红灯 / 暂停</div></div></section>\n"
    }

    /// By territory: the ranking (排名) with 环比, the charts, the tables of units and categories.
    static func territory(_ report: EvaluationReport) -> String {
        let level = report.groupBy.chineseName
        var html = "<section id=\"ranking\"><h2>\(level)排名</h2>" + table(ranking(report)) + "</section>\n"
        html += "<section id=\"on-time\"><h2>各\(level)按期结案率</h2>"
        html += ReportSVGCharts.onTimeByUnit(
            report.units.map { (ReportHTMLText.unit($0.unit, $0.name), $0.metrics.onTimeRate) }, target: report.target)
        html += "</section>\n<section><h2>超时上报与超期</h2>" + ReportSVGCharts.escalationsByTier(report.total) + "</section>\n"
        html += "<section><h2>每日受理与结案</h2>" + ReportSVGCharts.dailyVolume(report.daily) + "</section>\n"
        let totalRow = [(ReportText.total(.zh), report.total)]
        let units = report.units.map { (ReportText.unit($0.unit, $0.name), $0.metrics) }
        let categories = report.categories.map { (ReportText.category($0.code, $0.name), $0.metrics) }
        html += "<section id=\"units\"><h2>各\(level)明细</h2>"
        html += ReportTableFormatter.tables("单位", totalRow + units, .zh).map(table).joined()
        html += "</section>\n<section id=\"categories\"><h2>各类别明细</h2>"
        html += ReportTableFormatter.tables("类别", categories, .zh).map(table).joined()
        return html + "</section>\n"
    }

    /// The territory rows by rank (unranked last, then by code), with the 环比 of the score (points)
    /// and of the on-time rate (percentage points).
    static func ranking(_ report: EvaluationReport) -> TextTable {
        var table = TextTable(headers: [
            "排名", "单位", "综合指标", "环比", "上期排名", "按期结案率", "环比（百分点）", "结案率", "返工率", "超期",
        ])
        table.rightAligned = [0, 2, 3, 4, 5, 6, 7, 8, 9]
        let rows = report.units.sorted { ($0.metrics.rank ?? .max, $0.unit) < ($1.metrics.rank ?? .max, $1.unit) }
        for row in rows {
            let metrics = row.metrics
            table.add([
                ReportText.rank(metrics.rank), ReportText.unit(row.unit, row.name), ReportText.score(metrics.score),
                ReportText.change(metrics.score, metrics.previous.score), ReportText.rank(metrics.previous.rank),
                ReportText.percent(metrics.onTimeRate), ReportText.change(metrics.onTimeRate, metrics.previous.onTimeRate, scale: 100),
                ReportText.percent(metrics.closeRate), ReportText.percent(metrics.reworkRate), String(metrics.overdue),
            ])
        }
        return table
    }

    /// By responsible unit: the windows each unit held, with the charts of escalations and volume.
    static func responsible(_ report: EvaluationReport) -> String {
        var html = "<section id=\"responsible\"><h2>责任单位</h2>"
        html += report.responsibleUnits.isEmpty
            ? "<p class=\"muted\">范围内没有单位承担时限</p>" : table(ReportTableFormatter.responsible(report.responsibleUnits, .zh))
        html += "</section>\n<section><h2>超时上报与超期</h2>" + ReportSVGCharts.escalationsByTier(report.total) + "</section>\n"
        return html + "<section><h2>每日受理与结案</h2>" + ReportSVGCharts.dailyVolume(report.daily) + "</section>\n"
    }

    /// The 超期 (督办) list: each red case with the unit that holds it, the unit whose miss made it
    /// red, the window it missed, when that fell due and how long ago, and how many it missed.
    static func register(_ report: EvaluationReport) -> String {
        var html = "<section id=\"register\"><h2>超期（督办）清单：共 \(report.registerCount) 件</h2>"
        if report.register.count < report.registerCount {
            html += "<p class=\"muted\">仅列超期最久的 \(report.register.count) 件</p>"
        }
        guard !report.register.isEmpty else { return html + "</section>\n" }
        var list = TextTable(headers: ["编号", "标题", "类别", "状态", "现办理单位", "超期单位", "超期环节", "应完成时间", "超期时长", "超期次数"])
        list.rightAligned = [0, 9]
        for entry in report.register {
            let overdue = entry.overdue
            list.add([
                String(entry.id), entry.title ?? "", ReportText.category(entry.category, entry.categoryName), entry.state.chineseName,
                ReportHTMLText.unit(entry.unit, entry.unitName), overdue.map { ReportHTMLText.unit($0.unit, $0.unitName) } ?? "-",
                overdue.map { ReportHTMLText.window($0.window) } ?? "-", (overdue?.dueAt ?? entry.dueAt)?.minuteText ?? "-",
                overdue.map { ReportText.overdueFor($0, .zh) } ?? "-", overdue.map { String($0.misses) } ?? "-",
            ])
        }
        return html + table(list) + "</section>\n"
    }

    /// A `TextTable` as an HTML table, its right-aligned columns as numbers.
    static func table(_ table: TextTable) -> String {
        let escape = ReportSVGCharts.escape
        var html = "<table><thead><tr>" + table.headers.map { "<th>\(escape($0))</th>" }.joined() + "</tr></thead><tbody>"
        for row in table.rows {
            html += "<tr>"
            for (index, cell) in row.enumerated() {
                html += table.rightAligned.contains(index) ? "<td class=\"number\">\(escape(cell))</td>" : "<td>\(escape(cell))</td>"
            }
            html += "</tr>"
        }
        return html + "</tbody></table>"
    }
}
