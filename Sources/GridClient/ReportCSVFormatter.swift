import GridCore

/// `gridctl report --format csv`: one row per group (the total, each unit, each category; or,
/// with `--view unit`, each responsible unit) with every figure in its own column, the previous
/// period's (环比) after the range's, for Excel and other spreadsheets: UTF-8 with a byte-order
/// mark (without it Excel reads Chinese as mojibake), CRLF line ends and RFC 4180 quoting.
/// Rates are percentages and spans hours, as plain numbers; an empty cell means "none".
enum ReportCSVFormatter {
    static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    static let headers = [
        "范围 scope", "代码 code", "名称 name", "受理 received", "立案 registered", "撤销 cancelled", "及时受理 timely acks",
        "受理已判 acks judged", "及时受理率 timely ack rate %", "应结案 due", "缓办 paused", "结案 closed",
        "应结已结 closed of due", "按期结案 closed on time", "按期结案率 on-time rate %", "结案率 close rate %",
        "处置 resolved", "返工 reopened", "返工率 rework rate %", "超期 overdue", "超时上报 escalations",
        "升级到街道 escalated to street", "升级到区 escalated to district", "升级到市 escalated to city", "综合指标 score",
        "排名 rank", "受理 acknowledged", "受理时长中位数 ack median wh", "受理时长P90 ack p90 wh", "受理时长中位数 ack median h",
        "受理时长P90 ack p90 h", "处置 last resolved", "处置时长中位数 resolve median wh", "处置时长P90 resolve p90 wh",
        "处置时长中位数 resolve median h", "处置时长P90 resolve p90 h", "在办 open now", "绿灯 green", "黄灯 yellow", "红灯 red",
        "暂停 paused now",
    ] + loopHeaders + previousHeaders

    /// The loop's steps (立案, 督办, 主动上报, 回访), after the open cases.
    static let loopHeaders = [
        "不予立案 rejected", "及时立案 timely registers", "立案已判 registers judged", "及时立案率 timely register rate %",
        "督办 supervised", "主动上报 escalated by hand", "满意 satisfied visits", "回访 visits", "满意率 satisfaction rate %",
    ]

    /// The previous period's figures (环比), after the range's.
    static let previousHeaders = [
        "上期受理 previous received", "上期撤销 previous cancelled", "上期及时受理率 previous timely ack rate %",
        "上期应结案 previous due", "上期缓办 previous paused", "上期按期结案率 previous on-time rate %",
        "上期结案率 previous close rate %", "上期返工率 previous rework rate %", "上期超期 previous overdue",
        "上期超时上报 previous escalations", "上期综合指标 previous score", "上期排名 previous rank",
        "上期立案 previous registered", "上期不予立案 previous rejected", "上期及时立案率 previous timely register rate %",
        "上期督办 previous supervised", "上期主动上报 previous escalated by hand", "上期满意率 previous satisfaction rate %",
    ]

    /// The responsible-unit view (`--view unit`).
    static let responsibleHeaders = [
        "层级 tier", "代码 code", "名称 name", "时限 windows", "超期 overdue", "按时处置 resolved in window",
        "督办 supervised", "申请批准 requests approved", "申请驳回 requests denied",
        "上期时限 previous windows", "上期超期 previous overdue", "上期按时处置 previous resolved in window",
        "上期督办 previous supervised", "上期申请批准 previous requests approved", "上期申请驳回 previous requests denied",
    ]

    static func render(_ report: EvaluationReport, view: ReportCommand.View = .territory) -> [UInt8] {
        var lines: [[String]]
        switch view {
        case .territory:
            lines = [headers] + ReportText.rows(report).map { row(kind: $0.kind, code: $0.code, name: $0.name, $0.metrics) }
        case .unit:
            lines = [responsibleHeaders] + report.responsibleUnits.map { row in
                [row.unit.tier.name, row.unit.rawValue, row.name ?? ""] + [row.current, row.previous].flatMap { counts in
                    [counts.windows, counts.overdue, counts.resolvedInWindow, counts.supervised, counts.approved, counts.denied]
                        .map(String.init)
                }
            }
        }
        return byteOrderMark + Array(lines.map { $0.map(field).joined(separator: ",") + "\r\n" }.joined().utf8)
    }

    private static func rate(_ value: Double?) -> String { value.map { ReportText.fixed($0 * 100, 1) } ?? "" }
    private static func score(_ value: Double?) -> String { value.map { ReportText.fixed($0, 1) } ?? "" }
    private static func hours(_ values: Int64?...) -> [String] { values.map(ReportText.hoursNumber) }

    static func row(kind: String, code: String, name: String, _ metrics: EvaluationReport.Metrics) -> [String] {
        let ack = metrics.timeToAcknowledge, resolve = metrics.timeToResolve
        var cells = [kind, code, name]
        cells += [metrics.received, metrics.registered, metrics.cancelled, metrics.timelyAcks, metrics.acksJudged].map(String.init)
        cells.append(rate(metrics.timelyAckRate))
        cells += [metrics.due, metrics.paused, metrics.closed, metrics.closedOfDue, metrics.closedOnTime].map(String.init)
        cells += [rate(metrics.onTimeRate), rate(metrics.closeRate), String(metrics.resolved), String(metrics.reopened)]
        cells += [rate(metrics.reworkRate), String(metrics.overdue), String(metrics.escalations)]
        cells += [metrics.escalatedToStreet, metrics.escalatedToDistrict, metrics.escalatedToCity].map(String.init)
        cells += [score(metrics.score), metrics.rank.map(String.init) ?? "", String(ack.count)]
        cells += hours(ack.workingMedian, ack.workingP90, ack.calendarMedian, ack.calendarP90)
        cells.append(String(resolve.count))
        cells += hours(resolve.workingMedian, resolve.workingP90, resolve.calendarMedian, resolve.calendarP90)
        cells += [metrics.openNow, metrics.openGreen, metrics.openYellow, metrics.openRed, metrics.openPaused].map(String.init)
        cells += [metrics.rejected, metrics.timelyRegisters, metrics.registerJudged].map(String.init)
        cells += [rate(metrics.timelyRegisterRate), String(metrics.supervised), String(metrics.escalatedByHand)]
        cells += [String(metrics.visitsSatisfied), String(metrics.visits), rate(metrics.satisfactionRate)]
        let previous = metrics.previous
        cells += [String(previous.received), String(previous.cancelled), rate(previous.timelyAckRate)]
        cells += [String(previous.due), String(previous.paused), rate(previous.onTimeRate), rate(previous.closeRate)]
        cells += [rate(previous.reworkRate), String(previous.overdue), String(previous.escalations), score(previous.score)]
        cells.append(previous.rank.map(String.init) ?? "")
        cells += [String(previous.registered), String(previous.rejected), rate(previous.timelyRegisterRate)]
        cells += [String(previous.supervised), String(previous.escalatedByHand), rate(previous.satisfactionRate)]
        return cells
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
