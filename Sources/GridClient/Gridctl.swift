import GridCore

/// gridctl: the operators' and workers' command-line client. Parses the command line, talks to
/// the daemon, prints for people or (`--json`) for scripts, and returns the exit status of the
/// brief: 0 ok, 1 refused by the daemon, 2 usage, 69 daemon unavailable (and 66, 70, 73: see
/// `CommandTable`, which declares every command and drives the parser and the help).
public struct Gridctl {
    public let output: Output
    /// Whether `output` is the process's stdout (so `isatty(1)` says whether to colour).
    private let isTerminalOutput: Bool

    public init(output: Output = .terminal) {
        self.output = output
        isTerminalOutput = false
    }

    /// gridctl as run from a shell: writes to the process's stdout and stderr.
    public static var terminal: Gridctl { Gridctl(terminalOutput: .terminal) }

    private init(terminalOutput: Output) {
        output = terminalOutput
        isTerminalOutput = true
    }

    /// Runs one command line (without the program name) and returns the exit status.
    public func run(_ arguments: [String]) -> Int32 {
        let (langFlag, withColour) = Language.split(arguments)
        let (colourFlag, arguments) = Language.extract("--color", from: withColour)
        var output = self.output
        do throws(ClientError) {
            output.language = try Language.resolve(flag: langFlag)
            output.colour = try colourChoice(colourFlag)
            return try execute(arguments, output: &output)
        } catch {
            output.error(error)
            return error.exitStatus
        }
    }

    /// Whether stdout is coloured: decided once; a test's captured output never is, unless it
    /// says `--color always`.
    private func colourChoice(_ flag: String?) throws(ClientError) -> Bool {
        guard isTerminalOutput else { return try Colour.enabled(flag: flag, isTerminal: { false }) }
        return try Colour.enabled(flag: flag)
    }

    private func execute(_ arguments: [String], output: inout Output) throws(ClientError) -> Int32 {
        var globalSocket: String?
        var json = false
        var index = 0
        while index < arguments.count, arguments[index].hasPrefix("-") {
            let argument = arguments[index]
            switch argument {
            case "--json": json = true
            case "--socket":
                index += 1
                guard index < arguments.count else { throw ClientError.usage(output.text("usage.needsValue", ["option": "--socket"])) }
                globalSocket = arguments[index]
            case "-h", "--help":
                output.standardOutput(HelpText.overview(output.language))
                return 0
            case "--version":
                output.standardOutput("gridctl \(GridctlVersion.current)\n")
                return 0
            default:
                guard argument.hasPrefix("--socket=") else { throw unknown(argument, command: false, output) }
                globalSocket = String(argument.dropFirst("--socket=".count))
            }
            index += 1
        }
        guard index < arguments.count else { throw ClientError.usage(output.text("usage.noCommand")) }
        let name = arguments[index]
        let rest = Array(arguments[(index + 1)...])
        guard let spec = CommandTable.command(name) else { throw unknown(name, command: true, output) }
        if name != "help" { output.usageHint = output.text("usage.seeHelp", ["command": name]) }
        if rest.prefix(while: { $0 != "--" }).contains(where: { $0 == "-h" || $0 == "--help" }) {
            output.standardOutput(HelpText.command(spec, output.language))
            return 0
        }
        if name == "help" { return try help(rest, output: output) }
        // Resolved when a command needs it (a passed-over ./var/gridd.sock is reported once).
        let socket = { [output] in
            var socket = SocketLocator.resolve(flag: globalSocket, warn: output.error)
            socket.language = output.language
            return socket
        }
        var arguments = rest
        // Names for codes (`--category 暴露垃圾`); drop runs without the daemon, so takes codes.
        if name != "drop" {
            arguments = try LookupCommands.resolvingNames(rest, spec: spec, output: output) { () throws(ClientError) in
                try socket().connect().call("catalog").get()
            }
        }
        let parsed = try ParsedArguments(arguments, command: spec, language: output.language)
        return try dispatch(name, arguments, parsed, json: json || parsed.has("--json"), socket: socket, output: output)
    }

