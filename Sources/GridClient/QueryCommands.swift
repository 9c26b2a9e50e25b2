import GridCore

/// `gridctl show ID`, `gridctl list [filters]` and `gridctl status`: read-only views for people
/// (aligned text) and scripts (`--json`).
enum QueryCommands {
    static func showRequest(_ arguments: ParsedArguments) throws(ClientError) -> JSONObject {
        guard arguments.positionals.count == 1, let id = Int64(arguments.positionals[0]), id > 0 else {
            throw arguments.usage("action.needsID", ["command": "show"])
        }
        return ["incident": .int(id)]
    }

    static func listRequest(_ arguments: ParsedArguments) throws(ClientError) -> JSONObject {
        guard arguments.positionals.isEmpty else { throw arguments.usage("usage.noPositionals", ["command": "list", "got": arguments.positionals.joined(separator: " ")]) }
        var request = JSONObject()
        for flag in ["--state", "--tier", "--unit", "--category"] {
            if let value = arguments[flag] { request[String(flag.dropFirst(2))] = .string(value) }
        }
        if arguments.has("--overdue") { request["overdue"] = true }
        if arguments.has("--near-deadline") { request["near_deadline"] = true }
        if arguments.has("--requests") { request["requests"] = true }
        if arguments.has("--to-visit") { request["to_visit"] = true }
        for flag in ["--limit", "--before"] {
            if let value = arguments[flag] {
                guard let number = Int64(value), number > 0 else { throw arguments.usage("usage.notPositive", ["option": flag]) }
                request[flag == "--limit" ? "limit" : "before"] = .int(number)
            }
        }
        return request
    }

    static func printIncident(_ incident: JSONValue, output: Output) {
        output.line("incident \(incident["id"]?.text ?? "?")  \(incident["state"]?.text ?? "?") at \(incident["tier"]?.text ?? "?") \(incident["unit"]?.unitText ?? "-")")
        var rows: [(String, String)] = [
            ("category", "\(incident["category"]?["name"]?.text ?? "-") (\(incident["category"]?["code"]?.text ?? "-"))"),
            ("priority", incident["priority"]?.text ?? "-"),
            ("title", incident["title"]?.text ?? "-"),
        ]
        if let description = incident["description"]?.stringValue { rows.append(("description", description)) }
        if let address = incident["address"]?.stringValue { rows.append(("address", address)) }
        if let location = incident["location"], location != .null {
            rows.append(("location", "\(location["lat"]?.text ?? "?"), \(location["lon"]?.text ?? "?")"))
        }
        rows += [
            ("cell", incident["cell"]?.text ?? "-"),
            ("community", incident["community"]?.unitText ?? "-"),
            ("street", incident["street"]?.unitText ?? "-"),
            ("district", incident["district"]?.unitText ?? "-"),
            ("routed by", incident["route"]?["method"]?.text ?? "-"),
        ]
        if let reason = incident["route"]?["reason"]?.stringValue { rows.append(("reason", reason)) }
        if let key = incident["key"]?.stringValue { rows.append(("key", key)) }
        if let reporter = incident["reporter"], reporter != .null {
            rows.append(("reporter", "\(reporter["name"]?.text ?? "-") \(reporter["phone"]?.text ?? "")"))
        }
        if let deadline = incident["deadline"], let window = deadline["window"]?.stringValue {
            var text = "\(window) due \(deadline["due_at"]?.text ?? "-")"
            if deadline["overdue"]?.boolValue == true { text += " missed at the top tier, next reminder \(deadline["next_reminder_at"]?.text ?? "-")" }
            rows.append(("deadline", text))
        } else if let paused = incident["deadline"]?["paused"] {
            rows.append(("deadline", "paused: \(paused["window"]?.text ?? "-") with \(paused["remaining"]?.text ?? "-") left"))
        }
        rows += CaseText.rows(incident)
        // Within the resolving unit's own window; 按期 (the reports) is judged by the case deadline.
        if let onTime = incident["deadline"]?["resolved_on_time"]?.boolValue {
            rows.append(("resolved", onTime ? "within its window" : "after its window"))
        }
        if let rework = incident["deadline"]?["reopen_count"]?.intValue, rework > 0 { rows.append(("rework", String(rework))) }
        rows += [
            ("source", incident["source"]?.text ?? "-"),
            ("created", incident["created_at"]?.text ?? "-"),
            ("version", incident["version"]?.text ?? "-"),
        ]
        output.standardOutput(KeyValueBlock.render(rows))
        if let windows = CaseText.windowsTable(incident) { output.standardOutput(windows) }
        guard let events = incident["events"]?.arrayValue, !events.isEmpty else { return }
        output.standardOutput("\ntimeline\n")
        var table = TextTable(headers: ["AT", "EVENT", "TIER", "UNIT", "ACTOR", "DUE", "LATE", "NOTE"])
        for event in events {
            let actor = event["actor"]
            table.add([
                event["at"]?.text ?? "-", event["kind"]?.text ?? "-", event["tier"]?.text ?? "-",
                event["unit"]?.unitText ?? "-",
                "\(actor?["name"]?.text ?? "?")(\(actor?["uid"]?.text ?? "?"))",
                event["due"]?.text ?? "-", event["late_ms"].map { "\($0.text)ms" } ?? "-",
                event["note"]?.stringValue ?? event["detail"]?["reason"]?.stringValue ?? "",
            ])
        }
        output.standardOutput(table.render())
    }

