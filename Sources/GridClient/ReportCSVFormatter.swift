import GridCore

/// `gridctl report --format csv`: one row per group (the total, each unit, each category) with
/// every figure in its own column, for Excel and other spreadsheets: UTF-8 with a byte-order
/// mark (without it Excel reads Chinese as mojibake), CRLF line ends and RFC 4180 quoting.
/// Rates are percentages and spans hours, as plain numbers; an empty cell means "none".
enum ReportCSVFormatter {
    static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    static let headers = [
        "范围 scope", "代码 code", "名称 name", "受理 received", "不予立案 cancelled", "结案 closed", "返工 reworked",
        "应结案 due", "缓办 deferred", "应结已结 closed of due", "按期结案 closed on time", "按期结案率 on-time rate %",
        "结案率 close rate %", "返工率 rework rate %", "升级到街道 escalated to street", "升级到区 escalated to district",
        "升级到市 escalated to city", "超期 overdue (missed windows)", "受理 acknowledged", "受理时长中位数 ack median wh",
        "受理时长P90 ack p90 wh", "受理时长中位数 ack median h", "受理时长P90 ack p90 h", "处置 resolved",
        "处置时长中位数 resolve median wh", "处置时长P90 resolve p90 wh", "处置时长中位数 resolve median h",
        "处置时长P90 resolve p90 h", "在办 open now", "绿灯 green", "黄灯 yellow", "红灯 red", "暂停 paused",
    ]

    static func render(_ report: EvaluationReport) -> [UInt8] {
        var lines = [headers]
        for row in ReportText.rows(report) {
            let metrics = row.metrics
            let ack = metrics.timeToAcknowledge, resolve = metrics.timeToResolve
            func rate(_ value: Double?) -> String { value.map { ReportText.fixed($0 * 100, 1) } ?? "" }
            lines.append([
                row.kind, row.code, row.name, String(metrics.received), String(metrics.cancelled), String(metrics.closed),
                String(metrics.reworked), String(metrics.due), String(metrics.deferred), String(metrics.closedOfDue),
                String(metrics.closedOnTime), rate(metrics.onTimeRate), rate(metrics.closeRate), rate(metrics.reworkRate),
                String(metrics.escalatedToStreet), String(metrics.escalatedToDistrict), String(metrics.escalatedToCity),
                String(metrics.enteredOverdue), String(ack.count), ReportText.hoursNumber(ack.workingMedian),
                ReportText.hoursNumber(ack.workingP90), ReportText.hoursNumber(ack.calendarMedian),
                ReportText.hoursNumber(ack.calendarP90), String(resolve.count), ReportText.hoursNumber(resolve.workingMedian),
                ReportText.hoursNumber(resolve.workingP90), ReportText.hoursNumber(resolve.calendarMedian),
                ReportText.hoursNumber(resolve.calendarP90), String(metrics.openNow), String(metrics.openGreen),
                String(metrics.openYellow), String(metrics.openRed), String(metrics.openPaused),
            ])
        }
        return byteOrderMark + Array(lines.map { $0.map(field).joined(separator: ",") + "\r\n" }.joined().utf8)
    }

    /// One field, RFC 4180: in its visible form first (`VisibleText`: no line break, CR, NUL or
    /// bidi control inside a field, so every row is one line), quoted when it holds a comma or a
    /// quote (quotes doubled). Text a spreadsheet would take for a formula (=, +, -, @ first) gets
    /// a leading apostrophe, so a name from the map cannot run as one.
    static func field(_ text: String) -> String {
        var value = VisibleText.escaped(text)
        if let first = value.unicodeScalars.first, "=+-@".unicodeScalars.contains(first) { value = "'" + value }
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return value }
        var quoted = "\""
        for character in value {
            quoted.append(character)
            if character == "\"" { quoted.append("\"") }
        }
        return quoted + "\""
    }
}
