/// The bash completion script (`gridctl completion bash`): `_gridctl`, which finds the command
/// on the line, completes an option's value from its declaration, else the command's options
/// (after `-`) or its argument, else the commands. Rendered from `CommandTable` by `Completion`.
enum BashCompletion {
    static func script() -> String {
        var lines = [header, functionStart]
        lines += valueCases().map { "        " + $0 }
        lines += ["    esac", "    case $command in"]
        lines += commandCases().map { "        " + $0 }
        lines += [functionEnd]
        return lines.joined(separator: "\n") + "\n"
    }

    /// `case "$command $prev"`: one arm per kind of value, listing every option that takes it.
    static func valueCases() -> [String] {
        var arms: [Completion.Values: [String]] = [:]
        var order: [Completion.Values] = []
        func add(_ pattern: String, _ values: Completion.Values) {
            if arms[values] == nil { order.append(values) }
            arms[values, default: []].append(pattern)
        }
        for option in Completion.globalValueOptions {
            for spelling in option.spellings { add("\" \(spelling)\"", Completion.values(for: option)) }
        }
        for spec in CommandTable.all {
            for option in spec.options where option.valueName != nil {
                for spelling in option.spellings { add("\"\(spec.name) \(spelling)\"", Completion.values(for: option)) }
            }
        }
        return order.map { values in
            arms[values, default: []].joined(separator: "|") + ")\n            " + action(values) + "\n            ;;"
        }
    }

    /// `case $command`: the options after `-`, else what the argument takes.
    static func commandCases() -> [String] {
        var arms = [
            "\"\")",
            "    if [[ $cur == -* ]]; then words=\"\(Completion.spellings(CommandTable.globalOptions).joined(separator: " "))\"",
            "    else words=\"\(CommandTable.names.joined(separator: " "))\"; fi",
            "    ;;",
        ]
        for spec in CommandTable.all {
            let argument = Completion.argumentValues(spec)
            arms += [
                "\(spec.name))",
                "    if [[ $cur == -* ]]; then words=\"\(Completion.spellings(spec.options).joined(separator: " "))\"",
                "    else " + action(argument) + "; fi",
                "    ;;",
            ]
        }
        return arms + ["*) return ;;"]
    }

    /// The shell code that fills `COMPREPLY` for `values` and returns.
    static func action(_ values: Completion.Values) -> String {
        switch values {
        case .none: return "return"
        case .words(let words): return reply("\"\(words.joined(separator: " "))\"")
        case .files: return "COMPREPLY=($(compgen -f -- \"$cur\")); compopt -o filenames 2>/dev/null; return"
        case .directories: return "COMPREPLY=($(compgen -d -- \"$cur\")); compopt -o filenames 2>/dev/null; return"
        case .categories: return reply("\"$(_gridctl_codes categories)\"")
        case .units: return reply("\"$(_gridctl_codes units)\"")
        case .commands: return reply("\"\(CommandTable.names.joined(separator: " "))\"")
        }
    }

    static func reply(_ wordList: String) -> String { "COMPREPLY=($(compgen -W \(wordList) -- \"$cur\")); return" }

    static let header = """
        # bash completion for gridctl: commands, options, their values, category and unit codes.
        # Generated from gridctl's command table by `gridctl completion bash`; do not edit
        # (scripts/generate-docs.sh). Install: /usr/share/bash-completion/completions/gridctl, or
        # `source <(gridctl completion bash)` in ~/.bashrc.

        # The codes of `gridctl categories|units --codes` (CODE<TAB>NAME lines): asked of the
        # daemon at completion time; nothing when it is not running.
        _gridctl_codes() {
            local line
            while IFS= read -r line; do
                printf '%s\\n' "${line%%$'\\t'*}"
            done < <(command gridctl "$1" --codes 2>/dev/null)
        }

        """

    static let functionStart = """
        _gridctl() {
            local cur=${COMP_WORDS[COMP_CWORD]} prev=""
            ((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
            # --flag=value: bash splits at the =.
            if [[ $cur == = ]]; then
                cur=""
            elif [[ $prev == = ]] && ((COMP_CWORD > 1)); then
                prev=${COMP_WORDS[COMP_CWORD - 2]}
            fi
            local i command="" words=""
            COMPREPLY=()
            for ((i = 1; i < COMP_CWORD; i++)); do
                case ${COMP_WORDS[i]} in
                    \(globalSkipPattern)) ((i++)) ;;
                    -*) ;;
                    *) command=${COMP_WORDS[i]}; break ;;
                esac
            done
            case "$command $prev" in
        """

    static let functionEnd = """
            esac
            COMPREPLY=($(compgen -W "$words" -- "$cur"))
        }

        complete -F _gridctl gridctl
        """

    /// The global options that take a value: their value is not the command.
    static var globalSkipPattern: String {
        Completion.spellings(Completion.globalValueOptions).joined(separator: "|")
    }
}
