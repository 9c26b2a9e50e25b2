#!/usr/bin/env bash
# Regenerates the man pages and shell completions from their one declaration (issue 15):
#   man/gridctl.1                 gridctl help --man         (the command table)
#   man/gridd.8, man/gridd.conf.5 gridd --man PAGE           (gridd's option table, ConfigSchema)
#   completions/gridctl.{bash,zsh,fish}   gridctl completion SHELL
# Run it after changing a command, an option or a config key, and commit the result: the tests
# (ManPageTests, DaemonManPageTests) fail while the committed files differ from the generators.
#
#   scripts/generate-docs.sh            debug build, then the files
#   scripts/generate-docs.sh --no-build use the debug build already there
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${1:-}" != "--no-build" ]; then
    swift build --product gridd
    swift build --product gridctl
fi
bin=$(swift build --show-bin-path)
mkdir -p man completions
"$bin/gridctl" help --man >man/gridctl.1
for page in gridd.8 gridd.conf.5; do "$bin/gridd" --man "$page" >"man/$page"; done
for shell in bash zsh fish; do "$bin/gridctl" completion "$shell" >"completions/gridctl.$shell"; done
git status --short man completions
