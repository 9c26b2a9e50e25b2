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
            case --socket --lang --color
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
complete -c gridctl -n 'not __gridctl_command' -l socket -r -F -d 'the daemon\'s socket (else $GRIDD_SOCKET, ./var/gridd.sock if yours, /run/gridd/gridd.sock)'
complete -c gridctl -n 'not __gridctl_command' -l json -d 'print JSON for scripts (English field names)'
complete -c gridctl -n 'not __gridctl_command' -l lang -x -a 'zh en' -d 'the language of messages (else $GRIDCTL_LANG, then LC_ALL/LC_MESSAGES/LANG)'
complete -c gridctl -n 'not __gridctl_command' -l color -x -a 'auto always never' -d 'colour lights and states: auto (on a terminal, unless NO_COLOR is set), always or never'
complete -c gridctl -n 'not __gridctl_command' -s h -l help -d 'this help'
complete -c gridctl -n 'not __gridctl_command' -l version -d 'print gridctl\'s version'
complete -c gridctl -n 'not __gridctl_command' -a submit -d 'report an incident (from flags, or --file with a JSON report or JSON Lines of reports)'
complete -c gridctl -n 'not __gridctl_command' -a drop -d 'write a report into the spool, for the daemon to take now or when it next runs; prints the file name'
complete -c gridctl -n 'not __gridctl_command' -a backup -d 'a consistent copy of the live database (intake goes on), checked, with the database\'s mode'
complete -c gridctl -n 'not __gridctl_command' -a show -d 'an incident and its timeline'
complete -c gridctl -n 'not __gridctl_command' -a list -d 'incidents, newest first, filtered'
complete -c gridctl -n 'not __gridctl_command' -a mine -d 'your to-do list: the open cases your units hold, red first; for an inspector the resolved cases to verify'
complete -c gridctl -n 'not __gridctl_command' -a status -d 'the daemon\'s health and counts'
complete -c gridctl -n 'not __gridctl_command' -a categories -d 'the configured categories: code, name and major class'
complete -c gridctl -n 'not __gridctl_command' -a units -d 'the map\'s units (district, street, community) with tier and parent; NAME or CODE narrows the list'
complete -c gridctl -n 'not __gridctl_command' -a tail -d 'the dispatch log: the last N matching lines, then with -f new ones until interrupted'
complete -c gridctl -n 'not __gridctl_command' -a report -d '综合评价 evaluation report: rates, 超期, 综合指标 and 排名 with 环比, by territory or 责任单位'
complete -c gridctl -n 'not __gridctl_command' -a help -d 'this list, or one command\'s usage, options and examples'
complete -c gridctl -n 'not __gridctl_command' -a completion -d 'the shell completion script for bash, zsh or fish (commands, options, values, codes)'
complete -c gridctl -n 'not __gridctl_command' -a ack -d '受理: take the incident on'
complete -c gridctl -n 'not __gridctl_command' -a resolve -d '处置完毕: handled, awaiting verification'
complete -c gridctl -n 'not __gridctl_command' -a close -d '核查通过: verified and closed (reporting worker, inspector or operator)'
complete -c gridctl -n 'not __gridctl_command' -a reopen -d '返工: verification failed, back to handling'
complete -c gridctl -n 'not __gridctl_command' -a register -d '立案: take a waiting report on (operators); the policy and the case deadline are taken now'
complete -c gridctl -n 'not __gridctl_command' -a reject -d '不予立案: do not take a waiting report on (operators)'
complete -c gridctl -n 'not __gridctl_command' -a cancel -d '撤销: withdraw the case (operators)'
complete -c gridctl -n 'not __gridctl_command' -a transfer -d 're-route the case to another cell or community (operators)'
complete -c gridctl -n 'not __gridctl_command' -a note -d 'a remark on the timeline'
complete -c gridctl -n 'not __gridctl_command' -a escalate -d '主动上报: hand the case to the next tier (fresh windows; not 超期)'
complete -c gridctl -n 'not __gridctl_command' -a supervise -d '督办: press the case (operators, or a unit above the holder); counted against the holder'
complete -c gridctl -n 'not __gridctl_command' -a visit -d '回访 of a closed resident or hotline case (operators)'
complete -c gridctl -n 'not __gridctl_command' -a extend -d 'ask for 延期: the running window and the case deadline later by DURATION once approved'
complete -c gridctl -n 'not __gridctl_command' -a defer -d 'ask for 缓办: the timers pause once approved, until resume or TIME'
complete -c gridctl -n 'not __gridctl_command' -a suspend -d 'ask for 挂账: suspended once approved, until resume'
complete -c gridctl -n 'not __gridctl_command' -a approve -d 'approve the open request (an operator or a unit above the holder)'
complete -c gridctl -n 'not __gridctl_command' -a deny -d 'refuse the open request; the clocks ran meanwhile either way'
complete -c gridctl -n 'not __gridctl_command' -a resume -d 'a deferred or suspended case runs again with what was left'

