#!/usr/bin/env bash
# The shape issue 12 gave the code, checked (CI runs this after the build; docs/ARCHITECTURE.md):
#   - no `import Glibc` in GridCore, GridStore or GridDaemon (syscalls go through GridSystem);
#   - no `import Foundation` and no `DispatchQueue.global` in GridStore;
#   - no Swift file in Sources/ over 400 lines, and Daemon.swift (the wiring) at most 150;
#   - no function, initializer or deinitializer in Sources/ over 80 lines.
# Prints each problem as file:line: what is wrong, and exits 1 if there is any.
set -uo pipefail
cd "$(dirname "$0")/.."

max_file_lines=400
max_daemon_lines=150
max_function_lines=80
daemon_file=Sources/GridDaemon/Boot/Daemon.swift
problems=0

report() {
    echo "$1"
    problems=$((problems + 1))
}

# grep -n for a pattern in a tree: one problem per line found.
forbid() {
    local pattern=$1 what=$2
    shift 2
    local hit
    while IFS= read -r hit; do
        [ -n "$hit" ] && report "$hit: $what"
    done < <(grep -rnE --include='*.swift' "$pattern" "$@" 2>/dev/null)
}

forbid '^[[:space:]]*(@[A-Za-z_]+[[:space:]]+)*import[[:space:]]+Glibc\b' \
    "import Glibc outside GridSystem (wrap the call in GridSystem)" \
    Sources/GridCore Sources/GridStore Sources/GridDaemon
forbid '^[[:space:]]*(@[A-Za-z_]+[[:space:]]+)*import[[:space:]]+Foundation\b' \
    "import Foundation in GridStore" Sources/GridStore
forbid 'DispatchQueue\.global' \
    "DispatchQueue.global in GridStore (the store runs work only on its connections' queues)" Sources/GridStore

while IFS= read -r file; do
    lines=$(wc -l <"$file")
    if [ "$lines" -gt "$max_file_lines" ]; then
        report "$file:1: $lines lines (at most $max_file_lines)"
    fi
done < <(find Sources -name '*.swift' | sort)

if [ ! -f "$daemon_file" ]; then
    report "$daemon_file: missing (update scripts/check-shape.sh if it moved)"
elif [ "$(wc -l <"$daemon_file")" -gt "$max_daemon_lines" ]; then
    report "$daemon_file:1: $(wc -l <"$daemon_file") lines (the daemon's wiring: at most $max_daemon_lines)"
fi

# Function length: a brace count over each file, with string literals (also raw and multi-line
# ones) and comments blanked first. A body is the first `{` after `func`, `init` or `deinit` that
# is outside the parameter list's parentheses (so a default closure is not taken for it), up to
# its matching `}`; the length counts from the declaration's line. Nested functions count in the
# outer one.
while IFS= read -r hit; do
    report "$hit"
done < <(find Sources -name '*.swift' | sort | xargs awk -v max="$max_function_lines" '
    FNR == 1 { inString = 0; inBlock = 0; depth = 0; pending = 0; inBody = 0; parens = 0 }
    {
        line = $0; out = ""; i = 1; n = length(line)
        while (i <= n) {
            c = substr(line, i, 1); c3 = substr(line, i, 3)
            if (inBlock) {
                if (substr(line, i, 2) == "*/") { inBlock = 0; i += 2 } else { i++ }
                continue
            }
            if (inString) {
                if (c3 == "\"\"\"") { inString = 0; i += 3 } else if (c == "\\") { i += 2 } else { i++ }
                continue
            }
            if (c3 == "\"\"\"") { inString = 1; i += 3; continue }
            if (substr(line, i, 2) == "//") break
            if (substr(line, i, 2) == "/*") { inBlock = 1; i += 2; continue }
            if (substr(line, i, 2) == "#\"") {
                j = index(substr(line, i + 2), "\"#")
                i = (j == 0) ? n + 1 : i + 2 + j + 1
                out = out "\"\""
                continue
            }
            if (c == "\"") {
                i++
                while (i <= n && substr(line, i, 1) != "\"") { i += (substr(line, i, 1) == "\\") ? 2 : 1 }
                i++
                out = out "\"\""
                continue
            }
            out = out c; i++
        }
        if (!inBody && match(out, /(^|[^.A-Za-z0-9_])(func[ \t]|init[?!]?[ \t]*[(<]|deinit([ \t{]|$))/)) {
            pending = 1; declLine = FNR; parens = 0; pendingDepth = depth
        }
        for (k = 1; k <= length(out); k++) {
            ch = substr(out, k, 1)
            if (pending && ch == "(") parens++
            else if (pending && ch == ")") parens--
            else if (ch == "{") {
                if (pending && parens == 0) { pending = 0; inBody = 1; bodyDepth = depth }
                depth++
            } else if (ch == "}") {
                depth--
                if (inBody && depth == bodyDepth) {
                    inBody = 0
                    length_ = FNR - declLine + 1
                    if (length_ > max) printf "%s:%d: a function of %d lines (at most %d)\n", FILENAME, declLine, length_, max
                }
                if (pending && depth < pendingDepth) pending = 0  # a requirement without a body
            }
        }
    }
')

if [ "$problems" -gt 0 ]; then
    echo "check-shape: $problems problem(s)"
    exit 1
fi
echo "check-shape: ok (no Glibc above GridSystem, GridStore without Foundation and global queues, files <= $max_file_lines lines, $daemon_file <= $max_daemon_lines, functions <= $max_function_lines)"
