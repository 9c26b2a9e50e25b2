import GridCore

/// `gridctl completion bash|zsh|fish`: the shell completion scripts, generated from the command
/// table (`CommandTable`) like the help and the man page, so a command or option added there is
/// completed without anyone editing a script. What a value completes to is read from the option's
/// declaration (`urgent|normal|low`, `FILE`, `STATE`); category and unit codes are asked of the
/// daemon when completing (`gridctl categories --codes`), and there are none when it is not up.
/// `completions/gridctl.{bash,zsh,fish}` are this output, committed (a test keeps them equal).
public enum Completion {
    /// The shells gridctl writes a completion script for (`gridctl completion SHELL`).
    public enum Shell: String, CaseIterable, Sendable {
        case bash, zsh, fish
    }

    /// What an option's value or a command's argument completes to.
    enum Values: Hashable {
        /// Free text (a title, a number, an ID): nothing to offer.
        case none
        case words([String])
        case files, directories
        /// Codes with names, from the daemon (`gridctl categories --codes`, `units --codes`).
        case categories, units
        case commands
    }

    /// The script for `shell`.
    public static func script(_ shell: Shell) -> String {
        switch shell {
        case .bash: return BashCompletion.script()
        case .zsh: return ZshCompletion.script()
        case .fish: return FishCompletion.script()
        }
    }

    /// `gridctl completion SHELL`.
    static func run(_ parsed: ParsedArguments, output: Output) throws(ClientError) -> Int32 {
        guard parsed.positionals.count == 1, let shell = Shell(rawValue: parsed.positionals[0]) else {
            throw parsed.usage("usage.completionShell", ["shells": Shell.allCases.map(\.rawValue).joined(separator: ", ")])
        }
        output.standardOutput(script(shell))
        return 0
    }

    /// What the value of `option` completes to, from its value name.
    static func values(for option: OptionSpec) -> Values {
        guard let name = option.valueName else { return .none }
        switch name {
        case "FILE", "FILE|-", "PATH": return .files
        case "DIR": return .directories
        case "STATE": return .words(IncidentState.allCases.map(\.rawValue))
        case "TIER": return .words(Tier.allCases.map(\.name))
        case "LEVEL": return .words(LogLevel.allCases.map(\.rawValue))
        case "CODE":
            switch option.keyName {
            case "category": return .categories
            case "unit", "community": return .units
            default: return .none
            }
        default: return choices(name).map(Values.words) ?? .none
        }
    }

    /// What a command's positional argument completes to.
    static func argumentValues(_ spec: CommandSpec) -> Values {
        let name = spec.arguments.trimmingBrackets
        switch name {
        case "COMMAND": return .commands
        case "NAME|CODE": return .units
        default: return choices(name).map(Values.words) ?? .none
        }
    }

    /// `urgent|normal|low` → the words; nil for a value name (`CELL|COMMUNITY`, `FILE|-`).
    static func choices(_ name: String) -> [String]? {
        let parts = name.split(separator: "|").map(String.init)
        guard parts.count > 1, parts.allSatisfy({ $0.allSatisfy { ("a"..."z").contains($0) || $0 == "_" } }) else { return nil }
        return parts
    }

    /// Every spelling of every option of `options`, as the shells list them.
    static func spellings(_ options: [OptionSpec]) -> [String] { options.flatMap(\.spellings) }

    /// An option's help, in English (the scripts are the same for every user).
    static func help(_ option: OptionSpec, of spec: CommandSpec?) -> String {
        let key = spec.map { $0.helpKey(option, in: Messages.catalogue(.en)) } ?? "opt.\(option.keyName)"
        return Messages.text(key, .en)
    }

    /// The global options, without the two that end the command line.
    static var globalValueOptions: [OptionSpec] { CommandTable.globalOptions.filter { $0.valueName != nil } }
}

extension String {
    /// `[NAME|CODE]` → `NAME|CODE`.
    fileprivate var trimmingBrackets: String {
        hasPrefix("[") && hasSuffix("]") ? String(dropFirst().dropLast()) : self
    }
}
