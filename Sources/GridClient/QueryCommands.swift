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

    /// - Parameter mine: `gridctl mine`, the same as `list --mine`.
    static func listRequest(_ arguments: ParsedArguments, mine: Bool = false) throws(ClientError) -> JSONObject {
        guard arguments.positionals.isEmpty else { throw arguments.usage("usage.noPositionals", ["command": "list", "got": arguments.positionals.joined(separator: " ")]) }
        var request = JSONObject()
        for flag in ["--state", "--tier", "--unit", "--category"] {
            if let value = arguments[flag] { request[String(flag.dropFirst(2))] = .string(value) }
        }
        if arguments.has("--overdue") { request["overdue"] = true }
        if arguments.has("--near-deadline") { request["near_deadline"] = true }
        if arguments.has("--requests") { request["requests"] = true }
        if arguments.has("--to-visit") { request["to_visit"] = true }
        if mine || arguments.has("--mine") { request["mine"] = true }
        for flag in ["--limit", "--before"] {
            if let value = arguments[flag] {
                guard let number = Int64(value), number > 0 else { throw arguments.usage("usage.notPositive", ["option": flag]) }
                request[flag == "--limit" ? "limit" : "before"] = .int(number)
            }
        }
        return request
    }

    static func printIncident(_ incident: JSONValue, output: Output) {
        let text = CaseText(incident, output: output)
        let state = incident["state"]?.stringValue
        let headline = output.text("show.headline", [
            "id": incident["id"]?.text ?? "?", "state": text.state(incident["state"]),
            "tier": Messages.tier(incident["tier"]?.stringValue, output.language), "unit": incident["unit"]?.unitText ?? "-",
        ])
        output.standardOutput(output.paint(VisibleText.escaped(headline), Colour.state(state)) + "\n")
        let label = text.label
        var rows: [(String, String)] = [
            (label("category"), "\(incident["category"]?["name"]?.text ?? "-") (\(incident["category"]?["code"]?.text ?? "-"))"),
            (label("priority"), ListText.priority(incident["priority"]?.stringValue, output)),
            (label("title"), incident["title"]?.text ?? "-"),
        ]
        if let description = incident["description"]?.stringValue { rows.append((label("description"), description)) }
        if let address = incident["address"]?.stringValue { rows.append((label("address"), address)) }
        if let location = incident["location"], location != .null {
            rows.append((label("location"), "\(location["lat"]?.text ?? "?"), \(location["lon"]?.text ?? "?")"))
        }
        rows += [
            (label("cell"), incident["cell"]?.text ?? "-"),
            (label("community"), incident["community"]?.unitText ?? "-"),
            (label("street"), incident["street"]?.unitText ?? "-"),
            (label("district"), incident["district"]?.unitText ?? "-"),
            (label("routedBy"), text.named("route", incident["route"]?["method"])),
        ]
        if let reason = incident["route"]?["reason"]?.stringValue { rows.append((label("reason"), reason)) }
        if let key = incident["key"]?.stringValue { rows.append((label("key"), key)) }
        if let reporter = incident["reporter"], reporter != .null {
            rows.append((label("reporter"), "\(reporter["name"]?.text ?? "-") \(reporter["phone"]?.text ?? "")"))
        }
        if let deadline = text.deadlineRow(incident) { rows.append(deadline) }
        rows += text.standingRows(incident)
        // Within the resolving unit's own window; 按期 (the reports) is judged by the case deadline.
        if let onTime = incident["deadline"]?["resolved_on_time"]?.boolValue {
            rows.append((label("resolved"), output.text(onTime ? "show.withinWindow" : "show.afterWindow")))
        }
        if let rework = incident["deadline"]?["reopen_count"]?.intValue, rework > 0 { rows.append((label("rework"), String(rework))) }
        rows += [
            (label("source"), text.named("source", incident["source"])),
            (label("created"), text.time(incident["created_at"])),
            (label("version"), incident["version"]?.text ?? "-"),
        ]
        output.standardOutput(KeyValueBlock.render(rows))
        if let windows = text.windowsTable(incident) { output.standardOutput(windows) }
        guard let events = incident["events"]?.arrayValue, !events.isEmpty else { return }
        output.standardOutput(text.timelineTable(events))
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
    static func notifyRows(_ notify: JSONValue, output: Output, now: WireTime?) -> [(String, String)] {
        let since = notify["since_start"]
        let counts = output.text("status.notifyCounts", [
            "pending": notify["pending"]?.text ?? "-", "failing": notify["failing"]?.text ?? "-",
            "inFlight": notify["in_flight"]?.text ?? "-", "gaveUp": notify["gave_up"]?.text ?? "-",
            "delivered": since?["delivered"]?.text ?? "-", "failed": since?["failed_attempts"]?.text ?? "-",
        ])
        var text = output.text("status.notifyOff") + counts
        if notify["enabled"]?.boolValue == true {
            let events = notify["events"]?.arrayValue?.map(\.text).joined(separator: " ") ?? "-"
            text = "\(notify["exec"]?.text ?? "-") [\(events)]: " + counts
        }
        var rows = [(output.text("status.notify"), text)]
        if let error = notify["last_error"], error != .null {
            rows.append((output.text("status.notifyError"), output.text("status.notifyErrorText", [
                "notification": error["notification"]?.text ?? "?", "at": TimeText.compact(error["at"], now: now),
                "error": error["error"]?.text ?? "-",
            ])))
        }
        return rows
    }

    static func printStatus(_ status: JSONValue, output: Output) {
        let now = WireTime(status["now"])
        func time(_ value: JSONValue?) -> String { TimeText.compact(value, now: now) }
        func label(_ key: String) -> String { output.text("status.\(key)") }
        let connections = status["connections"], deadlines = status["deadlines"]
        var rows: [(String, String)] = [
            (label("version"), status["version"]?.text ?? "-"),
            (label("pid"), status["pid"]?.text ?? "-"),
            (label("started"), time(status["started_at"])),
            (label("uptime"), output.text("status.seconds", ["n": status["uptime_seconds"]?.text ?? "-"])),
            (label("config"), status["config"]?.text ?? "-"),
            (label("configLoaded"), time(status["config_loaded_at"])),
            (label("cells"), status["cells"]?.text ?? "-"),
            (label("connections"), output.text("status.connectionsText", [
                "open": connections?["open"]?.text ?? "-", "accepted": connections?["accepted"]?.text ?? "-",
            ])),
            (label("deadlines"), output.text("status.deadlinesText", [
                "pending": deadlines?["pending"]?.text ?? "-", "next": time(deadlines?["next"]),
                "fired": deadlines?["fired"]?.text ?? "-", "failed": deadlines?["failed"]?.text ?? "-",
            ])),
        ]
        if let zone = status["time_zone"]?.stringValue { rows.insert((label("timeZone"), VisibleText.escaped(zone)), at: 4) }
        if let tail = status["tail"], tail != .null {
            rows.append((label("tail"), output.text("status.tailText", [
                "subscribers": tail["subscribers"]?.text ?? "-", "lines": tail["lines_logged"]?.text ?? "-",
                "missed": tail["missed"]?.text ?? "-",
            ])))
        }
        if let spool = status["spool"], spool != .null {
            var text = output.text("status.spoolText", [
                "state": Messages.catalogue(output.language)["spool.\(spool["state"]?.stringValue ?? "")"] ?? spool["state"]?.text ?? "-",
                "backlog": spool["backlog"]?.text ?? "-",
                "taken": spool["taken"]?.text ?? "-", "rejected": spool["rejected"]?.text ?? "-",
            ])
            if let error = spool["last_error"]?.stringValue { text += output.text("status.lastError", ["error": error]) }
            rows.append((label("spool"), text))
        }
        if let notify = status["notify"], notify != .null { rows += notifyRows(notify, output: output, now: now) }
        if status["drill"]?.boolValue == true { rows.append((label("clock"), output.text("status.drill", ["now": time(status["now"])]))) }
        if let paths = status["paths"]?.objectValue {
            for (key, value) in paths.pairs { rows.append((Messages.catalogue(output.language)["status.path.\(key)"] ?? key, value.text)) }
        }
        let store = status["store"]?.objectValue ?? JSONObject()
        for (key, value) in store.pairs where value.objectValue == nil { rows.append((storeLabel(key, output), value.text)) }
        output.standardOutput(KeyValueBlock.render(rows, indent: ""))
        // Open incidents per tier and state, as a table.
        if let grid = store["open_by_tier_and_state"]?.objectValue, let first = grid.pairs.first?.value.objectValue {
            let states = first.keys.map { output.language == .zh ? Messages.state($0, .zh) : $0.uppercased() }
            var table = TextTable(headers: [label("open")] + states)
            for (tier, states) in grid.pairs {
                table.add([Messages.tier(tier, output.language)] + (states.objectValue?.pairs.map { $0.value.text } ?? []))
            }
            output.standardOutput("\n" + table.render())
        }
    }

    /// `store overdue` is the 超期 (督办) count: every red open case.
    static func storeLabel(_ key: String, _ output: Output) -> String {
        output.text("status.store", ["key": Messages.catalogue(output.language)["status.store.\(key)"] ?? key])
    }
}
