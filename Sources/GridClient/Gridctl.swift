import GridCore

/// gridctl: the operators' and workers' command-line client. Parses the command line, talks to
/// the daemon, prints for people or (`--json`) for scripts, and returns the exit status of the
/// brief: 0 ok, 1 refused by the daemon, 2 usage, 69 daemon unavailable.
public struct Gridctl {
    public let output: Output

    public init(output: Output = .terminal) { self.output = output }

    public static let usage = """
        usage: gridctl [--socket PATH] [--json] COMMAND [ARGS]

        commands:
          submit --category CODE [--priority urgent|normal|low]
                 (--lat Y --lon X | --cell CODE | --community CODE)
                 [--title T] [--description D] [--address A] [--key K]
                 [--reporter-name N] [--reporter-phone P] [--reported-at RFC3339]
                 [--channel patrol|resident|hotline|department|other]
                                      how it came in (default other); [Intake] Wait= channels
                                      wait as reported 待立案 for an operator's register
          submit --file FILE|-        a report as JSON
          drop [--spool DIR] (the flags of submit | --file FILE|-)
                                      write the report (or JSON Lines) into the spool, for the
                                      daemon to take now or when it next runs; prints the file name
          backup FILE [--database PATH]
                                      a consistent copy of the live database (intake goes on),
                                      checked, with the database's mode; needs read access to it
          show ID                     an incident and its timeline
          list [--state S] [--tier T] [--unit CODE] [--category CODE] [--overdue] [--near-deadline]
               [--requests] [--to-visit] [--limit N] [--before ID]
                                      newest first; --overdue: the 超期 (督办) list, every red
                                      case at any tier (a window missed or past its case
                                      deadline); --near-deadline: every yellow one;
                                      --requests: open requests you may decide; --to-visit:
                                      closed resident/hotline cases owed a 回访
          status                      the daemon's health and counts
          tail [-f] [-n N] [--unit CODE] [--tier T] [--category CODE] [--level L]
                                      the dispatch log: the last N matching lines (default 10),
                                      with -f then new ones as they are logged, until interrupted;
                                      --level debug|info|notice|warning|error and above
          report [--unit CODE] [--category CODE] [--from DATE] [--to DATE]
                 [--by community|street|district] [--view territory|unit]
                 [--format table|csv|json|html] [--output FILE] [--register-limit N]
                                      综合评价: 及时受理率, 按期结案率 (by the case deadline),
                                      结案率, 返工率, 超期, 超时上报, 综合指标 and 排名, each
                                      beside the previous period (环比); by territory or by
                                      责任单位 (--view unit; json has both); time to ack/resolve,
                                      open by light, the 超期 (督办) list; dates are local (--to
                                      inclusive), default this month; csv has a BOM for Excel;
                                      html is self-contained
          ack ID                      受理: take the incident on
          resolve ID                  处置完毕: handled, awaiting verification
          close ID                    核查通过: verified and closed (reporting worker or operator)
          reopen ID                   返工: verification failed, back to handling
          register ID [--category CODE] [--priority P]
                                      立案: take a waiting report on (operators); the policy and
                                      the case deadline are taken now
          reject ID --note REASON     不予立案: do not take a waiting report on (operators)
          cancel ID --note REASON     撤销 (operators)
          extend ID --by DURATION --note REASON
                                      ask for 延期: the running window and the case deadline
                                      later by DURATION (2wd, 4h) once approved
          defer ID --note REASON [--until TIME]
                                      ask for 缓办: the timers pause once approved, until resume
                                      or TIME (RFC 3339)
          suspend ID --note REASON    ask for 挂账: suspended once approved, until resume
          approve ID [--note TEXT]    decide the open request (an operator or a unit above)
          deny ID --note REASON       refuse it; the clocks ran meanwhile either way
          resume ID                   a deferred or suspended case runs again with what was left
          escalate ID --note REASON   主动上报: hand the case to the next tier (fresh windows;
                                      not 超期)
          supervise ID --note REASON  督办: press the case (operators, or a unit above the
                                      holder); counted against the holder
          visit ID --result satisfied|basic|unsatisfied [--note TEXT]
                                      回访 of a closed resident or hotline case (operators)
          transfer ID --to CELL|COMMUNITY   re-route (operators)
          note ID --note TEXT         a remark on the timeline
          (every action takes --note TEXT)

        The socket is --socket, else $GRIDD_SOCKET, else ./var/gridd.sock if it is yours (./var
        owned by you and writable by no one else), else /run/gridd/gridd.sock. Exit status: 0 ok,
        1 refused, 2 usage, 69 daemon unavailable. The spool (drop) is --spool, else $GRIDD_SPOOL,
        else ./var/spool if it is yours (the same rule), else /var/lib/gridd/spool; drop exits 73
        when it cannot write there.

        """

