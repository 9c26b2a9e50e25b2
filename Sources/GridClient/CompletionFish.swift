/// The fish completion script (`gridctl completion fish`): one `complete` line per command and
/// per option of each command, with its help and value completions. Rendered from
/// `CommandTable` by `Completion`.
enum FishCompletion {
    static func script() -> String {
        var lines = [header]
        for option in CommandTable.globalOptions { lines.append(line(option, condition: "not __gridctl_command", of: nil)) }
        for spec in CommandTable.all {
            lines.append("complete -c gridctl -n 'not __gridctl_command' -a \(spec.name) -d \(quote(Messages.text(spec.summaryKey, .en)))")
        }
        for spec in CommandTable.all {
            lines.append("")
            let condition = "__gridctl_is \(spec.name)"
            lines += spec.options.map { line($0, condition: condition, of: spec) }
            let argument = Completion.argumentValues(spec)
            if argument != .none { lines.append("complete -c gridctl -n \(quote(condition)) \(arguments(argument))") }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `complete -c gridctl -n CONDITION -s f -l follow -d HELP` with the value's completion.
    static func line(_ option: OptionSpec, condition: String, of spec: CommandSpec?) -> String {
        var words = ["complete -c gridctl -n \(quote(condition))"]
        for spelling in option.spellings {
            words.append(spelling.hasPrefix("--") ? "-l \(spelling.dropFirst(2))" : "-s \(spelling.dropFirst())")
        }
        if option.valueName != nil { words.append(arguments(Completion.values(for: option))) }
        words.append("-d \(quote(Completion.help(option, of: spec)))")
        return words.joined(separator: " ")
    }

    /// `-r -F` (files), `-x -a 'urgent normal low'`, `-x` (a free value).
    static func arguments(_ values: Completion.Values) -> String {
        switch values {
        case .none: return "-x"
        case .words(let words): return "-x -a \(quote(words.joined(separator: " ")))"
        case .files: return "-r -F"
        case .directories: return "-x -a '(__fish_complete_directories)'"
        case .categories: return "-x -a '(__gridctl_codes categories)'"
        case .units: return "-x -a '(__gridctl_codes units)'"
        case .commands: return "-x -a \(quote(CommandTable.names.joined(separator: " ")))"
        }
    }

    /// In fish's single quotes: `\` and `'` escaped.
    static func quote(_ text: String) -> String {
        "'" + text.replacingAll("\\", with: "\\\\").replacingAll("'", with: "\\'") + "'"
    }

    static let header = """
        # fish completion for gridctl: commands, options, their values, category and unit codes.
        # Generated from gridctl's command table by `gridctl completion fish`; do not edit
        # (scripts/generate-docs.sh). Install: /usr/share/fish/vendor_completions.d/gridctl.fish,
        # or `gridctl completion fish | source`.

        # The command on the line, if there is one yet (a global option's value is not one).
        function __gridctl_command
            set -l words (commandline -opc)
            set -e words[1]
            while set -q words[1]
                switch $words[1]
                    case \(BashCompletion.globalSkipPattern.replacingAll("|", with: " "))
                        set -e words[1]
                    case '-*'
                    case '*'
                        echo $words[1]
                        return 0
                end
                set -e words[1]
            end
            return 1
        end

        function __gridctl_is
            set -l command (__gridctl_command)
            and test "$command" = "$argv[1]"
        end

        # CODE<TAB>NAME lines from the daemon at completion time; nothing when it is not running.
        function __gridctl_codes
            command gridctl $argv[1] --codes 2>/dev/null
        end

        complete -c gridctl -f
        """
}
