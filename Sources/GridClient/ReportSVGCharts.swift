import GridCore

/// The charts of the HTML report as inline SVG (no script, no external font or image): the
/// on-time rate by unit, escalations by tier, and the daily volume. Each `<svg>` has an `id`
/// (`chart-on-time`, `chart-escalations`, `chart-daily`) and a `role="img"` with its title, so
/// tests and screen readers find them.
enum ReportSVGCharts {
    /// Text for SVG and HTML: in its visible form (`VisibleText`: a control or bidi override in a
    /// name shows as `\u{202e}` instead of reordering the page), then `& < > " '` escaped.
    static func escape(_ text: String) -> String {
        var escaped = ""
        for character in VisibleText.escaped(text) {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    private static func number(_ value: Double) -> String { ReportText.fixed(value, 1) }

    private static func open(_ id: String, _ title: String, width: Int, height: Int) -> String {
        "<svg id=\"\(id)\" class=\"chart\" role=\"img\" aria-label=\"\(escape(title))\" "
            + "viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\"><title>\(escape(title))</title>"
    }

    /// 按期结案率 by unit: one horizontal bar per unit, 0–100%, coloured green from 90%, amber
    /// from 70%, red below; units with nothing due show "-" and no bar. With a target
    /// (`[Evaluation] Target=`) a dashed vertical line marks it across every bar, labelled
    /// `目标 90%` above them (`id="target-line"`).
    static func onTimeByUnit(_ rows: [(label: String, rate: Double?)], target: Double? = nil) -> String {
        let labelWidth = 240, barWidth = 420, rowHeight = 24, top = target == nil ? 10 : 28
        let height = top + 10 + max(1, rows.count) * rowHeight
        var svg = open("chart-on-time", "按期结案率", width: labelWidth + barWidth + 70, height: height)
        for index in stride(from: 0, through: 100, by: 25) {
            let x = labelWidth + barWidth * index / 100
            svg += "<line x1=\"\(x)\" y1=\"\(top - 4)\" x2=\"\(x)\" y2=\"\(height - 6)\" class=\"grid\"/>"
        }
        for (index, row) in rows.enumerated() {
            let y = top + index * rowHeight
            svg += "<text x=\"\(labelWidth - 8)\" y=\"\(y + 16)\" text-anchor=\"end\">\(escape(row.label))</text>"
            guard let rate = row.rate else {
                svg += "<text x=\"\(labelWidth + 6)\" y=\"\(y + 16)\" class=\"muted\">-</text>"
                continue
            }
            let width = Double(barWidth) * min(max(rate, 0), 1)
            let tone = rate >= 0.9 ? "good" : rate >= 0.7 ? "fair" : "poor"
            svg += "<rect x=\"\(labelWidth)\" y=\"\(y + 4)\" width=\"\(number(width))\" height=\"\(rowHeight - 8)\" class=\"bar \(tone)\"/>"
            svg += "<text x=\"\(number(Double(labelWidth) + width + 6))\" y=\"\(y + 16)\">\(ReportText.percent(rate))</text>"
        }
        if let target {
            let x = number(Double(labelWidth) + Double(barWidth) * min(max(target, 0), 1))
            svg += "<g id=\"target-line\"><line x1=\"\(x)\" y1=\"\(top - 6)\" x2=\"\(x)\" y2=\"\(height - 4)\" class=\"target\"/>"
            svg += "<text x=\"\(x)\" y=\"\(top - 10)\" text-anchor=\"middle\" class=\"target-label\">\(escape(ReportHTMLText.target(target)))</text></g>"
        }
        return svg + "</svg>"
    }

    /// Escalations in the range by the tier escalated to, and the 超期 (missed windows) in it.
    static func escalationsByTier(_ metrics: EvaluationReport.Metrics) -> String {
        let bars: [(String, Int, String)] = [
            ("街道", metrics.escalatedToStreet, "street"), ("区", metrics.escalatedToDistrict, "district"),
            ("市", metrics.escalatedToCity, "city"), ("超期", metrics.overdue, "overdue"),
        ]
        let width = 480, height = 240, bottom = 200, top = 24, slot = width / bars.count
        let highest = max(1, bars.map(\.1).max() ?? 1)
        var svg = open("chart-escalations", "超时上报（按上报层级）与超期", width: width, height: height)
        svg += "<line x1=\"0\" y1=\"\(bottom)\" x2=\"\(width)\" y2=\"\(bottom)\" class=\"axis\"/>"
        for (index, bar) in bars.enumerated() {
            let barHeight = Double(bottom - top) * Double(bar.1) / Double(highest)
            let x = index * slot + slot / 4
            svg += "<rect x=\"\(x)\" y=\"\(number(Double(bottom) - barHeight))\" width=\"\(slot / 2)\" height=\"\(number(barHeight))\" class=\"bar \(bar.2)\"/>"
            svg += "<text x=\"\(x + slot / 4)\" y=\"\(number(Double(bottom) - barHeight - 6))\" text-anchor=\"middle\">\(bar.1)</text>"
            svg += "<text x=\"\(x + slot / 4)\" y=\"\(bottom + 20)\" text-anchor=\"middle\">\(escape(bar.0))</text>"
        }
        return svg + "</svg>"
    }

    /// Received and closed per local day, as two lines over the days of the range.
    static func dailyVolume(_ days: [EvaluationReport.DailyVolume]) -> String {
        let width = 760, height = 260, left = 48, right = 16, top = 16, bottom = 220
        var svg = open("chart-daily", "每日受理与结案", width: width, height: height)
        svg += "<line x1=\"\(left)\" y1=\"\(bottom)\" x2=\"\(width - right)\" y2=\"\(bottom)\" class=\"axis\"/>"
        svg += "<line x1=\"\(left)\" y1=\"\(top)\" x2=\"\(left)\" y2=\"\(bottom)\" class=\"axis\"/>"
        guard !days.isEmpty else {
            return svg + "<text x=\"\(width / 2)\" y=\"\(bottom / 2)\" text-anchor=\"middle\" class=\"muted\">范围超过 3660 天，无每日数据</text></svg>"
        }
        let highest = max(1, days.map { max($0.received, $0.closed) }.max() ?? 1)
        let span = Double(width - left - right)
        func x(_ index: Int) -> Double { days.count == 1 ? Double(left) + span / 2 : Double(left) + span * Double(index) / Double(days.count - 1) }
        func y(_ count: Int) -> Double { Double(bottom) - Double(bottom - top) * Double(count) / Double(highest) }
        for (series, value) in [("received", \EvaluationReport.DailyVolume.received), ("closed", \EvaluationReport.DailyVolume.closed)] {
            let points = days.enumerated().map { "\(number(x($0.offset))),\(number(y($0.element[keyPath: value])))" }
            svg += "<polyline class=\"line \(series)\" points=\"\(points.joined(separator: " "))\"/>"
            if days.count <= 62 {
                for (index, day) in days.enumerated() {
                    svg += "<circle cx=\"\(number(x(index)))\" cy=\"\(number(y(day[keyPath: value])))\" r=\"2.5\" class=\"dot \(series)\"/>"
                }
            }
        }
        svg += "<text x=\"\(left - 6)\" y=\"\(top + 4)\" text-anchor=\"end\">\(highest)</text>"
        svg += "<text x=\"\(left - 6)\" y=\"\(bottom)\" text-anchor=\"end\">0</text>"
        let labelled = Array(Set([0, days.count / 2, days.count - 1])).sorted()
        for index in labelled {
            let anchor = days.count == 1 ? "middle" : index == 0 ? "start" : index == days.count - 1 ? "end" : "middle"
            svg += "<text x=\"\(number(x(index)))\" y=\"\(bottom + 18)\" text-anchor=\"\(anchor)\">\(days[index].date)</text>"
        }
        svg += "<rect x=\"\(width - 220)\" y=\"\(bottom + 30)\" width=\"12\" height=\"4\" class=\"key received\"/>"
        svg += "<text x=\"\(width - 202)\" y=\"\(bottom + 36)\">受理</text>"
        svg += "<rect x=\"\(width - 110)\" y=\"\(bottom + 30)\" width=\"12\" height=\"4\" class=\"key closed\"/>"
        svg += "<text x=\"\(width - 92)\" y=\"\(bottom + 36)\">结案</text>"
        return svg + "</svg>"
    }
}