complete -c gridctl -n '__gridctl_is submit' -l category -x -a '(__gridctl_codes categories)' -d 'the category: its code (4 digits), or its name or an unambiguous start of it (暴露垃圾)'
complete -c gridctl -n '__gridctl_is submit' -l priority -x -a 'urgent normal low' -d 'the priority'
complete -c gridctl -n '__gridctl_is submit' -l lat -x -d 'latitude (with --lon); the cell is looked up'
complete -c gridctl -n '__gridctl_is submit' -l lon -x -d 'longitude (with --lat)'
complete -c gridctl -n '__gridctl_is submit' -l cell -x -d 'the grid cell code (15 digits)'
complete -c gridctl -n '__gridctl_is submit' -l community -x -a '(__gridctl_codes units)' -d 'the community, when the cell is not known: its code (12 digits) or name (桃源社区)'
complete -c gridctl -n '__gridctl_is submit' -l title -x -d 'a short title'
complete -c gridctl -n '__gridctl_is submit' -l description -x -d 'what was seen'
complete -c gridctl -n '__gridctl_is submit' -l address -x -d 'the address as told'
complete -c gridctl -n '__gridctl_is submit' -l key -x -d 'an idempotency key: the same key is never created twice'
complete -c gridctl -n '__gridctl_is submit' -l reporter-name -x -d 'who reported it'
complete -c gridctl -n '__gridctl_is submit' -l reporter-phone -x -d 'the reporter\'s phone (masked for those who may not see it)'
complete -c gridctl -n '__gridctl_is submit' -l reported-at -x -d 'when it was reported (RFC 3339), if not now'
complete -c gridctl -n '__gridctl_is submit' -l channel -x -a 'patrol resident hotline department other' -d 'how it came in (default other); [Intake] Wait= channels wait as 待立案 for an operator\'s register'
complete -c gridctl -n '__gridctl_is submit' -l file -r -F -d 'a report as JSON, or JSON Lines of reports (one per line), from FILE, or - for stdin; no other report flag'
complete -c gridctl -n '__gridctl_is submit' -l batch -x -d 'with --file of JSON Lines: reports per request (default 500, gridd\'s MaxBatch=)'
complete -c gridctl -n '__gridctl_is submit' -l json -d 'print JSON for scripts (English field names)'
complete -c gridctl -n '__gridctl_is submit' -l lang -x -a 'zh en' -d 'the language of messages (else $GRIDCTL_LANG, then LC_ALL/LC_MESSAGES/LANG)'
complete -c gridctl -n '__gridctl_is submit' -l color -x -a 'auto always never' -d 'colour lights and states: auto (on a terminal, unless NO_COLOR is set), always or never'
complete -c gridctl -n '__gridctl_is submit' -s h -l help -d 'this help'

