import GridCore

/// `gridctl report --format html`: one self-contained page — inline CSS, inline SVG charts
/// (`ReportSVGCharts`), the tables of the terminal report — that opens offline and asks for
/// nothing: no script, no stylesheet, font or image from anywhere, no URL at all, and a
/// Content-Security-Policy of `default-src 'none'` so that a browser would refuse a request even
/// if one slipped in. Fonts are the reader's own (CJK families named, none downloaded).
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
        footer{margin-top:32px;color:#7b8794;font-size:12px}
        """

    static func render(_ report: EvaluationReport, view: ReportCommand.View = .territory) -> String {
        let escape = ReportSVGCharts.escape
        var html = """
            <!DOCTYPE html>
            <html lang="zh-CN"><head><meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="\(contentSecurityPolicy)">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>综合评价 \(escape(ReportText.range(report)))</title>
            <style>\(style)</style></head>
            <body>
            <h1>综合评价 evaluation report</h1>
            <p class="scope">\(escape(ReportText.range(report)))</p>
            <p class="scope">环比 compared with \(escape(ReportText.previousRange(report)))</p>
            <p class="scope">\(escape(ReportText.scope(report)))</p>
            <p class="scope">综合指标 score weights \(escape(report.weights.description)); generated \(escape(report.generatedAt.minuteText))</p>

            """
        html += cards(report.total)
        switch view {
        case .territory: html += territory(report)
        case .unit: html += responsible(report)
        }
        html += "<section id=\"register\"><h2>超期 (督办) list: \(report.registerCount)</h2>"
        if report.register.count < report.registerCount {
            html += "<p class=\"muted\">the \(report.register.count) longest red</p>"
        }
        if !report.register.isEmpty { html += table(ReportTableFormatter.register(report)) }
        html += """
            </section>
            <footer>Definitions: docs/REPORTS.md of gridd (受理 received = created in the range; 按期结案率 = closed, resolved by the case deadline ÷ (due − paused); 综合指标 = Σ weight × rate ÷ Σ weight of the rates present × 100; 环比 = the previous period of the same length; spans in working hours (wh) / elapsed hours (h), median and 90th percentile by nearest rank).</footer>
            </body></html>

            """
        return html
    }

    /// The headline figures of the total, with the score's change from the previous period.
    static func cards(_ total: EvaluationReport.Metrics) -> String {
        let escape = ReportSVGCharts.escape
        var html = "<section id=\"summary\" class=\"cards\">"
        let score = ReportText.score(total.score) + " (环比 " + ReportText.change(total.score, total.previous.score) + ")"
        for (label, value) in [
            ("综合指标 score", score), ("按期结案率 on-time rate", ReportText.percent(total.onTimeRate)),
            ("结案率 close rate", ReportText.percent(total.closeRate)), ("返工率 rework rate", ReportText.percent(total.reworkRate)),
            ("及时受理率 timely ack rate", ReportText.percent(total.timelyAckRate)), ("受理 received", String(total.received)),
            ("应结案 due − 缓办/挂账 paused", "\(total.due) − \(total.paused)"), ("超期 overdue", String(total.overdue)),
            ("及时立案率 timely register rate", ReportText.percent(total.timelyRegisterRate)),
            ("满意率 satisfaction rate", ReportText.percent(total.satisfactionRate)), ("督办 supervised", String(total.supervised)),
            ("受理时长中位数 median time to ack", ReportText.span(working: total.timeToAcknowledge.workingMedian, calendar: total.timeToAcknowledge.calendarMedian)),
            ("处置时长中位数 median time to resolve", ReportText.span(working: total.timeToResolve.workingMedian, calendar: total.timeToResolve.calendarMedian)),
        ] {
            html += "<div class=\"card\"><div class=\"value\">\(escape(value))</div><div class=\"label\">\(escape(label))</div></div>"
        }
        html += "<div class=\"card\"><div class=\"value\">"
        for light in ReportLight.allCases {
            html += "<span class=\"light \(light.rawValue)\"></span>\(total.open(light)) "
        }
        return html + "</div><div class=\"label\">在办 open now: green / yellow / red / paused</div></div></section>\n"
    }

    /// By territory: the ranking (排名) with 环比, the charts, the tables of units and categories.
    static func territory(_ report: EvaluationReport) -> String {
        var html = "<section id=\"ranking\"><h2>排名 ranking by \(report.groupBy.name)</h2>" + table(ranking(report)) + "</section>\n"
        html += "<section><h2>按期结案率 on-time rate by \(report.groupBy.name)</h2>"
        html += ReportSVGCharts.onTimeByUnit(report.units.map { (ReportText.unit($0.unit, $0.name), $0.metrics.onTimeRate) })
        html += "</section>\n<section><h2>升级 escalations by tier</h2>" + ReportSVGCharts.escalationsByTier(report.total) + "</section>\n"
        html += "<section><h2>每日受理与结案 daily volume</h2>" + ReportSVGCharts.dailyVolume(report.daily) + "</section>\n"
        let totalRow = [("合计 total", report.total)]
        let units = report.units.map { (ReportText.unit($0.unit, $0.name), $0.metrics) }
        let categories = report.categories.map { (ReportText.category($0.code, $0.name), $0.metrics) }
        html += "<section id=\"units\"><h2>\(report.groupBy.name)</h2>"
        html += table(ReportTableFormatter.counts("UNIT", totalRow + units)) + table(ReportTableFormatter.scores("UNIT", totalRow + units))
        html += table(ReportTableFormatter.spans("UNIT", totalRow + units)) + table(ReportTableFormatter.loop("UNIT", totalRow + units))
        html += "</section>\n<section id=\"categories\"><h2>类别 categories</h2>"
        html += table(ReportTableFormatter.counts("CATEGORY", categories)) + table(ReportTableFormatter.scores("CATEGORY", categories))
        html += table(ReportTableFormatter.spans("CATEGORY", categories)) + table(ReportTableFormatter.loop("CATEGORY", categories))
        return html + "</section>\n"
    }

    /// The territory rows by rank (unranked last, then by code), with the 环比 column of the score.
    static func ranking(_ report: EvaluationReport) -> TextTable {
        var table = TextTable(headers: [
            "排名 RANK", "UNIT", "综合指标 SCORE", "环比 Δ", "上期排名", "按期结案率", "环比 Δ", "结案率", "返工率", "超期",
        ])
        table.rightAligned = [0, 2, 3, 4, 5, 6, 7, 8, 9]
        let rows = report.units.sorted { ($0.metrics.rank ?? .max, $0.unit) < ($1.metrics.rank ?? .max, $1.unit) }
        for row in rows {
            let metrics = row.metrics
            table.add([
                ReportText.rank(metrics.rank), ReportText.unit(row.unit, row.name), ReportText.score(metrics.score),
                ReportText.change(metrics.score, metrics.previous.score), ReportText.rank(metrics.previous.rank),
                ReportText.percent(metrics.onTimeRate), ReportText.change(metrics.onTimeRate, metrics.previous.onTimeRate, scale: 100, unit: "pp"),
                ReportText.percent(metrics.closeRate), ReportText.percent(metrics.reworkRate), String(metrics.overdue),
            ])
        }
        return table
    }

    /// By responsible unit: the windows each unit held, with the charts of escalations and volume.
    static func responsible(_ report: EvaluationReport) -> String {
        var html = "<section id=\"responsible\"><h2>责任单位 responsible units</h2>"
        html += report.responsibleUnits.isEmpty ? "<p class=\"muted\">no unit held a window in the range</p>" : table(ReportTableFormatter.responsible(report.responsibleUnits))
        html += "</section>\n<section><h2>升级 escalations by tier</h2>" + ReportSVGCharts.escalationsByTier(report.total) + "</section>\n"
        return html + "<section><h2>每日受理与结案 daily volume</h2>" + ReportSVGCharts.dailyVolume(report.daily) + "</section>\n"
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
