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

    /// The figures of a territory row, in order: received, registered, cancelled, timely_acks,
    /// acks_judged, timely_ack_rate, due, paused, closed, closed_of_due, closed_on_time,
    /// on_time_rate, close_rate, resolved, reopened, rework_rate, overdue, escalations, score, rank.
    static let territoryNames = [
        "received", "registered", "cancelled", "timely_acks", "acks_judged", "timely_ack_rate", "due", "paused", "closed",
        "closed_of_due", "closed_on_time", "on_time_rate", "close_rate", "resolved", "reopened", "rework_rate", "overdue",
        "escalations", "score", "rank",
    ]

    static func territory(_ row: String, previous: Bool = false, _ values: [Double?]) -> [Figure] {
        precondition(values.count == territoryNames.count)
        return zip(territoryNames, values).map { Figure(row: row, name: (previous ? "previous." : "") + $0, value: $1) }
    }

    static func responsible(_ code: UnitCode, _ now: [Double], _ before: [Double]) -> [Figure] {
        let names = ["windows", "overdue", "resolved_in_window"]
        let row = "responsible:\(code.rawValue)"
        return zip(names, now).map { Figure(row: row, name: $0, value: $1) }
            + zip(names, before).map { Figure(row: row, name: "previous." + $0, value: $1) }
    }

    /// docs/REPORTS.md, "Worked example", as data.
    public static let expected: [Figure] =
        territory("total", [9, 9, 1, 6, 8, 6.0 / 8, 8, 1, 5, 5, 4, 4.0 / 7, 5.0 / 7, 7, 1, 1.0 / 7, 5, 4, 60 * 4.0 / 7 + 30 * 5.0 / 7 + 10 * 6.0 / 7, nil])
        + territory("total", previous: true, [5, 5, 0, 4, 5, 0.8, 4, 0, 4, 4, 3, 0.75, 1, 5, 1, 0.2, 1, 1, 83, nil])
        + territory("unit:320506002001", [5, 5, 0, 3, 5, 0.6, 5, 0, 4, 4, 3, 0.6, 0.8, 5, 1, 0.2, 2, 4, 68, 1])
        + territory("unit:320506002001", previous: true, [3, 3, 0, 3, 3, 1, 2, 0, 2, 2, 2, 1, 1, 2, 0, 0, 0, 0, 100, 1])
        + territory("unit:320506001001", [4, 4, 1, 3, 3, 1, 3, 1, 1, 1, 1, 0.5, 0.5, 2, 0, 0, 0, 0, 55, 2])
        + territory("unit:320506001001", previous: true, [2, 2, 0, 1, 2, 0.5, 2, 0, 2, 2, 1, 0.5, 1, 3, 1, 1.0 / 3, 1, 1, 30 + 30 + 10 * 2.0 / 3, 2])
        + territory("unit:320506001002", [0, 0, 0, 0, 0, nil, 0, 0, 0, 0, 0, nil, nil, 0, 0, nil, 0, 0, nil, nil])
        + territory("category:0102", [7, 7, 1, 4, 6, 4.0 / 6, 6, 1, 4, 4, 3, 0.6, 0.8, 5, 1, 0.2, 5, 4, 68, nil])
        + territory("category:0103", [2, 2, 0, 2, 2, 1, 2, 0, 1, 1, 1, 0.5, 0.5, 2, 0, 0, 0, 0, 55, nil])
        + responsible(taoyuan, [9, 2, 4], [6, 0, 2])
        + responsible(huayuan, [7, 0, 2], [4, 1, 2])
        + responsible(qingheStreet, [2, 2, 0], [0, 0, 0])
        + responsible(qingheDistrict, [3, 1, 1], [0, 0, 0])

    /// The rows of the responsible-unit view, in order (望江街道 held windows only in May: no row).
    public static let responsibleRows = [huayuan, taoyuan, qingheStreet, qingheDistrict]

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