complete -c gridctl -n '__gridctl_is drop' -l category -x -a '(__gridctl_codes categories)' -d 'the category code (4 digits; drop runs without the daemon, so no names)'
complete -c gridctl -n '__gridctl_is drop' -l priority -x -a 'urgent normal low' -d 'the priority'
complete -c gridctl -n '__gridctl_is drop' -l lat -x -d 'latitude (with --lon); the cell is looked up'
complete -c gridctl -n '__gridctl_is drop' -l lon -x -d 'longitude (with --lat)'
complete -c gridctl -n '__gridctl_is drop' -l cell -x -d 'the grid cell code (15 digits)'
complete -c gridctl -n '__gridctl_is drop' -l community -x -a '(__gridctl_codes units)' -d 'the community code (12 digits), when the cell is not known'
complete -c gridctl -n '__gridctl_is drop' -l title -x -d 'a short title'
complete -c gridctl -n '__gridctl_is drop' -l description -x -d 'what was seen'
complete -c gridctl -n '__gridctl_is drop' -l address -x -d 'the address as told'
complete -c gridctl -n '__gridctl_is drop' -l key -x -d 'an idempotency key: the same key is never created twice'
complete -c gridctl -n '__gridctl_is drop' -l reporter-name -x -d 'who reported it'
complete -c gridctl -n '__gridctl_is drop' -l reporter-phone -x -d 'the reporter\'s phone (masked for those who may not see it)'
complete -c gridctl -n '__gridctl_is drop' -l reported-at -x -d 'when it was reported (RFC 3339), if not now'
complete -c gridctl -n '__gridctl_is drop' -l channel -x -a 'patrol resident hotline department other' -d 'how it came in (default other); [Intake] Wait= channels wait as 待立案 for an operator\'s register'
complete -c gridctl -n '__gridctl_is drop' -l file -r -F -d 'a report as JSON, or JSON Lines of reports (one per line), from FILE, or - for stdin; no other report flag'
complete -c gridctl -n '__gridctl_is drop' -l spool -x -a '(__fish_complete_directories)' -d 'the spool (else $GRIDD_SPOOL, ./var/spool if yours, /var/lib/gridd/spool)'
complete -c gridctl -n '__gridctl_is drop' -l json -d 'print JSON for scripts (English field names)'
complete -c gridctl -n '__gridctl_is drop' -l lang -x -a 'zh en' -d 'the language of messages (else $GRIDCTL_LANG, then LC_ALL/LC_MESSAGES/LANG)'
complete -c gridctl -n '__gridctl_is drop' -l color -x -a 'auto always never' -d 'colour lights and states: auto (on a terminal, unless NO_COLOR is set), always or never'
complete -c gridctl -n '__gridctl_is drop' -s h -l help -d 'this help'

complete -c gridctl -n '__gridctl_is backup' -l database -r -F -d 'the database to copy (else the one the running daemon names)'
complete -c gridctl -n '__gridctl_is backup' -l json -d 'print JSON for scripts (English field names)'
complete -c gridctl -n '__gridctl_is backup' -l lang -x -a 'zh en' -d 'the language of messages (else $GRIDCTL_LANG, then LC_ALL/LC_MESSAGES/LANG)'
complete -c gridctl -n '__gridctl_is backup' -l color -x -a 'auto always never' -d 'colour lights and states: auto (on a terminal, unless NO_COLOR is set), always or never'
complete -c gridctl -n '__gridctl_is backup' -s h -l help -d 'this help'

complete -c gridctl -n '__gridctl_is show' -l json -d 'print JSON for scripts (English field names)'
complete -c gridctl -n '__gridctl_is show' -l lang -x -a 'zh en' -d 'the language of messages (else $GRIDCTL_LANG, then LC_ALL/LC_MESSAGES/LANG)'
complete -c gridctl -n '__gridctl_is show' -l color -x -a 'auto always never' -d 'colour lights and states: auto (on a terminal, unless NO_COLOR is set), always or never'
complete -c gridctl -n '__gridctl_is show' -s h -l help -d 'this help'

complete -c gridctl -n '__gridctl_is list' -l state -x -a 'reported dispatched acknowledged resolved closed cancelled deferred rejected suspended' -d 'only this state (reported, dispatched, acknowledged, resolved, closed, …)'
complete -c gridctl -n '__gridctl_is list' -l tier -x -a 'community street district city' -d 'only this tier (community, street, district, city)'
complete -c gridctl -n '__gridctl_is list' -l unit -x -a '(__gridctl_codes units)' -d 'only this unit and the units under it: a code (6, 9 or 12 digits) or a name (清河街道)'
complete -c gridctl -n '__gridctl_is list' -l category -x -a '(__gridctl_codes categories)' -d 'the category: its code (4 digits), or its name or an unambiguous start of it (暴露垃圾)'
complete -c gridctl -n '__gridctl_is list' -l overdue -d 'the 超期 (督办) list: every red case at any tier'
complete -c gridctl -n '__gridctl_is list' -l near-deadline -d 'every yellow case (a window or the case deadline near its end)'
complete -c gridctl -n '__gridctl_is list' -l requests -d 'open 延期/缓办/挂账 requests you may decide'
complete -c gridctl -n '__gridctl_is list' -l to-visit -d 'closed resident/hotline cases owed a 回访'
complete -c gridctl -n '__gridctl_is list' -l limit -x -d 'at most N'
complete -c gridctl -n '__gridctl_is list' -l before -x -d 'only incidents numbered below ID (the next page)'
complete -c gridctl -n '__gridctl_is list' -l mine -d 'your to-do list (as gridctl mine); only --limit goes with it'
complete -c gridctl -n '__gridctl_is list' -l json -d 'print JSON for scripts (English field names)'
complete -c gridctl -n '__gridctl_is list' -l lang -x -a 'zh en' -d 'the language of messages (else $GRIDCTL_LANG, then LC_ALL/LC_MESSAGES/LANG)'
complete -c gridctl -n '__gridctl_is list' -l color -x -a 'auto always never' -d 'colour lights and states: auto (on a terminal, unless NO_COLOR is set), always or never'
complete -c gridctl -n '__gridctl_is list' -s h -l help -d 'this help'

