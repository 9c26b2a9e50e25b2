/// The zsh completion script (`gridctl completion zsh`): `_arguments` specs for the global
/// options and each command's, with their help and value completions, and the commands with their
/// summaries. Rendered from `CommandTable` by `Completion`; works from `fpath` (as `_gridctl`)
/// and sourced.
enum ZshCompletion {
    static func script() -> String {
        var lines = [header, "    local -a commands", "    commands=("]
        lines += CommandTable.all.map { "        " + quote($0.name + ":" + Messages.text($0.summaryKey, .en)) }
        lines += ["    )", "    _arguments -C \\"]
        lines += CommandTable.globalOptions.map { "        " + spec($0, of: nil) + " \\" }
        lines += ["        '1: :->command' \\", "        '*:: :->argument' && ret=0", middle]
        for command in CommandTable.all {
            var specs = command.options.map { spec($0, of: command) }
            switch Completion.argumentValues(command) {
            case .none: break
            case let values: specs.append(quote((command.arguments.hasPrefix("[") ? ":" : "") + ":argument:" + action(values)))
            }
            lines.append("                \(command.name)) _arguments \\")
            lines += specs.map { "                    " + $0 + " \\" }
            lines.append("                    && ret=0 ;;")
        }
        lines.append(footer)
        return lines.joined(separator: "\n") + "\n"
    }

    /// `'(-f --follow)'{-f,--follow}'[help]:N:action'`.
    static func spec(_ option: OptionSpec, of command: CommandSpec?) -> String {
        let help = "[" + Completion.help(option, of: command).bracketEscaped + "]"
        let value = option.valueName.map { ":" + $0.replacingAll(":", with: "") + ":" + action(Completion.values(for: option)) } ?? ""
        guard option.spellings.count > 1 else { return quote(option.spellings[0] + help + value) }
        let exclusive = quote("(" + option.spellings.joined(separator: " ") + ")")
        return exclusive + "{" + option.spellings.joined(separator: ",") + "}" + quote(help + value)
    }

    /// An `_arguments` action.
    static func action(_ values: Completion.Values) -> String {
        switch values {
        case .none: return " "
        case .words(let words): return "(" + words.joined(separator: " ") + ")"
        case .files: return "_files"
        case .directories: return "_files -/"
        case .categories: return "{_gridctl_codes categories}"
        case .units: return "{_gridctl_codes units}"
        case .commands: return "{_describe -t commands command commands}"
        }
    }

    /// In single quotes, a `'` as `'\''`.
    static func quote(_ text: String) -> String { "'" + text.replacingAll("'", with: "'\\''") + "'" }

    static let header = """
        #compdef gridctl
        # zsh completion for gridctl: commands, options, their values, category and unit codes.
        # Generated from gridctl's command table by `gridctl completion zsh`; do not edit
        # (scripts/generate-docs.sh). Install as _gridctl in a directory of $fpath
        # (/usr/share/zsh/vendor-completions), or `source <(gridctl completion zsh)` after compinit.

        # The codes of `gridctl categories|units --codes` with their names, asked of the daemon at
        # completion time; nothing when it is not running.
        _gridctl_codes() {
            local -a codes
            codes=(${(f)"$(command gridctl $1 --codes 2>/dev/null)"})
            codes=(${codes/$'\\t'/:})
            _describe -t codes $1 codes
        }

        _gridctl() {
            local curcontext=$curcontext state state_descr line ret=1
            typeset -A opt_args
        """

    static let middle = """
            case $state in
                command) _describe -t commands 'gridctl command' commands && ret=0 ;;
                argument)
                    curcontext=${curcontext%:*:*}:gridctl-$words[1]:
                    case $words[1] in
        """

    static let footer = """
                    esac
                    ;;
            esac
            return ret
        }

        if [[ $funcstack[1] == _gridctl ]]; then
            _gridctl "$@"
        else
            compdef _gridctl gridctl
        fi
        """
}

extension String {
    /// For an `_arguments` description: `[`, `]` and `\\` escaped.
    fileprivate var bracketEscaped: String {
        var out = ""
        for character in self {
            if character == "[" || character == "]" || character == "\\" { out.append("\\") }
            out.append(character)
        }
        return out
    }
}
