import GridCore

extension WorkedExample {
    /// One figure of the June report of 清河区 by community: the row (`total`, `unit:CODE`,
    /// `category:CODE`, `responsible:CODE`), its JSON name (`previous.` for 环比), its value (rates
    /// as fractions, scores in points; nil for absent).
    public struct Figure: Sendable {
        public var row: String
        public var name: String
        public var value: Double?
    }

    /// The figures of a territory row, in order (then `loopNames`): received, registered, cancelled, timely_acks,
    /// acks_judged, timely_ack_rate, due, paused, closed, closed_of_due, closed_on_time,
    /// on_time_rate, close_rate, resolved, reopened, rework_rate, overdue, escalations, score, rank.
    static let territoryNames = [
        "received", "registered", "cancelled", "timely_acks", "acks_judged", "timely_ack_rate", "due", "paused", "closed",
        "closed_of_due", "closed_on_time", "on_time_rate", "close_rate", "resolved", "reopened", "rework_rate", "overdue",
        "escalations", "score", "rank",
    ]

    /// The figures of the loop's steps (立案, 督办, 主动上报, 回访) of a territory row, in order.
    static let loopNames = [
        "rejected", "timely_registers", "registers_judged", "timely_register_rate", "supervised", "escalated_by_hand",
        "visits_satisfied", "visits", "satisfaction_rate",
    ]

    static func territory(_ row: String, previous: Bool = false, _ values: [Double?], loop: [Double?]? = nil) -> [Figure] {
        precondition(values.count == territoryNames.count)
        let loop = loop ?? [0, 0, 0, nil, 0, 0, 0, 0, nil]
        precondition(loop.count == loopNames.count)
        return zip(territoryNames + loopNames, values + loop).map { Figure(row: row, name: (previous ? "previous." : "") + $0, value: $1) }
    }

    static func responsible(_ code: UnitCode, _ now: [Double], _ before: [Double]) -> [Figure] {
        let names = ["windows", "overdue", "resolved_in_window", "supervised", "requests_approved", "requests_denied"]
        precondition(now.count == names.count && before.count == names.count)
        let row = "responsible:\(code.rawValue)"
        return zip(names, now).map { Figure(row: row, name: $0, value: $1) }
            + zip(names, before).map { Figure(row: row, name: "previous." + $0, value: $1) }
    }

    /// docs/REPORTS.md, "Worked example", as data.
    public static let expected: [Figure] =
        territory("total", [12, 11, 1, 8, 10, 0.8, 9, 2, 5, 5, 4, 4.0 / 7, 5.0 / 7, 7, 1, 1.0 / 7, 5, 4, 60 * 4.0 / 7 + 30 * 5.0 / 7 + 10 * 6.0 / 7, nil],
                  loop: [1, 1, 2, 0.5, 2, 1, 2, 3, 2.0 / 3])
        + territory("total", previous: true, [5, 5, 0, 4, 5, 0.8, 4, 0, 4, 4, 3, 0.75, 1, 5, 1, 0.2, 1, 1, 83, nil])
        + territory("unit:320506002001", [6, 6, 0, 4, 6, 4.0 / 6, 6, 1, 4, 4, 3, 0.6, 0.8, 5, 1, 0.2, 2, 4, 68, 1],
                    loop: [0, 1, 1, 1, 1, 0, 2, 2, 1])
        + territory("unit:320506002001", previous: true, [3, 3, 0, 3, 3, 1, 2, 0, 2, 2, 2, 1, 1, 2, 0, 0, 0, 0, 100, 1])
        + territory("unit:320506001001", [6, 5, 1, 4, 4, 1, 3, 1, 1, 1, 1, 0.5, 0.5, 2, 0, 0, 0, 0, 55, 2],
                    loop: [1, 0, 1, 0, 1, 1, 0, 1, 0])
        + territory("unit:320506001001", previous: true, [2, 2, 0, 1, 2, 0.5, 2, 0, 2, 2, 1, 0.5, 1, 3, 1, 1.0 / 3, 1, 1, 30 + 30 + 10 * 2.0 / 3, 2])
        + territory("unit:320506001002", [0, 0, 0, 0, 0, nil, 0, 0, 0, 0, 0, nil, nil, 0, 0, nil, 0, 0, nil, nil])
        + territory("category:0102", [9, 8, 1, 5, 7, 5.0 / 7, 7, 2, 4, 4, 3, 0.6, 0.8, 5, 1, 0.2, 5, 4, 68, nil],
                    loop: [1, 1, 1, 1, 1, 0, 2, 2, 1])
        + territory("category:0103", [3, 3, 0, 3, 3, 1, 2, 0, 1, 1, 1, 0.5, 0.5, 2, 0, 0, 0, 0, 55, nil],
                    loop: [0, 0, 1, 0, 1, 1, 0, 1, 0])
        + responsible(huayuan, [9, 0, 2, 0, 0, 0], [4, 1, 2, 0, 0, 0])
        + responsible(taoyuan, [11, 2, 4, 0, 1, 1], [6, 0, 2, 0, 0, 0])
        + responsible(wangjiangStreet, [2, 0, 0, 1, 0, 0], [2, 0, 1, 0, 0, 0])
        + responsible(qingheStreet, [2, 2, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0])
        + responsible(qingheDistrict, [3, 1, 1, 1, 0, 0], [0, 0, 0, 0, 0, 0])
        + responsible(city, [3, 1, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0])

    /// The rows of the responsible-unit view, in order (江州市: the city's centre, which holds the register windows).
    public static let responsibleRows = [huayuan, taoyuan, wangjiangStreet, qingheStreet, qingheDistrict, city]

    /// Every figure of `expected` that `report` (its JSON form) does not have, as a message.
    public static func mismatches(in report: JSONValue) -> [String] {
        expected.compactMap { figure in
            let found = value(of: figure, in: report)
            switch (found, figure.value) {
            case (nil, nil): return nil
            case (let actual?, let wanted?) where abs(actual - wanted) < 1e-9: return nil
            default: return "\(figure.row) \(figure.name): \(found.map { "\($0)" } ?? "absent"), expected \(figure.value.map { "\($0)" } ?? "absent")"
            }
        }
    }

    private static func value(of figure: Figure, in report: JSONValue) -> Double? {
        let object = report.objectValue
        let parts = figure.row.split(separator: ":", maxSplits: 1).map(String.init)
        var row: JSONObject?
        func find(_ list: String, _ key: String, _ code: String) -> JSONObject? {
            object?[list]?.arrayValue?.first { $0.objectValue?[key]?.objectValue?["code"]?.stringValue == code }?.objectValue
        }
        switch parts[0] {
        case "total": row = object?["total"]?.objectValue
        case "unit": row = find("units", "unit", parts[1])?["metrics"]?.objectValue
        case "category": row = find("categories", "category", parts[1])?["metrics"]?.objectValue
        default: row = find("responsible_units", "unit", parts[1])
        }
        var name = figure.name
        if name.hasPrefix("previous.") {
            row = row?["previous"]?.objectValue
            name = String(name.dropFirst("previous.".count))
        }
        guard let value = row?[name] else { return nil }
        if let int = value.intValue { return Double(int) }
        return value.doubleValue
    }
}