complete -c gridctl -n '__gridctl_is mine' -l limit -x -d 'at most N'
complete -c gridctl -n '__gridctl_is mine' -l json -d 'print JSON for scripts (English field names)'
complete -c gridctl -n '__gridctl_is mine' -l lang -x -a 'zh en' -d 'the language of messages (else $GRIDCTL_LANG, then LC_ALL/LC_MESSAGES/LANG)'
complete -c gridctl -n '__gridctl_is mine' -l color -x -a 'auto always never' -d 'colour lights and states: auto (on a terminal, unless NO_COLOR is set), always or never'
complete -c gridctl -n '__gridctl_is mine' -s h -l help -d 'this help'

complete -c gridctl -n '__gridctl_is status' -l json -d 'print JSON for scripts (English field names)'
complete -c gridctl -n '__gridctl_is status' -l lang -x -a 'zh en' -d 'the language of messages (else $GRIDCTL_LANG, then LC_ALL/LC_MESSAGES/LANG)'
complete -c gridctl -n '__gridctl_is status' -l color -x -a 'auto always never' -d 'colour lights and states: auto (on a terminal, unless NO_COLOR is set), always or never'
complete -c gridctl -n '__gridctl_is status' -s h -l help -d 'this help'

complete -c gridctl -n '__gridctl_is categories' -l codes -d 'print CODE<TAB>NAME lines, for scripts and the shell completions'
complete -c gridctl -n '__gridctl_is categories' -l json -d 'print JSON for scripts (English field names)'
complete -c gridctl -n '__gridctl_is categories' -l lang -x -a 'zh en' -d 'the language of messages (else $GRIDCTL_LANG, then LC_ALL/LC_MESSAGES/LANG)'
complete -c gridctl -n '__gridctl_is categories' -l color -x -a 'auto always never' -d 'colour lights and states: auto (on a terminal, unless NO_COLOR is set), always or never'
complete -c gridctl -n '__gridctl_is categories' -s h -l help -d 'this help'

complete -c gridctl -n '__gridctl_is units' -l codes -d 'print CODE<TAB>NAME lines, for scripts and the shell completions'
complete -c gridctl -n '__gridctl_is units' -l json -d 'print JSON for scripts (English field names)'
complete -c gridctl -n '__gridctl_is units' -l lang -x -a 'zh en' -d 'the language of messages (else $GRIDCTL_LANG, then LC_ALL/LC_MESSAGES/LANG)'
complete -c gridctl -n '__gridctl_is units' -l color -x -a 'auto always never' -d 'colour lights and states: auto (on a terminal, unless NO_COLOR is set), always or never'
complete -c gridctl -n '__gridctl_is units' -s h -l help -d 'this help'
complete -c gridctl -n '__gridctl_is units' -x -a '(__gridctl_codes units)'

complete -c gridctl -n '__gridctl_is tail' -s f -l follow -d 'keep following new lines until interrupted'
complete -c gridctl -n '__gridctl_is tail' -s n -l lines -x -d 'the last N matching lines first (default 10)'
complete -c gridctl -n '__gridctl_is tail' -l unit -x -a '(__gridctl_codes units)' -d 'only this unit and the units under it: a code (6, 9 or 12 digits) or a name (清河街道)'
complete -c gridctl -n '__gridctl_is tail' -l tier -x -a 'community street district city' -d 'only this tier (community, street, district, city)'
complete -c gridctl -n '__gridctl_is tail' -l category -x -a '(__gridctl_codes categories)' -d 'the category: its code (4 digits), or its name or an unambiguous start of it (暴露垃圾)'
complete -c gridctl -n '__gridctl_is tail' -l level -x -a 'debug info notice warning error' -d 'this level and above: debug, info, notice, warning, error'
complete -c gridctl -n '__gridctl_is tail' -l json -d 'print JSON for scripts (English field names)'
complete -c gridctl -n '__gridctl_is tail' -l lang -x -a 'zh en' -d 'the language of messages (else $GRIDCTL_LANG, then LC_ALL/LC_MESSAGES/LANG)'
complete -c gridctl -n '__gridctl_is tail' -l color -x -a 'auto always never' -d 'colour lights and states: auto (on a terminal, unless NO_COLOR is set), always or never'
complete -c gridctl -n '__gridctl_is tail' -s h -l help -d 'this help'