    /// Runs one command line (without the program name) and returns the exit status.
    public func run(_ arguments: [String]) -> Int32 {
        do throws(ClientError) {
            return try execute(arguments)
        } catch {
            output.error(error)
            return error.exitStatus
        }
    }

    private func execute(_ arguments: [String]) throws(ClientError) -> Int32 {
        var globalSocket: String?
        var json = false
        var index = 0
        while index < arguments.count, arguments[index].hasPrefix("-") {
            let argument = arguments[index]
            switch argument {
            case "--json": json = true
            case "--socket":
                index += 1
                guard index < arguments.count else { throw ClientError.usage("--socket needs a path") }
                globalSocket = arguments[index]
            case "-h", "--help":
                output.standardOutput(Gridctl.usage)
                return 0
            case "--version":
                output.standardOutput("gridctl \(GridctlVersion.current)\n")
                return 0
            default:
                if argument.hasPrefix("--socket=") {
                    globalSocket = String(argument.dropFirst("--socket=".count))
                } else {
                    throw ClientError.usage("unknown option \(argument)")
                }
            }
            index += 1
        }
        guard index < arguments.count else { throw ClientError.usage("no command given") }
        let command = arguments[index]
        let rest = Array(arguments[(index + 1)...])
        // `--json` is also accepted after the command, where people tend to type it.
        let commandSwitches: Set<String> = ["--json"]
        // Resolved when a command needs it (a passed-over ./var/gridd.sock is reported once).
        let socket = { SocketLocator.resolve(flag: globalSocket, warn: output.error) }
        switch command {
        case "submit":
            let parsed = try ParsedArguments(rest, valueFlags: SubmitCommand.valueFlags, switchFlags: commandSwitches)
            let report = try SubmitCommand.report(from: parsed)
            let result = try socket().connect().call("submit", ["report": report]).get()
            if json || parsed.has("--json") { output.json(result) } else { SubmitCommand.printResult(result, output: output) }
        case "report":
            return ReportCommand.run(rest, json: json, socket: socket, output: output)
        case "backup": return BackupCommand.run(rest, json: json, socket: socket, output: output)
        case "drop":
            // Writes into the spool; no daemon needed (its own exit status: 73 if the spool cannot be written).
            return DropCommand.run(rest, json: json, output: output)
        case "show":
            let parsed = try ParsedArguments(rest, valueFlags: [], switchFlags: commandSwitches)
            let result = try socket().connect().call("show", try QueryCommands.showRequest(parsed)).get()
            if json || parsed.has("--json") { output.json(result) } else { QueryCommands.printIncident(result, output: output) }
        case let name where ActionCommands.names.contains(name):
            let parsed = try ParsedArguments(rest, valueFlags: ActionCommands.valueFlags, switchFlags: commandSwitches)
            let result = try socket().connect().call(name, try ActionCommands.request(name, parsed)).get()
            if json || parsed.has("--json") { output.json(result) } else { ActionCommands.printResult(name, result, output: output) }
        case "list":
            let parsed = try ParsedArguments(
                rest, valueFlags: QueryCommands.listFlags, switchFlags: commandSwitches.union(["--overdue", "--near-deadline", "--requests", "--to-visit"]))
            let result = try socket().connect().call("list", try QueryCommands.listRequest(parsed)).get()
            if json || parsed.has("--json") {
                for incident in result["incidents"]?.arrayValue ?? [] { output.json(incident) }
            } else {
                QueryCommands.printList(result, heading: QueryCommands.listHeading(parsed), output: output)
            }
        case "status":
            let parsed = try ParsedArguments(rest, valueFlags: [], switchFlags: commandSwitches)
            guard parsed.positionals.isEmpty else { throw ClientError.usage("status takes no arguments") }
            let result = try socket().connect().call("status").get()
            if json || parsed.has("--json") { output.json(result) } else { QueryCommands.printStatus(result, output: output) }
        case "tail":
            return try TailCommand.run(rest, socket: socket, json: json, output: output)
        case "help":
            output.standardOutput(Gridctl.usage)
        default:
            throw ClientError.usage("unknown command \(command.debugDescription)")
        }
        return 0
    }
}

/// The version gridctl reports.
public enum GridctlVersion {
    public static let current = "0.1.0"
}
