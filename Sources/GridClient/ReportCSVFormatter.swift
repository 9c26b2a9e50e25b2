import GridCore

/// `gridctl report --format csv`: one row per group (the total, each unit, each category; or,
/// with `--view unit`, each responsible unit) with every figure in its own column, the previous
/// period's (环比) after the range's, for Excel and other spreadsheets: UTF-8 with a byte-order
/// mark (without it Excel reads Chinese as mojibake), CRLF line ends and RFC 4180 quoting.
/// Rates are percentages and spans hours, as plain numbers; an empty cell means "none". Column
/// titles in Chinese when gridctl speaks Chinese, in English otherwise; the `范围` column's values
/// (`total`, `community`, `category`, …) are codes and stay as they are.
enum ReportCSVFormatter {
    static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// The column titles in English, and in Chinese (`zh`), in the same order.
    static let headers = [
        "scope", "code", "name", "received", "registered", "cancelled", "timely acks", "acks judged", "timely ack rate %",
        "due", "paused", "closed", "closed of due", "closed on time", "on-time rate %", "close rate %", "resolved",
        "reopened", "rework rate %", "overdue", "escalations", "escalated to street", "escalated to district",
        "escalated to city", "score", "rank", "acknowledged", "ack median wh", "ack p90 wh", "ack median h", "ack p90 h",
        "last resolved", "resolve median wh", "resolve p90 wh", "resolve median h", "resolve p90 h", "open now", "green",
        "yellow", "red", "paused now",
    ] + loopHeaders + previousHeaders

    static let headersZH = [
        "范围", "代码", "名称", "受理", "立案", "撤销", "及时受理", "受理已判", "及时受理率%", "应结案", "缓办挂账", "结案",
        "应结已结", "按期结案", "按期结案率%", "结案率%", "处置", "返工", "返工率%", "超期", "超时上报", "上报到街道",
        "上报到区", "上报到市", "综合指标", "排名", "已受理", "受理时长中位数(工作小时)", "受理时长90分位(工作小时)",
        "受理时长中位数(小时)", "受理时长90分位(小时)", "已处置", "处置时长中位数(工作小时)", "处置时长90分位(工作小时)",
        "处置时长中位数(小时)", "处置时长90分位(小时)", "在办", "绿灯", "黄灯", "红灯", "暂停",
    ] + loopHeadersZH + previousHeadersZH

    /// The loop's steps (立案, 督办, 主动上报, 回访), after the open cases.
    static let loopHeaders = [
        "rejected", "timely registers", "registers judged", "timely register rate %", "supervised", "escalated by hand",
        "satisfied visits", "visits", "satisfaction rate %",
    ]

    static let loopHeadersZH = ["不予立案", "及时立案", "立案已判", "及时立案率%", "督办", "主动上报", "满意", "回访", "满意率%"]

    /// The previous period's figures (环比), after the range's.
    static let previousHeaders = [
        "previous received", "previous cancelled", "previous timely ack rate %", "previous due", "previous paused",
        "previous on-time rate %", "previous close rate %", "previous rework rate %", "previous overdue",
        "previous escalations", "previous score", "previous rank", "previous registered", "previous rejected",
        "previous timely register rate %", "previous supervised", "previous escalated by hand",
        "previous satisfaction rate %",
    ]

    static let previousHeadersZH = [
        "上期受理", "上期撤销", "上期及时受理率%", "上期应结案", "上期缓办挂账", "上期按期结案率%", "上期结案率%", "上期返工率%",
        "上期超期", "上期超时上报", "上期综合指标", "上期排名", "上期立案", "上期不予立案", "上期及时立案率%", "上期督办",
        "上期主动上报", "上期满意率%",
    ]

    /// The responsible-unit view (`--view unit`).
    static let responsibleHeaders = [
        "tier", "code", "name", "windows", "overdue", "resolved in window", "supervised", "requests approved",
        "requests denied", "previous windows", "previous overdue", "previous resolved in window", "previous supervised",
        "previous requests approved", "previous requests denied",
    ]

    static let responsibleHeadersZH = [
        "层级", "代码", "名称", "时限", "超期", "按时处置", "督办", "申请批准", "申请驳回", "上期时限", "上期超期", "上期按时处置",
        "上期督办", "上期申请批准", "上期申请驳回",
    ]

    /// The CSV; its column titles in `language` (the cells are numbers, codes and names either way).
    static func render(_ report: EvaluationReport, view: ReportCommand.View = .territory, language: Language = .en) -> [UInt8] {
        let zh = language == .zh
        var lines: [[String]]
        switch view {
        case .territory:
            lines = [zh ? headersZH : headers] + ReportText.rows(report, language).map { row(kind: $0.kind, code: $0.code, name: $0.name, $0.metrics) }
        case .unit:
            lines = [zh ? responsibleHeadersZH : responsibleHeaders] + report.responsibleUnits.map { row in
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