complete -c gridctl -n '__gridctl_is report' -l unit -x -a '(__gridctl_codes units)' -d 'only this unit and the units under it: a code (6, 9 or 12 digits) or a name (清河街道)'
complete -c gridctl -n '__gridctl_is report' -l category -x -a '(__gridctl_codes categories)' -d 'the category: its code (4 digits), or its name or an unambiguous start of it (暴露垃圾)'
complete -c gridctl -n '__gridctl_is report' -l from -x -d 'the first day (local date; default the start of this month)'
complete -c gridctl -n '__gridctl_is report' -l to -x -d 'the last day, inclusive (local date)'
complete -c gridctl -n '__gridctl_is report' -l by -x -a 'community street district' -d 'the rows: by community, street or district'
complete -c gridctl -n '__gridctl_is report' -l view -x -a 'territory unit' -d 'rows by territory (where cases happened) or by 责任单位 (who held their windows)'
complete -c gridctl -n '__gridctl_is report' -l format -x -a 'table csv json html' -d 'table for a terminal, csv (with a BOM, for Excel), json, or html (a self-contained page in Chinese, printable)'
complete -c gridctl -n '__gridctl_is report' -l output -r -F -d 'write to FILE instead of stdout; its extension says the format (.html .htm .csv .json .txt), any other is refused'
complete -c gridctl -n '__gridctl_is report' -l register-limit -x -d 'at most N rows in the 超期 (督办) list'
complete -c gridctl -n '__gridctl_is report' -l json -d 'print JSON for scripts (English field names)'
complete -c gridctl -n '__gridctl_is report' -l lang -x -a 'zh en' -d 'the language of messages (else $GRIDCTL_LANG, then LC_ALL/LC_MESSAGES/LANG)'
complete -c gridctl -n '__gridctl_is report' -l color -x -a 'auto always never' -d 'colour lights and states: auto (on a terminal, unless NO_COLOR is set), always or never'
complete -c gridctl -n '__gridctl_is report' -s h -l help -d 'this help'

complete -c gridctl -n '__gridctl_is help' -l man -d 'print the man page gridctl(1) in roff (what man/gridctl.1 holds)'
complete -c gridctl -n '__gridctl_is help' -l json -d 'print JSON for scripts (English field names)'
complete -c gridctl -n '__gridctl_is help' -l lang -x -a 'zh en' -d 'the language of messages (else $GRIDCTL_LANG, then LC_ALL/LC_MESSAGES/LANG)'
complete -c gridctl -n '__gridctl_is help' -l color -x -a 'auto always never' -d 'colour lights and states: auto (on a terminal, unless NO_COLOR is set), always or never'
complete -c gridctl -n '__gridctl_is help' -s h -l help -d 'this help'
complete -c gridctl -n '__gridctl_is help' -x -a 'submit drop backup show list mine status categories units tail report help completion ack resolve close reopen register reject cancel transfer note escalate supervise visit extend defer suspend approve deny resume'

complete -c gridctl -n '__gridctl_is completion' -l json -d 'print JSON for scripts (English field names)'
complete -c gridctl -n '__gridctl_is completion' -l lang -x -a 'zh en' -d 'the language of messages (else $GRIDCTL_LANG, then LC_ALL/LC_MESSAGES/LANG)'
complete -c gridctl -n '__gridctl_is completion' -l color -x -a 'auto always never' -d 'colour lights and states: auto (on a terminal, unless NO_COLOR is set), always or never'
complete -c gridctl -n '__gridctl_is completion' -s h -l help -d 'this help'
complete -c gridctl -n '__gridctl_is completion' -x -a 'bash zsh fish'

