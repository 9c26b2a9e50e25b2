# bash completion for gridctl: commands, options, their values, category and unit codes.
# Generated from gridctl's command table by `gridctl completion bash`; do not edit
# (scripts/generate-docs.sh). Install: /usr/share/bash-completion/completions/gridctl, or
# `source <(gridctl completion bash)` in ~/.bashrc.

# The codes of `gridctl categories|units --codes` (CODE<TAB>NAME lines): asked of the
# daemon at completion time; nothing when it is not running.
_gridctl_codes() {
    local line
    while IFS= read -r line; do
        printf '%s\n' "${line%%$'\t'*}"
    done < <(command gridctl "$1" --codes 2>/dev/null)
}

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
            --socket|--lang|--color) ((i++)) ;;
            -*) ;;
            *) command=${COMP_WORDS[i]}; break ;;
        esac
    done
    case "$command $prev" in
        " --socket"|"submit --file"|"drop --file"|"backup --database"|"report --output")
            COMPREPLY=($(compgen -f -- "$cur")); compopt -o filenames 2>/dev/null; return
            ;;
        " --lang"|"submit --lang"|"drop --lang"|"backup --lang"|"show --lang"|"list --lang"|"mine --lang"|"status --lang"|"categories --lang"|"units --lang"|"tail --lang"|"report --lang"|"help --lang"|"completion --lang"|"ack --lang"|"resolve --lang"|"close --lang"|"reopen --lang"|"register --lang"|"reject --lang"|"cancel --lang"|"transfer --lang"|"note --lang"|"escalate --lang"|"supervise --lang"|"visit --lang"|"extend --lang"|"defer --lang"|"suspend --lang"|"approve --lang"|"deny --lang"|"resume --lang")
            COMPREPLY=($(compgen -W "zh en" -- "$cur")); return
            ;;
        " --color"|"submit --color"|"drop --color"|"backup --color"|"show --color"|"list --color"|"mine --color"|"status --color"|"categories --color"|"units --color"|"tail --color"|"report --color"|"help --color"|"completion --color"|"ack --color"|"resolve --color"|"close --color"|"reopen --color"|"register --color"|"reject --color"|"cancel --color"|"transfer --color"|"note --color"|"escalate --color"|"supervise --color"|"visit --color"|"extend --color"|"defer --color"|"suspend --color"|"approve --color"|"deny --color"|"resume --color")
            COMPREPLY=($(compgen -W "auto always never" -- "$cur")); return
            ;;
        "submit --category"|"drop --category"|"list --category"|"tail --category"|"report --category"|"register --category")
            COMPREPLY=($(compgen -W "$(_gridctl_codes categories)" -- "$cur")); return
            ;;
        "submit --priority"|"drop --priority"|"register --priority")
            COMPREPLY=($(compgen -W "urgent normal low" -- "$cur")); return
            ;;
        "submit --lat"|"submit --lon"|"submit --cell"|"submit --title"|"submit --description"|"submit --address"|"submit --key"|"submit --reporter-name"|"submit --reporter-phone"|"submit --reported-at"|"submit --batch"|"drop --lat"|"drop --lon"|"drop --cell"|"drop --title"|"drop --description"|"drop --address"|"drop --key"|"drop --reporter-name"|"drop --reporter-phone"|"drop --reported-at"|"list --limit"|"list --before"|"mine --limit"|"tail -n"|"tail --lines"|"report --from"|"report --to"|"report --register-limit"|"ack --note"|"resolve --note"|"close --note"|"reopen --note"|"register --note"|"reject --note"|"cancel --note"|"transfer --to"|"transfer --note"|"note --note"|"escalate --note"|"supervise --note"|"visit --note"|"extend --by"|"extend --note"|"defer --note"|"defer --until"|"suspend --note"|"approve --note"|"deny --note"|"resume --note")
            return
            ;;
        "submit --community"|"drop --community"|"list --unit"|"tail --unit"|"report --unit")
            COMPREPLY=($(compgen -W "$(_gridctl_codes units)" -- "$cur")); return
            ;;
        "submit --channel"|"drop --channel")
            COMPREPLY=($(compgen -W "patrol resident hotline department other" -- "$cur")); return
            ;;
        "drop --spool")
            COMPREPLY=($(compgen -d -- "$cur")); compopt -o filenames 2>/dev/null; return
            ;;
        "list --state")
            COMPREPLY=($(compgen -W "reported dispatched acknowledged resolved closed cancelled deferred rejected suspended" -- "$cur")); return
            ;;
        "list --tier"|"tail --tier")
            COMPREPLY=($(compgen -W "community street district city" -- "$cur")); return
            ;;
        "tail --level")
            COMPREPLY=($(compgen -W "debug info notice warning error" -- "$cur")); return
            ;;
        "report --by")
            COMPREPLY=($(compgen -W "community street district" -- "$cur")); return
            ;;
        "report --view")
            COMPREPLY=($(compgen -W "territory unit" -- "$cur")); return
            ;;
        "report --format")
            COMPREPLY=($(compgen -W "table csv json html" -- "$cur")); return
            ;;
        "visit --result")
            COMPREPLY=($(compgen -W "satisfied basic unsatisfied" -- "$cur")); return
            ;;
    esac
    case $command in
        "")
            if [[ $cur == -* ]]; then words="--socket --json --lang --color -h --help --version"
            else words="submit drop backup show list mine status categories units tail report help completion ack resolve close reopen register reject cancel transfer note escalate supervise visit extend defer suspend approve deny resume"; fi
            ;;
        submit)
            if [[ $cur == -* ]]; then words="--category --priority --lat --lon --cell --community --title --description --address --key --reporter-name --reporter-phone --reported-at --channel --file --batch --json --lang --color -h --help"
            else return; fi
            ;;
        drop)
            if [[ $cur == -* ]]; then words="--category --priority --lat --lon --cell --community --title --description --address --key --reporter-name --reporter-phone --reported-at --channel --file --spool --json --lang --color -h --help"
            else return; fi
            ;;
        backup)
            if [[ $cur == -* ]]; then words="--database --json --lang --color -h --help"
            else return; fi
            ;;
        show)
            if [[ $cur == -* ]]; then words="--json --lang --color -h --help"
            else return; fi
            ;;
        list)
            if [[ $cur == -* ]]; then words="--state --tier --unit --category --overdue --near-deadline --requests --to-visit --limit --before --mine --json --lang --color -h --help"
            else return; fi
            ;;
        mine)
            if [[ $cur == -* ]]; then words="--limit --json --lang --color -h --help"
            else return; fi
            ;;
        status)
            if [[ $cur == -* ]]; then words="--json --lang --color -h --help"
            else return; fi
            ;;
        categories)
            if [[ $cur == -* ]]; then words="--codes --json --lang --color -h --help"
            else return; fi
            ;;
        units)
            if [[ $cur == -* ]]; then words="--codes --json --lang --color -h --help"
            else COMPREPLY=($(compgen -W "$(_gridctl_codes units)" -- "$cur")); return; fi
            ;;
        tail)
            if [[ $cur == -* ]]; then words="-f --follow -n --lines --unit --tier --category --level --json --lang --color -h --help"
            else return; fi
            ;;
        report)
            if [[ $cur == -* ]]; then words="--unit --category --from --to --by --view --format --output --register-limit --json --lang --color -h --help"
            else return; fi
            ;;
        help)
            if [[ $cur == -* ]]; then words="--man --json --lang --color -h --help"
            else COMPREPLY=($(compgen -W "submit drop backup show list mine status categories units tail report help completion ack resolve close reopen register reject cancel transfer note escalate supervise visit extend defer suspend approve deny resume" -- "$cur")); return; fi
            ;;
        completion)
            if [[ $cur == -* ]]; then words="--json --lang --color -h --help"
            else COMPREPLY=($(compgen -W "bash zsh fish" -- "$cur")); return; fi
            ;;
        ack)
            if [[ $cur == -* ]]; then words="--note --json --lang --color -h --help"
            else return; fi
            ;;
        resolve)
            if [[ $cur == -* ]]; then words="--note --json --lang --color -h --help"
            else return; fi
            ;;
        close)
            if [[ $cur == -* ]]; then words="--note --json --lang --color -h --help"
            else return; fi
            ;;
        reopen)
            if [[ $cur == -* ]]; then words="--note --json --lang --color -h --help"
            else return; fi
            ;;
        register)
            if [[ $cur == -* ]]; then words="--category --priority --note --json --lang --color -h --help"
            else return; fi
            ;;
        reject)
            if [[ $cur == -* ]]; then words="--note --json --lang --color -h --help"
            else return; fi
            ;;
        cancel)
            if [[ $cur == -* ]]; then words="--note --json --lang --color -h --help"
            else return; fi
            ;;
        transfer)
            if [[ $cur == -* ]]; then words="--to --note --json --lang --color -h --help"
            else return; fi
            ;;
        note)
            if [[ $cur == -* ]]; then words="--note --json --lang --color -h --help"
            else return; fi
            ;;
        escalate)
            if [[ $cur == -* ]]; then words="--note --json --lang --color -h --help"
            else return; fi
            ;;
        supervise)
            if [[ $cur == -* ]]; then words="--note --json --lang --color -h --help"
            else return; fi
            ;;
        visit)
            if [[ $cur == -* ]]; then words="--result --note --json --lang --color -h --help"
            else return; fi
            ;;
        extend)
            if [[ $cur == -* ]]; then words="--by --note --json --lang --color -h --help"
            else return; fi
            ;;
        defer)
            if [[ $cur == -* ]]; then words="--note --until --json --lang --color -h --help"
            else return; fi
            ;;
        suspend)
            if [[ $cur == -* ]]; then words="--note --json --lang --color -h --help"
            else return; fi
            ;;
        approve)
            if [[ $cur == -* ]]; then words="--note --json --lang --color -h --help"
            else return; fi
            ;;
        deny)
            if [[ $cur == -* ]]; then words="--note --json --lang --color -h --help"
            else return; fi
            ;;
        resume)
            if [[ $cur == -* ]]; then words="--note --json --lang --color -h --help"
            else return; fi
            ;;
        *) return ;;
    esac
    COMPREPLY=($(compgen -W "$words" -- "$cur"))
}

complete -F _gridctl gridctl
