import GridCore

/// How gridctl shows a case's standing for people: the light with its Chinese name, the case
/// deadline (案件处置时限), the 超期 charges, and `show`'s table of windows (受理/处置时限).
enum CaseText {
    /// `红灯 red`, `暂停 paused`, or `-` when the case has no light (resolved, closed, cancelled).
    static func light(_ value: JSONValue?) -> String {
        guard let raw = value?.stringValue, let light = CaseLight(rawValue: raw) else { return "-" }
        return "\(light.chineseName) \(light.rawValue)"
    }

    /// The light, and `督办×2` when the case was pressed: `list`'s LIGHT column.
    static func lightAndSupervision(_ incident: JSONValue) -> String {
        let text = light(incident["light"])
        guard let count = incident["supervised"]?.intValue, count > 0 else { return text }
        return text + " 督办×\(count)"
    }

    /// `reported 待立案`, `dispatched 待受理`, …: the wire name and what people call it.
    static func state(_ value: JSONValue?) -> String {
        guard let raw = value?.stringValue, let state = IncidentState(rawValue: raw) else { return value?.text ?? "?" }
        return "\(state.rawValue) \(state.chineseName)"
    }

    /// `hotline 12345热线`.
    static func channel(_ value: JSONValue?) -> String {
        guard let raw = value?.stringValue, let channel = Channel(rawValue: raw) else { return value?.text ?? "-" }
        return "\(channel.rawValue) \(channel.chineseName)"
    }

    /// The rows `show` adds: the channel and 立案, the case deadline, the light, and the 超期 with
    /// the units charged.
    static func rows(_ incident: JSONValue) -> [(String, String)] {
        var rows: [(String, String)] = [("state", state(incident["state"])), ("channel", channel(incident["channel"]))]
        let registered = incident["registered_at"].flatMap { $0 == .null ? nil : $0.text }
        rows.append(("registered", registered.map { "\($0) (立案)" } ?? "not yet (待立案)"))
        if let due = incident["case_due"], due != .null { rows.append(("case due", "\(due.text) (案件处置时限)")) }
        rows.append(("light", light(incident["light"])))
        if let result = incident["visit_result"]?.stringValue {
            rows.append(("回访 visit", "\(result) \(VisitResult(rawValue: result)?.chineseName ?? "")"))
        }
        if let count = incident["supervised"]?.intValue, count > 0 { rows.append(("督办 supervised", "\(count) time\(count == 1 ? "" : "s")")) }
        if let request = incident["request"], request != .null {
            let kind = request["kind"]?.stringValue ?? "?"
            var text = "\(kind) \(CaseRequest.Kind(rawValue: kind)?.chineseName ?? "")"
            if let by = request["by"]?.stringValue { text += " by \(by)" }
            if let until = request["until"]?.stringValue { text += " until \(until)" }
            text += ", asked by \(request["requested_by"]?["name"]?.stringValue ?? request["requested_by"]?["uid"]?.text ?? "?")"
            text += " at \(request["at"]?.text ?? "?"): \(request["note"]?.text ?? "")"
            rows.append(("request", text))
        }
        let charges = incident["charges"]?.arrayValue ?? []
        if let missed = incident["missed_windows"]?.intValue, missed > 0 || !charges.isEmpty {
            let who = charges.map { "\($0["unit"]?.unitText ?? "-") \($0["window"]?.text ?? "-")" }.joined(separator: ", ")
            rows.append(("超期 overdue", who.isEmpty ? String(missed) : "\(missed): \(who)"))
        }
        return rows
    }

    /// `show`'s windows: one line per ack or resolve window with its unit, due time and outcome.
    static func windowsTable(_ incident: JSONValue) -> String? {
        guard let windows = incident["windows"]?.arrayValue, !windows.isEmpty else { return nil }
        var table = TextTable(headers: ["TIER", "UNIT", "WINDOW", "STARTED", "DUE", "ENDED", "OUTCOME"])
        for window in windows {
            table.add([
                window["tier"]?.text ?? "-", DisplayWidth.truncate(window["unit"]?.unitText ?? "-", to: 30),
                windowName(window["window"]), window["started"]?.text ?? "-", window["due"]?.text ?? "-",
                window["ended"]?.text ?? "-", outcomeName(window["outcome"]),
            ])
        }
        return "\nwindows\n" + table.render()
    }

    private static func windowName(_ value: JSONValue?) -> String {
        switch value?.stringValue {
        case "ack": return "受理 ack"
        case "resolve": return "处置 resolve"
        default: return value?.text ?? "-"
        }
    }

    private static func outcomeName(_ value: JSONValue?) -> String {
        switch value?.stringValue {
        case "met": return "按时 met"
        case "missed": return "超期 missed"
        case "running": return "进行中 running"
        case "ended": return "ended"
        default: return value?.text ?? "-"
        }
    }
}