complete -c gridctl -n '__gridctl_is ack' -l note -x -d 'a remark, kept on the timeline'
complete -c gridctl -n '__gridctl_is ack' -l json -d 'print JSON for scripts (English field names)'
complete -c gridctl -n '__gridctl_is ack' -l lang -x -a 'zh en' -d 'the language of messages (else $GRIDCTL_LANG, then LC_ALL/LC_MESSAGES/LANG)'
complete -c gridctl -n '__gridctl_is ack' -l color -x -a 'auto always never' -d 'colour lights and states: auto (on a terminal, unless NO_COLOR is set), always or never'
complete -c gridctl -n '__gridctl_is ack' -s h -l help -d 'this help'

complete -c gridctl -n '__gridctl_is resolve' -l note -x -d 'a remark, kept on the timeline'
complete -c gridctl -n '__gridctl_is resolve' -l json -d 'print JSON for scripts (English field names)'
complete -c gridctl -n '__gridctl_is resolve' -l lang -x -a 'zh en' -d 'the language of messages (else $GRIDCTL_LANG, then LC_ALL/LC_MESSAGES/LANG)'
complete -c gridctl -n '__gridctl_is resolve' -l color -x -a 'auto always never' -d 'colour lights and states: auto (on a terminal, unless NO_COLOR is set), always or never'
complete -c gridctl -n '__gridctl_is resolve' -s h -l help -d 'this help'

complete -c gridctl -n '__gridctl_is close' -l note -x -d 'a remark, kept on the timeline'
complete -c gridctl -n '__gridctl_is close' -l json -d 'print JSON for scripts (English field names)'
complete -c gridctl -n '__gridctl_is close' -l lang -x -a 'zh en' -d 'the language of messages (else $GRIDCTL_LANG, then LC_ALL/LC_MESSAGES/LANG)'
complete -c gridctl -n '__gridctl_is close' -l color -x -a 'auto always never' -d 'colour lights and states: auto (on a terminal, unless NO_COLOR is set), always or never'
complete -c gridctl -n '__gridctl_is close' -s h -l help -d 'this help'

complete -c gridctl -n '__gridctl_is reopen' -l note -x -d 'a remark, kept on the timeline'
complete -c gridctl -n '__gridctl_is reopen' -l json -d 'print JSON for scripts (English field names)'
complete -c gridctl -n '__gridctl_is reopen' -l lang -x -a 'zh en' -d 'the language of messages (else $GRIDCTL_LANG, then LC_ALL/LC_MESSAGES/LANG)'
complete -c gridctl -n '__gridctl_is reopen' -l color -x -a 'auto always never' -d 'colour lights and states: auto (on a terminal, unless NO_COLOR is set), always or never'
complete -c gridctl -n '__gridctl_is reopen' -s h -l help -d 'this help'

complete -c gridctl -n '__gridctl_is register' -l category -x -a '(__gridctl_codes categories)' -d 'correct the category at 立案'
complete -c gridctl -n '__gridctl_is register' -l priority -x -a 'urgent normal low' -d 'correct the priority at 立案'
complete -c gridctl -n '__gridctl_is register' -l note -x -d 'a remark, kept on the timeline'
complete -c gridctl -n '__gridctl_is register' -l json -d 'print JSON for scripts (English field names)'
complete -c gridctl -n '__gridctl_is register' -l lang -x -a 'zh en' -d 'the language of messages (else $GRIDCTL_LANG, then LC_ALL/LC_MESSAGES/LANG)'
complete -c gridctl -n '__gridctl_is register' -l color -x -a 'auto always never' -d 'colour lights and states: auto (on a terminal, unless NO_COLOR is set), always or never'
complete -c gridctl -n '__gridctl_is register' -s h -l help -d 'this help'

complete -c gridctl -n '__gridctl_is reject' -l note -x -d 'the reason (required), kept on the timeline'
complete -c gridctl -n '__gridctl_is reject' -l json -d 'print JSON for scripts (English field names)'
complete -c gridctl -n '__gridctl_is reject' -l lang -x -a 'zh en' -d 'the language of messages (else $GRIDCTL_LANG, then LC_ALL/LC_MESSAGES/LANG)'
complete -c gridctl -n '__gridctl_is reject' -l color -x -a 'auto always never' -d 'colour lights and states: auto (on a terminal, unless NO_COLOR is set), always or never'
complete -c gridctl -n '__gridctl_is reject' -s h -l help -d 'this help'

