import GridCore
import GridSystem
import Glibc

/// `gridctl tail [-f] [-n N] [--unit CODE] [--tier T] [--category CODE] [--level L] [--json]`:
/// the dispatch log as the daemon streams it over the socket — the last N matching lines, then
/// with `-f` new ones as they are logged. People get the log's own logfmt lines and a visible
/// `-- missed N lines --` where gridctl fell behind; `--json` gets one object per line (JSON Lines).
///
/// A closed stdout (`gridctl tail -f | head -3`) ends it quietly with status 0, even while the
/// daemon has nothing to send.
enum TailCommand {
    static let spec = CommandTable.spec("tail")

    /// The query the command line asks for; every bad value is a usage error (exit 2).
    static func query(from arguments: ParsedArguments) throws(ClientError) -> TailQuery {
        guard arguments.positionals.isEmpty else {
            throw ClientError.usage("tail takes no positional arguments (got \(arguments.positionals[0].debugDescription))")
        }
        var query = TailQuery(follow: arguments.has("-f") || arguments.has("--follow"))
        if let text = arguments["--unit"] {
            guard let unit = UnitCode(text) else { throw ClientError.usage("--unit \(text): not a unit code (6, 9 or 12 digits)") }
            query.unit = unit
        }
        if let text = arguments["--tier"] {
            guard let tier = Tier(name: text) else { throw ClientError.usage("--tier \(text): one of community, street, district, city") }
            query.tier = tier
        }
        if let text = arguments["--category"] {
            guard Category.isWellFormedCode(text) else { throw ClientError.usage("--category \(text): not a 4-digit category code") }
            query.category = text
        }
        if let text = arguments["--level"] {
            guard let level = LogLevel(rawValue: text) else { throw ClientError.usage("--level \(text): one of \(LogLevel.namesList)") }
            query.level = level
        }
        if let text = arguments["-n"] ?? arguments["--lines"] {
            guard let count = Int(text), count >= 0, count <= TailQuery.maxBacklog else {
                throw ClientError.usage("-n \(text): a number of lines from 0 to \(TailQuery.maxBacklog)")
            }
            query.backlog = count
        }
        return query
    }

    static func run(_ arguments: [String], socket: () -> DaemonSocket, json: Bool, output: Output) throws(ClientError) -> Int32 {
        let parsed = try ParsedArguments(arguments, command: spec, language: output.language)
        let query = try query(from: parsed)
        let asJSON = json || parsed.has("--json")
        // A reader that went away is noticed below (EPIPE is ignored, the hang-up is polled for).
        signal(SIGPIPE, SIG_IGN)
        // Following waits as long as the daemon is quiet; the backlog comes at once.
        let connection = try socket().connect(timeoutMilliseconds: query.follow ? -1 : 30_000)
        _ = try connection.call("tail", query.requestFields).get()
        while let bytes = try connection.readLine(orHangUpOf: .standardOutput) {
            let record: JSONObject
            do {
                guard let object = try JSONParser.parse(bytes).objectValue else { throw ClientError.protocolError("a stream record is not an object") }
                record = object
            } catch let error as ClientError {
                throw error
            } catch {
                throw ClientError.protocolError("gridd sent a line that is not JSON: \(error)")
            }
            if record["ok"] == .bool(false) { _ = try ClientResponse(.object(record)).get() }
            if let line = record["line"]?.objectValue {
                if asJSON {
                    output.json(["seq": record["seq"] ?? .null, "line": .object(line)])
                } else {
                    // Logfmt escapes the values' controls as the log does; `line` the rest (keys).
                    output.line(Logfmt.line(line.pairs.map { ($0.key, $0.value.stringValue ?? $0.value.text) }))
                }
            } else if let missed = record["missed"]?.intValue {
                if asJSON {
                    output.json(["missed": .int(missed)])
                } else {
                    output.standardOutput("-- missed \(missed) line\(missed == 1 ? "" : "s") --\n")
                }
            } else if let end = record["end"]?.stringValue {
                if end == "access_changed" {
                    output.error("your access to the log changed (gridd reloaded [Access]); the stream ended")
                    return 1
                }
                if end == "stopping" { output.error("gridd is stopping; the stream ended") }
                return 0
            }
        }
        return 0
    }
}
