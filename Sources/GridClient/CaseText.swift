import GridCore

/// How gridctl shows a case for people (`show`), in the reader's language: its fields, the
/// light, the case deadline (案件处置时限) and the running window with the time left against
/// the daemon's `now`, the 超期 charges, and the tables of windows (受理/处置时限) and the
/// timeline. Times are compact and local (`TimeText`); `--json` keeps them whole.
struct CaseText {
    let output: Output
    /// The daemon's time in the answer (`now`); nil from a daemon that does not send it.
    let now: WireTime?

    init(_ incident: JSONValue, output: Output) {
        self.output = output
        now = WireTime(incident["now"])
    }

    var language: Language { output.language }
    func label(_ key: String) -> String { output.text("show.\(key)") }
    func time(_ value: JSONValue?) -> String { TimeText.compact(value, now: now) }
    func deadline(_ value: JSONValue?) -> String { TimeText.deadline(value, now: now, language) }

    /// `reported 待立案` in English (the wire name and what people call it), `待立案` in Chinese.
    func state(_ value: JSONValue?) -> String {
        guard let raw = value?.stringValue, let state = IncidentState(rawValue: raw) else { return value?.text ?? "?" }
        return language == .zh ? state.chineseName : "\(state.rawValue) \(state.chineseName)"
    }

    /// `红灯 red` in English, `红灯` in Chinese; `-` when the case has no light.
    func light(_ value: JSONValue?) -> String {
        guard let raw = value?.stringValue, let light = CaseLight(rawValue: raw) else { return "-" }
        return language == .zh ? light.chineseName : "\(light.chineseName) \(light.rawValue)"
    }

    /// `hotline 12345热线` (English), `12345热线` (Chinese).
    static func channel(_ value: JSONValue?, _ language: Language) -> String {
        guard let raw = value?.stringValue, let channel = Channel(rawValue: raw) else { return value?.text ?? "-" }
        return language == .zh ? channel.chineseName : "\(channel.rawValue) \(channel.chineseName)"
    }

    /// A wire name (`ack`, `met`, `escalated`) as people say it: the catalogue's `PREFIX.NAME`,
    /// else the name as it is.
    func named(_ prefix: String, _ value: JSONValue?) -> String {
        guard let raw = value?.stringValue else { return value?.text ?? "-" }
        return Messages.catalogue(language)["\(prefix).\(raw)"] ?? VisibleText.escaped(raw)
    }

    /// The running window and its due time with what is left, or the paused window.
    func deadlineRow(_ incident: JSONValue) -> (String, String)? {
        if let deadline = incident["deadline"], let window = deadline["window"], window != .null {
            var text = output.text("show.deadlineText", ["window": named("window", window), "due": self.deadline(deadline["due_at"])])
            if deadline["overdue"]?.boolValue == true {
                text += output.text("show.deadlineReminder", ["next": time(deadline["next_reminder_at"])])
            }
            return (label("deadline"), text)
        }
        guard let paused = incident["deadline"]?["paused"] else { return nil }
        return (label("deadline"), output.text("show.paused", ["window": named("window", paused["window"]), "remaining": paused["remaining"]?.text ?? "-"]))
    }

    /// The rows of the case's standing: state and channel, 立案, the case deadline, the light,
    /// 回访, 督办, an open request, and the 超期 with the units charged.
    func standingRows(_ incident: JSONValue) -> [(String, String)] {
        var rows: [(String, String)] = [(label("state"), state(incident["state"])), (label("channel"), Self.channel(incident["channel"], language))]
        let registered = incident["registered_at"].flatMap { $0 == .null ? nil : $0 }
        rows.append((label("registered"), registered.map { output.text("show.registeredAt", ["time": time($0)]) } ?? output.text("show.notRegistered")))
        if let due = incident["case_due"], due != .null { rows.append((label("caseDue"), output.text("show.caseDueText", ["due": deadline(due)]))) }
        rows.append((label("light"), light(incident["light"])))
        if let result = incident["visit_result"]?.stringValue {
            let chinese = VisitResult(rawValue: result)?.chineseName ?? ""
            rows.append((label("visit"), language == .zh ? chinese : "\(result) \(chinese)"))
        }
        if let count = incident["supervised"]?.intValue, count > 0 {
            rows.append((label("supervised"), output.text(count == 1 ? "show.times.one" : "show.times", ["n": String(count)])))
        }
        if let request = incident["request"], request != .null { rows.append((label("request"), requestText(request))) }
        let charges = incident["charges"]?.arrayValue ?? []
        if let missed = incident["missed_windows"]?.intValue, missed > 0 || !charges.isEmpty {
            let who = charges.map { "\($0["unit"]?.unitText ?? "-") \(named("window", $0["window"]))" }.joined(separator: ", ")
            rows.append((label("overdue"), who.isEmpty ? String(missed) : "\(missed): \(who)"))
        }
        return rows
    }

    /// An open 延期/缓办/挂账 request: what, by how much or until when, who asked, when, why.
    func requestText(_ request: JSONValue) -> String {
        let kind = request["kind"]?.stringValue ?? "?"
        var what = output.text("show.requestKind", ["kind": kind, "chinese": CaseRequest.Kind(rawValue: kind)?.chineseName ?? ""])
        if let by = request["by"]?.stringValue { what += output.text("show.requestBy", ["by": VisibleText.escaped(by)]) }
        if let until = request["until"], until != .null { what += output.text("show.requestUntil", ["until": time(until)]) }
        let who = request["requested_by"]?["name"]?.stringValue ?? request["requested_by"]?["uid"]?.text ?? "?"
        return output.text("show.requestText", [
            "what": what, "who": VisibleText.escaped(who), "at": time(request["at"]), "note": request["note"]?.text ?? "",
        ])
    }

    /// `show`'s windows: one line per ack or resolve window with its unit, due time and outcome.
    func windowsTable(_ incident: JSONValue) -> String? {
        guard let windows = incident["windows"]?.arrayValue, !windows.isEmpty else { return nil }
        var table = TextTable(headers: ["tier", "unit", "window", "started", "due", "ended", "outcome"].map { output.text("windows.\($0)") })
        for window in windows {
            table.add([
                Messages.tier(window["tier"]?.stringValue, language), DisplayWidth.truncate(ListText.name(window["unit"]), to: 20),
                named("window", window["window"]), time(window["started"]), time(window["due"]),
                time(window["ended"]), named("outcome", window["outcome"]),
            ])
        }
        return "\n\(output.text("show.windows"))\n" + table.render()
    }

    /// `show`'s timeline: one line per event, its note (or reason) last.
    func timelineTable(_ events: [JSONValue]) -> String {
        let headers = ["at", "event", "tier", "unit", "actor", "due", "late", "note"]
        var table = TextTable(headers: headers.map { output.text("timeline.\($0)") })
        for event in events {
            let actor = event["actor"]
            let late = event["late_ms"]?.intValue.map { TimeText.span(milliseconds: $0, language) }
            table.add([
                time(event["at"]), named("event", event["kind"]), Messages.tier(event["tier"]?.stringValue, language),
                DisplayWidth.truncate(ListText.name(event["unit"]), to: 20), "\(actor?["name"]?.text ?? "?")(\(actor?["uid"]?.text ?? "?"))",
                time(event["due"]), late ?? "-",
                event["note"]?.stringValue ?? event["detail"]?["reason"]?.stringValue ?? "",
            ])
        }
        return "\n\(output.text("show.timeline"))\n" + table.render()
    }
}