complete -c gridctl -n '__gridctl_is cancel' -l note -x -d 'the reason (required), kept on the timeline'
complete -c gridctl -n '__gridctl_is cancel' -l json -d 'print JSON for scripts (English field names)'
complete -c gridctl -n '__gridctl_is cancel' -l lang -x -a 'zh en' -d 'the language of messages (else $GRIDCTL_LANG, then LC_ALL/LC_MESSAGES/LANG)'
complete -c gridctl -n '__gridctl_is cancel' -l color -x -a 'auto always never' -d 'colour lights and states: auto (on a terminal, unless NO_COLOR is set), always or never'
complete -c gridctl -n '__gridctl_is cancel' -s h -l help -d 'this help'

complete -c gridctl -n '__gridctl_is transfer' -l to -x -d 'the cell or community to route the case to'
complete -c gridctl -n '__gridctl_is transfer' -l note -x -d 'a remark, kept on the timeline'
complete -c gridctl -n '__gridctl_is transfer' -l json -d 'print JSON for scripts (English field names)'
complete -c gridctl -n '__gridctl_is transfer' -l lang -x -a 'zh en' -d 'the language of messages (else $GRIDCTL_LANG, then LC_ALL/LC_MESSAGES/LANG)'
complete -c gridctl -n '__gridctl_is transfer' -l color -x -a 'auto always never' -d 'colour lights and states: auto (on a terminal, unless NO_COLOR is set), always or never'
complete -c gridctl -n '__gridctl_is transfer' -s h -l help -d 'this help'

complete -c gridctl -n '__gridctl_is note' -l note -x -d 'a remark, kept on the timeline'
complete -c gridctl -n '__gridctl_is note' -l json -d 'print JSON for scripts (English field names)'
complete -c gridctl -n '__gridctl_is note' -l lang -x -a 'zh en' -d 'the language of messages (else $GRIDCTL_LANG, then LC_ALL/LC_MESSAGES/LANG)'
complete -c gridctl -n '__gridctl_is note' -l color -x -a 'auto always never' -d 'colour lights and states: auto (on a terminal, unless NO_COLOR is set), always or never'
complete -c gridctl -n '__gridctl_is note' -s h -l help -d 'this help'

complete -c gridctl -n '__gridctl_is escalate' -l note -x -d 'the reason (required), kept on the timeline'
complete -c gridctl -n '__gridctl_is escalate' -l json -d 'print JSON for scripts (English field names)'
complete -c gridctl -n '__gridctl_is escalate' -l lang -x -a 'zh en' -d 'the language of messages (else $GRIDCTL_LANG, then LC_ALL/LC_MESSAGES/LANG)'
complete -c gridctl -n '__gridctl_is escalate' -l color -x -a 'auto always never' -d 'colour lights and states: auto (on a terminal, unless NO_COLOR is set), always or never'
complete -c gridctl -n '__gridctl_is escalate' -s h -l help -d 'this help'

complete -c gridctl -n '__gridctl_is supervise' -l note -x -d 'the reason (required), kept on the timeline'
complete -c gridctl -n '__gridctl_is supervise' -l json -d 'print JSON for scripts (English field names)'
complete -c gridctl -n '__gridctl_is supervise' -l lang -x -a 'zh en' -d 'the language of messages (else $GRIDCTL_LANG, then LC_ALL/LC_MESSAGES/LANG)'
complete -c gridctl -n '__gridctl_is supervise' -l color -x -a 'auto always never' -d 'colour lights and states: auto (on a terminal, unless NO_COLOR is set), always or never'
complete -c gridctl -n '__gridctl_is supervise' -s h -l help -d 'this help'

complete -c gridctl -n '__gridctl_is visit' -l result -x -a 'satisfied basic unsatisfied' -d 'the resident\'s answer: satisfied 满意, basic 基本满意, unsatisfied 不满意'
complete -c gridctl -n '__gridctl_is visit' -l note -x -d 'a remark, kept on the timeline'
complete -c gridctl -n '__gridctl_is visit' -l json -d 'print JSON for scripts (English field names)'
complete -c gridctl -n '__gridctl_is visit' -l lang -x -a 'zh en' -d 'the language of messages (else $GRIDCTL_LANG, then LC_ALL/LC_MESSAGES/LANG)'
complete -c gridctl -n '__gridctl_is visit' -l color -x -a 'auto always never' -d 'colour lights and states: auto (on a terminal, unless NO_COLOR is set), always or never'
complete -c gridctl -n '__gridctl_is visit' -s h -l help -d 'this help'

