import GridCore

/// `list`'s and `mine`'s table for people: in the reader's language, the times compact and local
/// (`TimeText`) with the time left against the daemon's `now`, lights and states coloured on a
/// terminal (`Colour`), 100 columns wide at most (titles, then units and categories, cut with
/// `…`), and a hint when the list was cut by `--limit`. Tier and the case deadline are left to
/// `show` and `--json` (the unit's name says its tier; the columns are kept for what a 网格员
/// acts on: the running window's due time and what is left of it).
enum ListText {
    /// The widest line of a table by default: a terminal shared with a meeting's projector.
    static let width = 100

    /// - Parameter heading: what the list is, said under it (`超期 (督办)` for `--overdue`).
    /// - Parameter paged: whether `--before` can page through it (not the to-do list, which is
    ///   ordered by light).
    static func print(_ result: JSONValue, heading: String? = nil, paged: Bool = true, output: Output) {
        let incidents = result["incidents"]?.arrayValue ?? []
        let now = WireTime(result["now"])
        let language = output.language
        let headers = ["id", "state", "unit", "category", "priority", "light", "due", "left", "title"]
        var table = TextTable(headers: headers.map { output.text("list.\($0)") })
        for incident in incidents {
            let state = incident["state"]?.stringValue
            let due = incident["deadline"]?["due_at"]
            table.add(
                [
                    incident["id"]?.text ?? "?", Messages.state(state, language), name(incident["unit"]),
                    incident["category"]?["name"]?.stringValue ?? incident["category"]?["code"]?.text ?? "-",
                    priority(incident["priority"]?.stringValue, output), light(incident, language),
                    TimeText.compact(due, now: now), TimeText.remaining(due, now: now, language) ?? "-",
                    incident["title"]?.stringValue ?? "",
                ],
                colours: [1: Colour.state(state), 5: Colour.light(incident["light"]?.stringValue)].compactMapValues { $0 })
        }
        table.fit(width: width, shrinking: [(8, 12), (2, 8), (3, 6), (8, 4)])
        output.standardOutput(table.render(colour: output.colour))
        let count = output.text("list.count", ["count": String(incidents.count)])
        output.standardOutput(heading.map { output.text("list.countWithHeading", ["count": count, "heading": $0]) } ?? count)
        output.standardOutput("\n")
        if result["more"]?.boolValue == true {
            let last = incidents.last?["id"]?.text ?? "ID"
            output.standardOutput(output.text(paged ? "list.more" : "list.moreMine", ["id": last]) + "\n")
        }
    }

    /// `gridctl mine` (and `list --mine`): the to-do list, under a line naming the units it is
    /// for; for a caller with no unit (an admin, an operator) one line pointing to `list`.
    static func printMine(_ result: JSONValue, output: Output) {
        let mine = result["mine"]
        let holders = mine?["holder_units"]?.arrayValue ?? []
        let inspected = mine?["inspector_units"]?.arrayValue ?? []
        let city = mine?["inspects_city"]?.boolValue == true
        guard !holders.isEmpty || !inspected.isEmpty || city else {
            output.standardOutput(output.text("mine.none") + "\n")
            return
        }
        var parts: [String] = []
        if !holders.isEmpty { parts.append(output.text("mine.holds", ["units": holders.map(name).joined(separator: "、")])) }
        if city {
            parts.append(output.text("mine.inspectsCity"))
        } else if !inspected.isEmpty {
            parts.append(output.text("mine.inspects", ["units": inspected.map(name).joined(separator: "、")]))
        }
        print(result, heading: output.text("list.heading.mine", ["units": parts.joined(separator: output.text("mine.separator"))]),
            paged: false, output: output)
    }

    /// A unit by its name (its code when the map has no name for it).
    static func name(_ unit: JSONValue?) -> String {
        unit?["name"]?.stringValue ?? unit?["code"]?.text ?? "-"
    }

    /// The light as people say it (`红灯`, `red`), and `督办×2` when the case was pressed.
    static func light(_ incident: JSONValue, _ language: Language) -> String {
        guard let raw = incident["light"]?.stringValue, let light = CaseLight(rawValue: raw) else { return "-" }
        let text = language == .zh ? light.chineseName : light.rawValue
        guard let count = incident["supervised"]?.intValue, count > 0 else { return text }
        return text + " 督办×\(count)"
    }

    /// `urgent` as people say it: 紧急, 一般, 低 in Chinese.
    static func priority(_ wire: String?, _ output: Output) -> String {
        guard let wire else { return "-" }
        return Messages.catalogue(output.language)["priority.\(wire)"] ?? wire
    }
}