    /// - Parameter heading: what the list is, said under it (`超期 (督办)` for `--overdue`).
    static func printList(_ result: JSONValue, heading: String? = nil, output: Output) {
        let incidents = result["incidents"]?.arrayValue ?? []
        let headers = ["id", "state", "tier", "unit", "category", "priority", "light", "due", "caseDue", "title"]
        var table = TextTable(headers: headers.map { output.text("list.\($0)") })
        for incident in incidents {
            table.add([
                incident["id"]?.text ?? "?", Messages.state(incident["state"]?.stringValue, output.language),
                Messages.tier(incident["tier"]?.stringValue, output.language),
                DisplayWidth.truncate(incident["unit"]?.unitText ?? "-", to: 30),
                DisplayWidth.truncate("\(incident["category"]?["code"]?.text ?? "-") \(incident["category"]?["name"]?.text ?? "")", to: 20),
                incident["priority"]?.text ?? "-", CaseText.lightAndSupervision(incident),
                incident["deadline"]?["due_at"]?.text ?? "-", incident["case_due"]?.text ?? "-",
                DisplayWidth.truncate(incident["title"]?.stringValue ?? "", to: 30),
            ])
        }
        output.standardOutput(table.render())
        let count = output.text("list.count", ["count": String(incidents.count)])
        output.standardOutput(heading.map { output.text("list.countWithHeading", ["count": count, "heading": $0]) } ?? count)
        output.standardOutput("\n")
    }

    /// What `list --overdue`, `--near-deadline`, `--requests` and `--to-visit` are, for the line
    /// under the table.
    static func listHeading(_ arguments: ParsedArguments) -> String? {
        for flag in ["--overdue", "--near-deadline", "--requests", "--to-visit"] where arguments.has(flag) {
            return Messages.text("list.heading.\(flag.dropFirst(2))", arguments.language)
        }
        return nil
    }

    /// `notify` and, when a pending notification has failed, `notify error`.
    static func notifyRows(_ notify: JSONValue) -> [(String, String)] {
        let since = notify["since_start"]
        let counts = "\(notify["pending"]?.text ?? "-") pending (\(notify["failing"]?.text ?? "-") failing, "
            + "\(notify["in_flight"]?.text ?? "-") in flight), \(notify["gave_up"]?.text ?? "-") gave up; since start "
            + "\(since?["delivered"]?.text ?? "-") delivered, \(since?["failed_attempts"]?.text ?? "-") failed attempts"
        var text = "off, " + counts
        if notify["enabled"]?.boolValue == true {
            let events = notify["events"]?.arrayValue?.map(\.text).joined(separator: " ") ?? "-"
            text = "\(notify["exec"]?.text ?? "-") [\(events)]: " + counts
        }
        var rows = [("notify", text)]
        if let error = notify["last_error"], error != .null {
            rows.append(("notify error", "notification \(error["notification"]?.text ?? "?") at \(error["at"]?.text ?? "?"): \(error["error"]?.text ?? "-")"))
        }
        return rows
    }

    static func printStatus(_ status: JSONValue, output: Output) {
        var rows: [(String, String)] = [
            ("version", status["version"]?.text ?? "-"),
            ("pid", status["pid"]?.text ?? "-"),
            ("started", status["started_at"]?.text ?? "-"),
            ("uptime", "\(status["uptime_seconds"]?.text ?? "-") s"),
            ("config", status["config"]?.text ?? "-"),
            ("config loaded", status["config_loaded_at"]?.text ?? "-"),
            ("grid cells", status["cells"]?.text ?? "-"),
            ("connections", "\(status["connections"]?["open"]?.text ?? "-") open, \(status["connections"]?["accepted"]?.text ?? "-") accepted"),
            ("deadlines", "\(status["deadlines"]?["pending"]?.text ?? "-") pending, next \(status["deadlines"]?["next"]?.text ?? "-"), \(status["deadlines"]?["fired"]?.text ?? "-") fired, \(status["deadlines"]?["failed"]?.text ?? "-") failed"),
        ]
        if let tail = status["tail"], tail != .null {
            rows.append(("tail", "\(tail["subscribers"]?.text ?? "-") following, \(tail["lines_logged"]?.text ?? "-") lines logged, \(tail["missed"]?.text ?? "-") missed by slow followers"))
        }
        if let spool = status["spool"], spool != .null {
            var text = "\(spool["state"]?.text ?? "-"), backlog \(spool["backlog"]?.text ?? "-"), taken \(spool["taken"]?.text ?? "-"), rejected \(spool["rejected"]?.text ?? "-")"
            if let error = spool["last_error"]?.stringValue { text += ", last error: \(error)" }
            rows.append(("spool", text))
        }
        if let notify = status["notify"], notify != .null { rows += notifyRows(notify) }
        if status["drill"]?.boolValue == true { rows.append(("clock", "drill (time-scaled), now \(status["now"]?.text ?? "-")")) }
        if let paths = status["paths"]?.objectValue {
            for (key, value) in paths.pairs { rows.append((key, value.text)) }
        }
        let store = status["store"]?.objectValue ?? JSONObject()
        for (key, value) in store.pairs where value.objectValue == nil { rows.append((storeLabel(key), value.text)) }
        output.standardOutput(KeyValueBlock.render(rows, indent: ""))
        // Open incidents per tier and state, as a table.
        if let grid = store["open_by_tier_and_state"]?.objectValue, let first = grid.pairs.first?.value.objectValue {
            var table = TextTable(headers: ["OPEN"] + first.keys.map { $0.uppercased() })
            for (tier, states) in grid.pairs {
                table.add([tier] + (states.objectValue?.pairs.map { $0.value.text } ?? []))
            }
            output.standardOutput("\n" + table.render())
        }
    }

    /// `store overdue` is the 超期 (督办) count: every red open case.
    static func storeLabel(_ key: String) -> String {
        switch key {
        case "overdue": return "store 超期 (督办) red"
        case "near_deadline": return "store 黄灯 yellow"
        default: return "store \(key)"
        }
    }
}
