import GridCore

/// `gridctl ack|resolve|close|reopen|cancel|defer|resume|transfer|note ID [--note TEXT] [--to CODE]`:
/// the worker actions, the operators' `register ID [--category CODE] [--priority P]` (立案) and
/// `reject ID --note TEXT` (不予立案), the requests and their decisions, 主动上报, 督办 and 回访.
/// Each command's flags are declared in `CommandTable`; prints what was done and the incident's
/// new state and deadline, in the caller's language (`Messages`: `done.NAME`, `action.*`).
enum ActionCommands {
    static let names: Set<String> = Set(Request.Action.Kind.allCases.map(\.rawValue))

    /// The request for action `name`; the flags were checked against the command's declaration.
    static func request(_ name: String, _ arguments: ParsedArguments, output: Output) throws(ClientError) -> JSONObject {
        guard arguments.positionals.count == 1, let id = Int64(arguments.positionals[0]), id > 0 else {
            throw ClientError.usage(output.text("action.needsID", ["command": name]))
        }
        var request: JSONObject = ["incident": .int(id)]
        if let note = arguments["--note"] { request["note"] = .string(note) }
        if name == "transfer" {
            guard let target = arguments["--to"] else { throw ClientError.usage(output.text("action.transferNeedsTo")) }
            request["to"] = .string(target)
        }
        for (flag, field) in [("--category", "category"), ("--priority", "priority"), ("--by", "by"), ("--until", "until"), ("--result", "result")] {
            if let value = arguments[flag] { request[field] = .string(value) }
        }
        if name == "extend", arguments["--by"] == nil { throw ClientError.usage(output.text("action.extendNeedsBy")) }
        if name == "visit", arguments["--result"] == nil { throw ClientError.usage(output.text("action.visitNeedsResult")) }
        return request
    }

    /// `已返工，退回处置中：案件 12 处置中，街道 清河街道 (320506002)；处置时限至 12-09 09:00` or
    /// `reworked, back to handling: incident 12 acknowledged at street 清河街道 (320506002); resolve due …`.
    static func printResult(_ name: String, _ incident: JSONValue, output: Output) {
        var line = output.text("action.state", [
            "done": output.text("done.\(name)"), "id": incident["id"]?.text ?? "?",
            "state": Messages.state(incident["state"]?.stringValue, output.language),
            "tier": Messages.tier(incident["tier"]?.stringValue, output.language), "unit": incident["unit"]?.unitText ?? "-",
        ])
        if let deadline = incident["deadline"], deadline["due_at"]?.stringValue != nil, let window = deadline["window"]?.stringValue {
            // The action's own time (`updated_at`) stands for the daemon's now: the year only if it differs.
            let due = TimeText.compact(deadline["due_at"], now: WireTime(incident["updated_at"]))
            let name = Messages.catalogue(output.language)["window.\(window)"] ?? window
            line += output.text("action.due", ["window": name, "due": due])
        }
        if let request = incident["request"], request != .null, let kind = request["kind"]?.stringValue {
            let chinese = CaseRequest.Kind(rawValue: kind)?.chineseName ?? ""
            line += output.text("action.request", ["kind": kind, "chinese": chinese])
        }
        output.line(line)
    }
}
