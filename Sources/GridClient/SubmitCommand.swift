import GridCore
import GridSystem

/// `gridctl submit`: builds the report JSON from flags (or takes it from `--file F` / `--file -`),
/// sends it, and prints where the incident went; JSON Lines go through `SubmitLines`.
enum SubmitCommand {

    /// What `submit` sends: the report from flags, or `--file`'s one report or JSON Lines
    /// (`SubmitLines`, in batches of `--batch N`).
    static func input(from arguments: ParsedArguments) throws(ClientError) -> (input: SubmitLines.Input, batch: Int) {
        guard let file = arguments["--file"] else {
            guard arguments["--batch"] == nil else { throw arguments.usage("submit.batchNeedsFile") }
            return (.one(try report(from: arguments)), 1)
        }
        guard arguments.positionals.isEmpty else {
            throw arguments.usage("usage.noPositionals", ["command": "submit", "got": arguments.positionals.joined(separator: " ")])
        }
        let others = arguments.values.keys.filter { $0 != "--file" && $0 != "--batch" }
        guard others.isEmpty else { throw arguments.usage("submit.fileAlone", ["options": others.sorted().joined(separator: ", ")]) }
        var batch = SubmitLines.defaultBatch
        if let text = arguments["--batch"] {
            guard let value = Int(text), value >= 1 else { throw arguments.usage("submit.batchCount", ["value": text]) }
            batch = value
        }
        return (try SubmitLines.read(file), batch)
    }

    /// The report from flags (`submit` without `--file`, and `drop`).
    static func report(from arguments: ParsedArguments) throws(ClientError) -> JSONValue {
        guard arguments.positionals.isEmpty else {
            throw arguments.usage("usage.noPositionals", ["command": "submit", "got": arguments.positionals.joined(separator: " ")])
        }
        var report = JSONObject()
        guard let category = arguments["--category"] else { throw arguments.usage("submit.needsCategory") }
        report["category"] = .string(category)
        let lat = try arguments.number("--lat")
        let lon = try arguments.number("--lon")
        let placeFlags = [lat != nil || lon != nil, arguments["--cell"] != nil, arguments["--community"] != nil]
        guard placeFlags.filter({ $0 }).count == 1 else {
            throw arguments.usage("submit.onePlace")
        }
        if lat != nil || lon != nil {
            guard let lat, let lon else { throw arguments.usage("submit.latLon") }
            report["location"] = ["lat": .double(lat), "lon": .double(lon)]
        }
        let textFields: [(String, String)] = [
            ("--cell", "cell"), ("--community", "community"), ("--priority", "priority"), ("--title", "title"),
            ("--description", "description"), ("--address", "address"), ("--key", "key"), ("--reported-at", "reported_at"),
            ("--channel", "channel"),
        ]
        for (flag, field) in textFields {
            if let value = arguments[flag] { report[field] = .string(value) }
        }
        if arguments["--reporter-name"] != nil || arguments["--reporter-phone"] != nil {
            var reporter = JSONObject()
            if let name = arguments["--reporter-name"] { reporter["name"] = .string(name) }
            if let phone = arguments["--reporter-phone"] { reporter["phone"] = .string(phone) }
            report["reporter"] = .object(reporter)
        }
        return .object(report)
    }

    static func printResult(_ result: JSONValue, output: Output) {
        let id = result["id"]?.text ?? "?"
        if result["created"]?.boolValue == false {
            output.line(output.text("submit.exists", ["id": id, "key": result["key"]?.text ?? "-"]))
        } else if result["state"]?.stringValue == IncidentState.reported.rawValue {
            output.line(output.text("submit.waiting", ["id": id, "channel": CaseText.channel(result["channel"], output.language)]))
        } else {
            output.line(output.text("submit.dispatched", [
                "id": id, "tier": Messages.tier(result["tier"]?.stringValue, output.language), "unit": result["unit"]?.unitText ?? "-",
            ]))
        }
        var rows: [(String, String)] = [
            (output.text("field.cell"), result["cell"]?.text ?? "-"),
            (output.text("field.community"), result["community"]?.unitText ?? "-"),
            (output.text("field.street"), result["street"]?.unitText ?? "-"),
            (output.text("field.district"), result["district"]?.unitText ?? "-"),
            (output.text("field.routedBy"), CaseText(result, output: output).named("route", result["route"]?["method"])),
        ]
        if let reason = result["route"]?["reason"]?.stringValue { rows.append((output.text("field.reason"), reason)) }
        output.standardOutput(KeyValueBlock.render(rows))
    }
}

/// Aligned `key  value` lines, each key and value in its visible form (`VisibleText`): one line
/// per row whatever a value holds.
enum KeyValueBlock {
    static func render(_ rows: [(String, String)], indent: String = "  ") -> String {
        let rows = rows.map { (VisibleText.escaped($0.0), VisibleText.escaped($0.1)) }
        let width = rows.map { DisplayWidth.of($0.0) }.max() ?? 0
        return rows.map { key, value in
            indent + key + String(repeating: " ", count: width - DisplayWidth.of(key) + 2) + value + "\n"
        }.joined()
    }
}