    /// A usage error for an unknown command or global option `word`, with the closest name
    /// when there is one: `unknown command "sumbit"; did you mean submit?`.
    private func unknown(_ word: String, command: Bool, _ output: Output) -> ClientError {
        var text = command
            ? output.text("usage.unknownCommand", ["command": word.debugDescription])
            : output.text("usage.unknownGlobal", ["option": word])
        let candidates = command ? CommandTable.names : CommandTable.globalOptions.flatMap(\.spellings)
        if let suggestion = HelpText.closest(to: word, among: candidates) {
            text += output.text("usage.didYouMean", ["suggestion": suggestion])
        }
        return ClientError.usage(text)
    }

    /// `gridctl help [COMMAND]`.
    private func help(_ rest: [String], output: Output) throws(ClientError) -> Int32 {
        if rest == ["--man"] {
            output.standardOutput(ManPage.gridctl())
            return 0
        }
        guard let topic = rest.first else {
            output.standardOutput(HelpText.overview(output.language))
            return 0
        }
        guard let spec = CommandTable.command(topic), rest.count == 1 else {
            throw unknown(topic, command: true, output)
        }
        output.standardOutput(HelpText.command(spec, output.language))
        return 0
    }

    private func dispatch(
        _ name: String, _ rest: [String], _ parsed: ParsedArguments, json: Bool, socket: () -> DaemonSocket, output: Output
    ) throws(ClientError) -> Int32 {
        switch name {
        case "submit":
            let (input, batch) = try SubmitCommand.input(from: parsed)
            guard case .one(let report) = input else {
                guard case .lines(let lines) = input else { return 70 }
                return try SubmitLines.run(lines, batch: batch, connection: socket().connect(), json: json, output: output)
            }
            let result = try socket().connect().call("submit", ["report": report]).get()
            if json { output.json(result) } else { SubmitCommand.printResult(result, output: output) }
        case "report": return ReportCommand.run(rest, json: json, socket: socket, output: output)
        case "backup": return BackupCommand.run(rest, json: json, socket: socket, output: output)
        // Writes into the spool; no daemon needed (its own exit status: 73 if the spool cannot be written).
        case "drop": return DropCommand.run(rest, json: json, output: output)
        case "tail": return try TailCommand.run(rest, socket: socket, json: json, output: output)
        case "show":
            let request = try QueryCommands.showRequest(parsed)
            let result = try socket().connect().call("show", request).get()
            if json { output.json(result) } else { QueryCommands.printIncident(result, output: output) }
        case "list", "mine":
            let request = try QueryCommands.listRequest(parsed, mine: name == "mine")
            let result = try socket().connect().call("list", request).get()
            if json {
                for incident in result["incidents"]?.arrayValue ?? [] { output.json(incident) }
            } else if request["mine"] != nil {
                ListText.printMine(result, output: output)
            } else {
                ListText.print(result, heading: QueryCommands.listHeading(parsed), output: output)
            }
        case "categories", "units":
            guard parsed.positionals.count <= (name == "units" ? 1 : 0) else {
                throw ClientError.usage(output.text("usage.tooMany", ["command": name]))
            }
            let catalog = try socket().connect().call("catalog").get()
            if parsed.has("--codes") {
                LookupCommands.printCodes(catalog, name == "units" ? .unit : .category, output: output)
            } else if json {
                output.json(catalog[name] ?? .array([]))
            } else if name == "units" {
                LookupCommands.printUnits(catalog, query: parsed.positionals.first, output: output)
            } else {
                LookupCommands.printCategories(catalog, output: output)
            }
        case "completion": return try Completion.run(parsed, output: output)
        case "status":
            guard parsed.positionals.isEmpty else { throw ClientError.usage(output.text("usage.tooMany", ["command": name])) }
            let result = try socket().connect().call("status").get()
            if json { output.json(result) } else { QueryCommands.printStatus(result, output: output) }
        default:
            precondition(ActionCommands.names.contains(name), "gridctl command \(name) is declared but not dispatched")
            // The command line is checked before the daemon is asked.
            let request = try ActionCommands.request(name, parsed, output: output)
            let result = try socket().connect().call(name, request).get()
            if json { output.json(result) } else { ActionCommands.printResult(name, result, output: output) }
        }
        return 0
    }
}

/// The version gridctl reports.
public enum GridctlVersion {
    public static let current = "0.1.0"
}
