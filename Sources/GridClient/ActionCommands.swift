import GridCore

/// `gridctl ack|resolve|close|reopen|cancel|defer|resume|transfer|note ID [--note TEXT] [--to CODE]`:
/// the worker actions, and the operators' `register ID [--category CODE] [--priority P]` (立案) and
/// `reject ID --note TEXT` (不予立案). Prints the incident's new state and deadline.
enum ActionCommands {
    static let names: Set<String> = Set(Request.Action.Kind.allCases.map(\.rawValue))
    static let valueFlags: Set<String> = ["--note", "--to", "--category", "--priority", "--by", "--until", "--result"]

    static func request(_ name: String, _ arguments: ParsedArguments) throws(ClientError) -> JSONObject {
        guard arguments.positionals.count == 1, let id = Int64(arguments.positionals[0]), id > 0 else {
            throw ClientError.usage("usage: gridctl \(name) ID [--note TEXT]\(name == "transfer" ? " --to CELL|COMMUNITY" : "")")
        }
        var request: JSONObject = ["incident": .int(id)]
        if let note = arguments["--note"] { request["note"] = .string(note) }
        if name == "transfer" {
            guard let target = arguments["--to"] else { throw ClientError.usage("transfer needs --to CELL|COMMUNITY") }
            request["to"] = .string(target)
        } else if arguments["--to"] != nil {
            throw ClientError.usage("--to goes with transfer only")
        }
        for (flag, field, command) in [
            ("--category", "category", "register"), ("--priority", "priority", "register"), ("--by", "by", "extend"),
            ("--until", "until", "defer"), ("--result", "result", "visit"),
        ] {
            guard let value = arguments[flag] else { continue }
            guard name == command else { throw ClientError.usage("\(flag) goes with \(command) only") }
            request[field] = .string(value)
        }
        if name == "extend", arguments["--by"] == nil { throw ClientError.usage("extend needs --by DURATION (e.g. 2wd, 4h)") }
        if name == "visit", arguments["--result"] == nil { throw ClientError.usage("visit needs --result satisfied|basic|unsatisfied") }
        return request
    }

    static func printResult(_ name: String, _ incident: JSONValue, output: Output) {
        let state = incident["state"]?.text ?? "?"
        var line = "incident \(incident["id"]?.text ?? "?") \(state) at \(incident["tier"]?.text ?? "?") \(incident["unit"]?.unitText ?? "-")"
        if let deadline = incident["deadline"], let due = deadline["due_at"]?.stringValue, let window = deadline["window"]?.stringValue {
            line += "; \(window) due \(due)"
        }
        if let request = incident["request"], request != .null, let kind = request["kind"]?.stringValue {
            let chinese = CaseRequest.Kind(rawValue: kind)?.chineseName ?? ""
            line += "; \(kind) \(chinese) request open, waiting for approve or deny"
        }
        output.line(line)
    }
}