complete -c gridctl -n '__gridctl_is extend' -l by -x -d 'how much later: working days (2wd), hours (4h), days (3d)'
complete -c gridctl -n '__gridctl_is extend' -l note -x -d 'the reason (required), kept on the timeline'
complete -c gridctl -n '__gridctl_is extend' -l json -d 'print JSON for scripts (English field names)'
complete -c gridctl -n '__gridctl_is extend' -l lang -x -a 'zh en' -d 'the language of messages (else $GRIDCTL_LANG, then LC_ALL/LC_MESSAGES/LANG)'
complete -c gridctl -n '__gridctl_is extend' -l color -x -a 'auto always never' -d 'colour lights and states: auto (on a terminal, unless NO_COLOR is set), always or never'
complete -c gridctl -n '__gridctl_is extend' -s h -l help -d 'this help'

complete -c gridctl -n '__gridctl_is defer' -l note -x -d 'the reason (required), kept on the timeline'
complete -c gridctl -n '__gridctl_is defer' -l until -x -d 'resume by itself at TIME (RFC 3339)'
complete -c gridctl -n '__gridctl_is defer' -l json -d 'print JSON for scripts (English field names)'
complete -c gridctl -n '__gridctl_is defer' -l lang -x -a 'zh en' -d 'the language of messages (else $GRIDCTL_LANG, then LC_ALL/LC_MESSAGES/LANG)'
complete -c gridctl -n '__gridctl_is defer' -l color -x -a 'auto always never' -d 'colour lights and states: auto (on a terminal, unless NO_COLOR is set), always or never'
complete -c gridctl -n '__gridctl_is defer' -s h -l help -d 'this help'

complete -c gridctl -n '__gridctl_is suspend' -l note -x -d 'the reason (required), kept on the timeline'
complete -c gridctl -n '__gridctl_is suspend' -l json -d 'print JSON for scripts (English field names)'
complete -c gridctl -n '__gridctl_is suspend' -l lang -x -a 'zh en' -d 'the language of messages (else $GRIDCTL_LANG, then LC_ALL/LC_MESSAGES/LANG)'
complete -c gridctl -n '__gridctl_is suspend' -l color -x -a 'auto always never' -d 'colour lights and states: auto (on a terminal, unless NO_COLOR is set), always or never'
complete -c gridctl -n '__gridctl_is suspend' -s h -l help -d 'this help'

complete -c gridctl -n '__gridctl_is approve' -l note -x -d 'a remark, kept on the timeline'
complete -c gridctl -n '__gridctl_is approve' -l json -d 'print JSON for scripts (English field names)'
complete -c gridctl -n '__gridctl_is approve' -l lang -x -a 'zh en' -d 'the language of messages (else $GRIDCTL_LANG, then LC_ALL/LC_MESSAGES/LANG)'
complete -c gridctl -n '__gridctl_is approve' -l color -x -a 'auto always never' -d 'colour lights and states: auto (on a terminal, unless NO_COLOR is set), always or never'
complete -c gridctl -n '__gridctl_is approve' -s h -l help -d 'this help'

complete -c gridctl -n '__gridctl_is deny' -l note -x -d 'the reason (required), kept on the timeline'
complete -c gridctl -n '__gridctl_is deny' -l json -d 'print JSON for scripts (English field names)'
complete -c gridctl -n '__gridctl_is deny' -l lang -x -a 'zh en' -d 'the language of messages (else $GRIDCTL_LANG, then LC_ALL/LC_MESSAGES/LANG)'
complete -c gridctl -n '__gridctl_is deny' -l color -x -a 'auto always never' -d 'colour lights and states: auto (on a terminal, unless NO_COLOR is set), always or never'
complete -c gridctl -n '__gridctl_is deny' -s h -l help -d 'this help'

complete -c gridctl -n '__gridctl_is resume' -l note -x -d 'a remark, kept on the timeline'
complete -c gridctl -n '__gridctl_is resume' -l json -d 'print JSON for scripts (English field names)'
complete -c gridctl -n '__gridctl_is resume' -l lang -x -a 'zh en' -d 'the language of messages (else $GRIDCTL_LANG, then LC_ALL/LC_MESSAGES/LANG)'
complete -c gridctl -n '__gridctl_is resume' -l color -x -a 'auto always never' -d 'colour lights and states: auto (on a terminal, unless NO_COLOR is set), always or never'
complete -c gridctl -n '__gridctl_is resume' -s h -l help -d 'this help'
