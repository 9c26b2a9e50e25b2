/// The one declaration of gridctl's commands: names, arguments, options (with their value names),
/// examples and exit statuses. The parser takes each command's flags from here, and `gridctl help`,
/// `gridctl help COMMAND` and `gridctl COMMAND --help` are rendered from here (`HelpText`), so the
/// two cannot drift. The words people read (summaries, option help, exit meanings) are keys into
/// the message catalogue (`Messages`): `cmd.NAME`, `opt.NAME.FLAG` else `opt.FLAG`, `exit.N`.
public struct CommandSpec: Sendable {
    public let name: String
    /// The positional arguments as shown in the usage line (`ID`, `FILE`, `[NAME|CODE]`).
    public let arguments: String
    public let options: [OptionSpec]
    /// Whole command lines, without the program name.
    public let examples: [String]
    public let exitCodes: [Int32]

    init(_ name: String, _ arguments: String = "", options: [OptionSpec] = [], examples: [String], exits: [Int32]) {
        self.name = name
        self.arguments = arguments
        self.options = options + CommandTable.commonOptions
        self.examples = examples
        self.exitCodes = exits
    }

    /// The flags that take a value, every spelling.
    public var valueFlags: Set<String> { Set(options.filter { $0.valueName != nil }.flatMap(\.spellings)) }
    /// The switches, every spelling.
    public var switchFlags: Set<String> { Set(options.filter { $0.valueName == nil }.flatMap(\.spellings)) }

    /// The catalogue key of the summary.
    public var summaryKey: String { "cmd.\(name)" }

    /// The catalogue key of an option's help: the command's own if the catalogue has one, else
    /// the shared one.
    public func helpKey(_ option: OptionSpec, in catalogue: [String: String]) -> String {
        let own = "opt.\(name).\(option.keyName)"
        return catalogue[own] != nil ? own : "opt.\(option.keyName)"
    }

    /// The option spelled `flag`, if this command has it.
    public func option(_ flag: String) -> OptionSpec? { options.first { $0.spellings.contains(flag) } }
}

/// One option: its spellings (`-n`, `--lines`), the value's name (`N`; nil for a switch) and
/// whether the command needs it (shown in the usage line; the command checks it).
public struct OptionSpec: Sendable {
    public let spellings: [String]
    public let valueName: String?
    public let required: Bool
    /// The option's name in catalogue keys: its long spelling without dashes unless given.
    public let keyName: String

    init(_ spellings: String..., value: String? = nil, required: Bool = false, key: String? = nil) {
        self.spellings = spellings
        self.valueName = value
        self.required = required
        let long = spellings.first { $0.hasPrefix("--") } ?? spellings[0]
        self.keyName = key ?? String(long.drop { $0 == "-" })
    }

    /// `--category CODE`, `-n, --lines N`.
    public var display: String {
        spellings.joined(separator: ", ") + (valueName.map { " " + $0 } ?? "")
    }
}

public enum CommandTable {
    /// Accepted after every command: people type `--json` and `--help` there.
    static let commonOptions: [OptionSpec] = [
        OptionSpec("--json"), OptionSpec("--lang", value: "zh|en"), OptionSpec("--color", value: "auto|always|never"),
        OptionSpec("-h", "--help"),
    ]

    /// Before the command.
    public static let globalOptions: [OptionSpec] = [
        OptionSpec("--socket", value: "PATH"), OptionSpec("--json"), OptionSpec("--lang", value: "zh|en"),
        OptionSpec("--color", value: "auto|always|never"), OptionSpec("-h", "--help"), OptionSpec("--version"),
    ]

    /// Every exit status a command may return, in the order help lists them.
    public static let exitStatuses: [Int32] = [0, 1, 2, 66, 69, 70, 73]

    public static func command(_ name: String) -> CommandSpec? { all.first { $0.name == name } }

    public static var names: [String] { all.map(\.name) }

    /// The command's spec; a command missing from the table is a bug in gridctl.
    static func spec(_ name: String) -> CommandSpec {
        guard let spec = command(name) else { preconditionFailure("gridctl command \(name) is not in CommandTable") }
        return spec
    }
}
