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
    codes=(${codes/$'\t'/:})
    _describe -t codes $1 codes
}

_gridctl() {
    local curcontext=$curcontext state state_descr line ret=1
    typeset -A opt_args
    local -a commands
    commands=(
        'submit:report an incident (from flags, or --file with a JSON report or JSON Lines of reports)'
        'drop:write a report into the spool, for the daemon to take now or when it next runs; prints the file name'
        'backup:a consistent copy of the live database (intake goes on), checked, with the database'\''s mode'
        'show:an incident and its timeline'
        'list:incidents, newest first, filtered'
        'mine:your to-do list: the open cases your units hold, red first; for an inspector the resolved cases to verify'
        'status:the daemon'\''s health and counts'
        'categories:the configured categories: code, name and major class'
        'units:the map'\''s units (district, street, community) with tier and parent; NAME or CODE narrows the list'
        'tail:the dispatch log: the last N matching lines, then with -f new ones until interrupted'
        'report:综合评价 evaluation report: rates, 超期, 综合指标 and 排名 with 环比, by territory or 责任单位'
        'help:this list, or one command'\''s usage, options and examples'
        'completion:the shell completion script for bash, zsh or fish (commands, options, values, codes)'
        'ack:受理: take the incident on'
        'resolve:处置完毕: handled, awaiting verification'
        'close:核查通过: verified and closed (reporting worker, inspector or operator)'
        'reopen:返工: verification failed, back to handling'
        'register:立案: take a waiting report on (operators); the policy and the case deadline are taken now'
        'reject:不予立案: do not take a waiting report on (operators)'
        'cancel:撤销: withdraw the case (operators)'
        'transfer:re-route the case to another cell or community (operators)'
        'note:a remark on the timeline'
        'escalate:主动上报: hand the case to the next tier (fresh windows; not 超期)'
        'supervise:督办: press the case (operators, or a unit above the holder); counted against the holder'
        'visit:回访 of a closed resident or hotline case (operators)'
        'extend:ask for 延期: the running window and the case deadline later by DURATION once approved'
        'defer:ask for 缓办: the timers pause once approved, until resume or TIME'
        'suspend:ask for 挂账: suspended once approved, until resume'
        'approve:approve the open request (an operator or a unit above the holder)'
        'deny:refuse the open request; the clocks ran meanwhile either way'
        'resume:a deferred or suspended case runs again with what was left'
    )
    _arguments -C \
        '--socket[the daemon'\''s socket (else $GRIDD_SOCKET, ./var/gridd.sock if yours, /run/gridd/gridd.sock)]:PATH:_files' \
        '--json[print JSON for scripts (English field names)]' \
        '--lang[the language of messages (else $GRIDCTL_LANG, then LC_ALL/LC_MESSAGES/LANG)]:zh|en:(zh en)' \
        '--color[colour lights and states: auto (on a terminal, unless NO_COLOR is set), always or never]:auto|always|never:(auto always never)' \
        '(-h --help)'{-h,--help}'[this help]' \
        '--version[print gridctl'\''s version]' \
        '1: :->command' \
        '*:: :->argument' && ret=0
    case $state in
        command) _describe -t commands 'gridctl command' commands && ret=0 ;;
        argument)
            curcontext=${curcontext%:*:*}:gridctl-$words[1]:
            case $words[1] in
                submit) _arguments \
                    '--category[the category: its code (4 digits), or its name or an unambiguous start of it (暴露垃圾)]:CODE:{_gridctl_codes categories}' \
                    '--priority[the priority]:urgent|normal|low:(urgent normal low)' \
                    '--lat[latitude (with --lon); the cell is looked up]:Y: ' \
                    '--lon[longitude (with --lat)]:X: ' \
                    '--cell[the grid cell code (15 digits)]:CODE: ' \
                    '--community[the community, when the cell is not known: its code (12 digits) or name (桃源社区)]:CODE:{_gridctl_codes units}' \
                    '--title[a short title]:T: ' \
                    '--description[what was seen]:D: ' \
                    '--address[the address as told]:A: ' \
                    '--key[an idempotency key: the same key is never created twice]:K: ' \
                    '--reporter-name[who reported it]:N: ' \
                    '--reporter-phone[the reporter'\''s phone (masked for those who may not see it)]:P: ' \
                    '--reported-at[when it was reported (RFC 3339), if not now]:RFC3339: ' \
                    '--channel[how it came in (default other); \[Intake\] Wait= channels wait as 待立案 for an operator'\''s register]:patrol|resident|hotline|department|other:(patrol resident hotline department other)' \
                    '--file[a report as JSON, or JSON Lines of reports (one per line), from FILE, or - for stdin; no other report flag]:FILE|-:_files' \
                    '--batch[with --file of JSON Lines: reports per request (default 500, gridd'\''s MaxBatch=)]:N: ' \
                    '--json[print JSON for scripts (English field names)]' \
                    '--lang[the language of messages (else $GRIDCTL_LANG, then LC_ALL/LC_MESSAGES/LANG)]:zh|en:(zh en)' \
                    '--color[colour lights and states: auto (on a terminal, unless NO_COLOR is set), always or never]:auto|always|never:(auto always never)' \
                    '(-h --help)'{-h,--help}'[this help]' \
                    && ret=0 ;;
                drop) _arguments \
                    '--category[the category code (4 digits; drop runs without the daemon, so no names)]:CODE:{_gridctl_codes categories}' \
                    '--priority[the priority]:urgent|normal|low:(urgent normal low)' \
                    '--lat[latitude (with --lon); the cell is looked up]:Y: ' \
                    '--lon[longitude (with --lat)]:X: ' \
                    '--cell[the grid cell code (15 digits)]:CODE: ' \
                    '--community[the community code (12 digits), when the cell is not known]:CODE:{_gridctl_codes units}' \
                    '--title[a short title]:T: ' \
                    '--description[what was seen]:D: ' \
                    '--address[the address as told]:A: ' \
                    '--key[an idempotency key: the same key is never created twice]:K: ' \
                    '--reporter-name[who reported it]:N: ' \
                    '--reporter-phone[the reporter'\''s phone (masked for those who may not see it)]:P: ' \
                    '--reported-at[when it was reported (RFC 3339), if not now]:RFC3339: ' \
                    '--channel[how it came in (default other); \[Intake\] Wait= channels wait as 待立案 for an operator'\''s register]:patrol|resident|hotline|department|other:(patrol resident hotline department other)' \
                    '--file[a report as JSON, or JSON Lines of reports (one per line), from FILE, or - for stdin; no other report flag]:FILE|-:_files' \
                    '--spool[the spool (else $GRIDD_SPOOL, ./var/spool if yours, /var/lib/gridd/spool)]:DIR:_files -/' \
                    '--json[print JSON for scripts (English field names)]' \
                    '--lang[the language of messages (else $GRIDCTL_LANG, then LC_ALL/LC_MESSAGES/LANG)]:zh|en:(zh en)' \
                    '--color[colour lights and states: auto (on a terminal, unless NO_COLOR is set), always or never]:auto|always|never:(auto always never)' \
                    '(-h --help)'{-h,--help}'[this help]' \
                    && ret=0 ;;
                backup) _arguments \
                    '--database[the database to copy (else the one the running daemon names)]:PATH:_files' \
                    '--json[print JSON for scripts (English field names)]' \
                    '--lang[the language of messages (else $GRIDCTL_LANG, then LC_ALL/LC_MESSAGES/LANG)]:zh|en:(zh en)' \
                    '--color[colour lights and states: auto (on a terminal, unless NO_COLOR is set), always or never]:auto|always|never:(auto always never)' \
                    '(-h --help)'{-h,--help}'[this help]' \
                    && ret=0 ;;
                show) _arguments \
                    '--json[print JSON for scripts (English field names)]' \
                    '--lang[the language of messages (else $GRIDCTL_LANG, then LC_ALL/LC_MESSAGES/LANG)]:zh|en:(zh en)' \
                    '--color[colour lights and states: auto (on a terminal, unless NO_COLOR is set), always or never]:auto|always|never:(auto always never)' \
                    '(-h --help)'{-h,--help}'[this help]' \
                    && ret=0 ;;
                list) _arguments \
                    '--state[only this state (reported, dispatched, acknowledged, resolved, closed, …)]:STATE:(reported dispatched acknowledged resolved closed cancelled deferred rejected suspended)' \
                    '--tier[only this tier (community, street, district, city)]:TIER:(community street district city)' \
                    '--unit[only this unit and the units under it: a code (6, 9 or 12 digits) or a name (清河街道)]:CODE:{_gridctl_codes units}' \
                    '--category[the category: its code (4 digits), or its name or an unambiguous start of it (暴露垃圾)]:CODE:{_gridctl_codes categories}' \
                    '--overdue[the 超期 (督办) list: every red case at any tier]' \
                    '--near-deadline[every yellow case (a window or the case deadline near its end)]' \
                    '--requests[open 延期/缓办/挂账 requests you may decide]' \
                    '--to-visit[closed resident/hotline cases owed a 回访]' \
                    '--limit[at most N]:N: ' \
                    '--before[only incidents numbered below ID (the next page)]:ID: ' \
                    '--mine[your to-do list (as gridctl mine); only --limit goes with it]' \
                    '--json[print JSON for scripts (English field names)]' \
                    '--lang[the language of messages (else $GRIDCTL_LANG, then LC_ALL/LC_MESSAGES/LANG)]:zh|en:(zh en)' \
                    '--color[colour lights and states: auto (on a terminal, unless NO_COLOR is set), always or never]:auto|always|never:(auto always never)' \
                    '(-h --help)'{-h,--help}'[this help]' \
                    && ret=0 ;;
                mine) _arguments \
                    '--limit[at most N]:N: ' \
                    '--json[print JSON for scripts (English field names)]' \
                    '--lang[the language of messages (else $GRIDCTL_LANG, then LC_ALL/LC_MESSAGES/LANG)]:zh|en:(zh en)' \
                    '--color[colour lights and states: auto (on a terminal, unless NO_COLOR is set), always or never]:auto|always|never:(auto always never)' \
                    '(-h --help)'{-h,--help}'[this help]' \
                    && ret=0 ;;
                status) _arguments \
                    '--json[print JSON for scripts (English field names)]' \
                    '--lang[the language of messages (else $GRIDCTL_LANG, then LC_ALL/LC_MESSAGES/LANG)]:zh|en:(zh en)' \
                    '--color[colour lights and states: auto (on a terminal, unless NO_COLOR is set), always or never]:auto|always|never:(auto always never)' \
                    '(-h --help)'{-h,--help}'[this help]' \
                    && ret=0 ;;
                categories) _arguments \
                    '--codes[print CODE<TAB>NAME lines, for scripts and the shell completions]' \
                    '--json[print JSON for scripts (English field names)]' \
                    '--lang[the language of messages (else $GRIDCTL_LANG, then LC_ALL/LC_MESSAGES/LANG)]:zh|en:(zh en)' \
                    '--color[colour lights and states: auto (on a terminal, unless NO_COLOR is set), always or never]:auto|always|never:(auto always never)' \
                    '(-h --help)'{-h,--help}'[this help]' \
                    && ret=0 ;;
                units) _arguments \
                    '--codes[print CODE<TAB>NAME lines, for scripts and the shell completions]' \
                    '--json[print JSON for scripts (English field names)]' \
                    '--lang[the language of messages (else $GRIDCTL_LANG, then LC_ALL/LC_MESSAGES/LANG)]:zh|en:(zh en)' \
                    '--color[colour lights and states: auto (on a terminal, unless NO_COLOR is set), always or never]:auto|always|never:(auto always never)' \
                    '(-h --help)'{-h,--help}'[this help]' \
                    '::argument:{_gridctl_codes units}' \
                    && ret=0 ;;
                tail) _arguments \
                    '(-f --follow)'{-f,--follow}'[keep following new lines until interrupted]' \
                    '(-n --lines)'{-n,--lines}'[the last N matching lines first (default 10)]:N: ' \
                    '--unit[only this unit and the units under it: a code (6, 9 or 12 digits) or a name (清河街道)]:CODE:{_gridctl_codes units}' \
                    '--tier[only this tier (community, street, district, city)]:TIER:(community street district city)' \
                    '--category[the category: its code (4 digits), or its name or an unambiguous start of it (暴露垃圾)]:CODE:{_gridctl_codes categories}' \
                    '--level[this level and above: debug, info, notice, warning, error]:LEVEL:(debug info notice warning error)' \
                    '--json[print JSON for scripts (English field names)]' \
                    '--lang[the language of messages (else $GRIDCTL_LANG, then LC_ALL/LC_MESSAGES/LANG)]:zh|en:(zh en)' \
                    '--color[colour lights and states: auto (on a terminal, unless NO_COLOR is set), always or never]:auto|always|never:(auto always never)' \
                    '(-h --help)'{-h,--help}'[this help]' \
                    && ret=0 ;;
                report) _arguments \
                    '--unit[only this unit and the units under it: a code (6, 9 or 12 digits) or a name (清河街道)]:CODE:{_gridctl_codes units}' \
                    '--category[the category: its code (4 digits), or its name or an unambiguous start of it (暴露垃圾)]:CODE:{_gridctl_codes categories}' \
                    '--from[the first day (local date; default the start of this month)]:DATE: ' \
                    '--to[the last day, inclusive (local date)]:DATE: ' \
                    '--by[the rows: by community, street or district]:community|street|district:(community street district)' \
                    '--view[rows by territory (where cases happened) or by 责任单位 (who held their windows)]:territory|unit:(territory unit)' \
                    '--format[table for a terminal, csv (with a BOM, for Excel), json, or html (a self-contained page in Chinese, printable)]:table|csv|json|html:(table csv json html)' \
                    '--output[write to FILE instead of stdout; its extension says the format (.html .htm .csv .json .txt), any other is refused]:FILE:_files' \
                    '--register-limit[at most N rows in the 超期 (督办) list]:N: ' \
                    '--json[print JSON for scripts (English field names)]' \
                    '--lang[the language of messages (else $GRIDCTL_LANG, then LC_ALL/LC_MESSAGES/LANG)]:zh|en:(zh en)' \
                    '--color[colour lights and states: auto (on a terminal, unless NO_COLOR is set), always or never]:auto|always|never:(auto always never)' \
                    '(-h --help)'{-h,--help}'[this help]' \
                    && ret=0 ;;
                help) _arguments \
                    '--man[print the man page gridctl(1) in roff (what man/gridctl.1 holds)]' \
                    '--json[print JSON for scripts (English field names)]' \
                    '--lang[the language of messages (else $GRIDCTL_LANG, then LC_ALL/LC_MESSAGES/LANG)]:zh|en:(zh en)' \
                    '--color[colour lights and states: auto (on a terminal, unless NO_COLOR is set), always or never]:auto|always|never:(auto always never)' \
                    '(-h --help)'{-h,--help}'[this help]' \
                    '::argument:{_describe -t commands command commands}' \
                    && ret=0 ;;
                completion) _arguments \
                    '--json[print JSON for scripts (English field names)]' \
                    '--lang[the language of messages (else $GRIDCTL_LANG, then LC_ALL/LC_MESSAGES/LANG)]:zh|en:(zh en)' \
                    '--color[colour lights and states: auto (on a terminal, unless NO_COLOR is set), always or never]:auto|always|never:(auto always never)' \
                    '(-h --help)'{-h,--help}'[this help]' \
                    ':argument:(bash zsh fish)' \
                    && ret=0 ;;
                ack) _arguments \
                    '--note[a remark, kept on the timeline]:TEXT: ' \
                    '--json[print JSON for scripts (English field names)]' \
                    '--lang[the language of messages (else $GRIDCTL_LANG, then LC_ALL/LC_MESSAGES/LANG)]:zh|en:(zh en)' \
                    '--color[colour lights and states: auto (on a terminal, unless NO_COLOR is set), always or never]:auto|always|never:(auto always never)' \
                    '(-h --help)'{-h,--help}'[this help]' \
                    && ret=0 ;;
                resolve) _arguments \
                    '--note[a remark, kept on the timeline]:TEXT: ' \
                    '--json[print JSON for scripts (English field names)]' \
                    '--lang[the language of messages (else $GRIDCTL_LANG, then LC_ALL/LC_MESSAGES/LANG)]:zh|en:(zh en)' \
                    '--color[colour lights and states: auto (on a terminal, unless NO_COLOR is set), always or never]:auto|always|never:(auto always never)' \
                    '(-h --help)'{-h,--help}'[this help]' \
                    && ret=0 ;;
                close) _arguments \
                    '--note[a remark, kept on the timeline]:TEXT: ' \
                    '--json[print JSON for scripts (English field names)]' \
                    '--lang[the language of messages (else $GRIDCTL_LANG, then LC_ALL/LC_MESSAGES/LANG)]:zh|en:(zh en)' \
                    '--color[colour lights and states: auto (on a terminal, unless NO_COLOR is set), always or never]:auto|always|never:(auto always never)' \
                    '(-h --help)'{-h,--help}'[this help]' \
                    && ret=0 ;;
                reopen) _arguments \
                    '--note[a remark, kept on the timeline]:TEXT: ' \
                    '--json[print JSON for scripts (English field names)]' \
                    '--lang[the language of messages (else $GRIDCTL_LANG, then LC_ALL/LC_MESSAGES/LANG)]:zh|en:(zh en)' \
                    '--color[colour lights and states: auto (on a terminal, unless NO_COLOR is set), always or never]:auto|always|never:(auto always never)' \
                    '(-h --help)'{-h,--help}'[this help]' \
                    && ret=0 ;;
                register) _arguments \
                    '--category[correct the category at 立案]:CODE:{_gridctl_codes categories}' \
                    '--priority[correct the priority at 立案]:urgent|normal|low:(urgent normal low)' \
                    '--note[a remark, kept on the timeline]:TEXT: ' \
                    '--json[print JSON for scripts (English field names)]' \
                    '--lang[the language of messages (else $GRIDCTL_LANG, then LC_ALL/LC_MESSAGES/LANG)]:zh|en:(zh en)' \
                    '--color[colour lights and states: auto (on a terminal, unless NO_COLOR is set), always or never]:auto|always|never:(auto always never)' \
                    '(-h --help)'{-h,--help}'[this help]' \
                    && ret=0 ;;
                reject) _arguments \
                    '--note[the reason (required), kept on the timeline]:REASON: ' \
                    '--json[print JSON for scripts (English field names)]' \
                    '--lang[the language of messages (else $GRIDCTL_LANG, then LC_ALL/LC_MESSAGES/LANG)]:zh|en:(zh en)' \
                    '--color[colour lights and states: auto (on a terminal, unless NO_COLOR is set), always or never]:auto|always|never:(auto always never)' \
                    '(-h --help)'{-h,--help}'[this help]' \
                    && ret=0 ;;
                cancel) _arguments \
                    '--note[the reason (required), kept on the timeline]:REASON: ' \
                    '--json[print JSON for scripts (English field names)]' \
                    '--lang[the language of messages (else $GRIDCTL_LANG, then LC_ALL/LC_MESSAGES/LANG)]:zh|en:(zh en)' \
                    '--color[colour lights and states: auto (on a terminal, unless NO_COLOR is set), always or never]:auto|always|never:(auto always never)' \
                    '(-h --help)'{-h,--help}'[this help]' \
                    && ret=0 ;;
                transfer) _arguments \
                    '--to[the cell or community to route the case to]:CELL|COMMUNITY: ' \
                    '--note[a remark, kept on the timeline]:TEXT: ' \
                    '--json[print JSON for scripts (English field names)]' \
                    '--lang[the language of messages (else $GRIDCTL_LANG, then LC_ALL/LC_MESSAGES/LANG)]:zh|en:(zh en)' \
                    '--color[colour lights and states: auto (on a terminal, unless NO_COLOR is set), always or never]:auto|always|never:(auto always never)' \
                    '(-h --help)'{-h,--help}'[this help]' \
                    && ret=0 ;;
                note) _arguments \
                    '--note[a remark, kept on the timeline]:TEXT: ' \
                    '--json[print JSON for scripts (English field names)]' \
                    '--lang[the language of messages (else $GRIDCTL_LANG, then LC_ALL/LC_MESSAGES/LANG)]:zh|en:(zh en)' \
                    '--color[colour lights and states: auto (on a terminal, unless NO_COLOR is set), always or never]:auto|always|never:(auto always never)' \
                    '(-h --help)'{-h,--help}'[this help]' \
                    && ret=0 ;;
                escalate) _arguments \
                    '--note[the reason (required), kept on the timeline]:REASON: ' \
                    '--json[print JSON for scripts (English field names)]' \
                    '--lang[the language of messages (else $GRIDCTL_LANG, then LC_ALL/LC_MESSAGES/LANG)]:zh|en:(zh en)' \
                    '--color[colour lights and states: auto (on a terminal, unless NO_COLOR is set), always or never]:auto|always|never:(auto always never)' \
                    '(-h --help)'{-h,--help}'[this help]' \
                    && ret=0 ;;
                supervise) _arguments \
                    '--note[the reason (required), kept on the timeline]:REASON: ' \
                    '--json[print JSON for scripts (English field names)]' \
                    '--lang[the language of messages (else $GRIDCTL_LANG, then LC_ALL/LC_MESSAGES/LANG)]:zh|en:(zh en)' \
                    '--color[colour lights and states: auto (on a terminal, unless NO_COLOR is set), always or never]:auto|always|never:(auto always never)' \
                    '(-h --help)'{-h,--help}'[this help]' \
                    && ret=0 ;;
                visit) _arguments \
                    '--result[the resident'\''s answer: satisfied 满意, basic 基本满意, unsatisfied 不满意]:satisfied|basic|unsatisfied:(satisfied basic unsatisfied)' \
                    '--note[a remark, kept on the timeline]:TEXT: ' \
                    '--json[print JSON for scripts (English field names)]' \
                    '--lang[the language of messages (else $GRIDCTL_LANG, then LC_ALL/LC_MESSAGES/LANG)]:zh|en:(zh en)' \
                    '--color[colour lights and states: auto (on a terminal, unless NO_COLOR is set), always or never]:auto|always|never:(auto always never)' \
                    '(-h --help)'{-h,--help}'[this help]' \
                    && ret=0 ;;
                extend) _arguments \
                    '--by[how much later: working days (2wd), hours (4h), days (3d)]:DURATION: ' \
                    '--note[the reason (required), kept on the timeline]:REASON: ' \
                    '--json[print JSON for scripts (English field names)]' \
                    '--lang[the language of messages (else $GRIDCTL_LANG, then LC_ALL/LC_MESSAGES/LANG)]:zh|en:(zh en)' \
                    '--color[colour lights and states: auto (on a terminal, unless NO_COLOR is set), always or never]:auto|always|never:(auto always never)' \
                    '(-h --help)'{-h,--help}'[this help]' \
                    && ret=0 ;;
                defer) _arguments \
                    '--note[the reason (required), kept on the timeline]:REASON: ' \
                    '--until[resume by itself at TIME (RFC 3339)]:TIME: ' \
                    '--json[print JSON for scripts (English field names)]' \
                    '--lang[the language of messages (else $GRIDCTL_LANG, then LC_ALL/LC_MESSAGES/LANG)]:zh|en:(zh en)' \
                    '--color[colour lights and states: auto (on a terminal, unless NO_COLOR is set), always or never]:auto|always|never:(auto always never)' \
                    '(-h --help)'{-h,--help}'[this help]' \
                    && ret=0 ;;
                suspend) _arguments \
                    '--note[the reason (required), kept on the timeline]:REASON: ' \
                    '--json[print JSON for scripts (English field names)]' \
                    '--lang[the language of messages (else $GRIDCTL_LANG, then LC_ALL/LC_MESSAGES/LANG)]:zh|en:(zh en)' \
                    '--color[colour lights and states: auto (on a terminal, unless NO_COLOR is set), always or never]:auto|always|never:(auto always never)' \
                    '(-h --help)'{-h,--help}'[this help]' \
                    && ret=0 ;;
                approve) _arguments \
                    '--note[a remark, kept on the timeline]:TEXT: ' \
                    '--json[print JSON for scripts (English field names)]' \
                    '--lang[the language of messages (else $GRIDCTL_LANG, then LC_ALL/LC_MESSAGES/LANG)]:zh|en:(zh en)' \
                    '--color[colour lights and states: auto (on a terminal, unless NO_COLOR is set), always or never]:auto|always|never:(auto always never)' \
                    '(-h --help)'{-h,--help}'[this help]' \
                    && ret=0 ;;
                deny) _arguments \
                    '--note[the reason (required), kept on the timeline]:REASON: ' \
                    '--json[print JSON for scripts (English field names)]' \
                    '--lang[the language of messages (else $GRIDCTL_LANG, then LC_ALL/LC_MESSAGES/LANG)]:zh|en:(zh en)' \
                    '--color[colour lights and states: auto (on a terminal, unless NO_COLOR is set), always or never]:auto|always|never:(auto always never)' \
                    '(-h --help)'{-h,--help}'[this help]' \
                    && ret=0 ;;
                resume) _arguments \
                    '--note[a remark, kept on the timeline]:TEXT: ' \
                    '--json[print JSON for scripts (English field names)]' \
                    '--lang[the language of messages (else $GRIDCTL_LANG, then LC_ALL/LC_MESSAGES/LANG)]:zh|en:(zh en)' \
                    '--color[colour lights and states: auto (on a terminal, unless NO_COLOR is set), always or never]:auto|always|never:(auto always never)' \
                    '(-h --help)'{-h,--help}'[this help]' \
                    && ret=0 ;;
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
