#!/usr/bin/env bash
# Fuzzes the code that reads untrusted bytes, with libFuzzer (docs/TESTING.md):
#   report-decoder  spool files and submitted reports: JSONParser → ReportDecoder (+ times, codes)
#   request-line    the socket: LineFramer → RequestDecoder → Response
#   config          gridd.conf: IniFile → GridConfigLoader → policies
#   grid-map        the GeoJSON grid map: GridMap.load, then index-versus-scan lookups
#
# Usage: scripts/fuzz.sh [TARGET...]        (all four when none is named)
#   FUZZ_SECONDS=60                 how long each target runs
#   FUZZ_SANITIZERS=fuzzer,address  what swiftc -sanitize= gets (fuzzer alone is faster)
#   SWIFTC=swiftc                   the compiler
#
# Builds into .build-fuzz/: GridCore once as a static library (rebuilt when a source changes),
# each target as a small harness (Fuzz/*Fuzz.swift) linked against it. Interesting inputs found
# are kept in .build-fuzz/corpus/TARGET for the next run; crashes, timeouts and out-of-memory
# inputs go to .build-fuzz/artifacts/. Exit status 1 when a target found one: fix the bug, add the
# input to Fuzz/seeds/TARGET/ and a regression test (Tests/GridCoreTests/FuzzRegressionTests.swift).
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${FUZZ_SECONDS:-60}
sanitizers=${FUZZ_SANITIZERS:-fuzzer,address}
swiftc=${SWIFTC:-swiftc}
out=.build-fuzz
all=(report-decoder request-line config grid-map)
if [ $# -gt 0 ]; then targets=("$@"); else targets=("${all[@]}"); fi

# Linking with ld.gold under ASan prints one harmless warning per instrumented helper symbol.
quiet() { grep -v "Cannot export local symbol" || true; }

mkdir -p "$out/artifacts"
flags=(-sanitize="$sanitizers" -parse-as-library -O -swift-version 6)
stamp="$out/GridCore.flags"
if [ ! -f "$out/libGridCore.a" ] || [ "$(cat "$stamp" 2>/dev/null)" != "${flags[*]}" ] \
    || [ -n "$(find Sources/GridCore -name '*.swift' -newer "$out/libGridCore.a" | head -1)" ]; then
    echo "fuzz: building GridCore (${flags[*]})"
    find Sources/GridCore -name '*.swift' | sort >"$out/GridCore.sources"
    "$swiftc" "${flags[@]}" -whole-module-optimization -module-name GridCore -emit-module \
        -emit-module-path "$out/GridCore.swiftmodule" -emit-library -static -o "$out/libGridCore.a" \
        @"$out/GridCore.sources" 2>&1 | quiet
    echo "${flags[*]}" >"$stamp"
fi

found=0
for target in "${targets[@]}"; do
    extra=() dict=Fuzz/json.dict max_len=8192
    seeds="$out/seeds/$target"
    rm -rf "$seeds"
    mkdir -p "$seeds" "$out/corpus/$target"
    case "$target" in
    report-decoder)
        harness=Fuzz/ReportDecoderFuzz.swift
        # The corpus's spool files: bad reports, one mutation away from good ones.
        find Tests/Corpus/spool -type f ! -name '*.expect' ! -name '.*' ! -name '*.md' \
            | while read -r file; do cp "$file" "$seeds/$(echo "$file" | tr / _)"; done
        ;;
    request-line)
        harness=Fuzz/RequestLineFuzz.swift
        extra=(Sources/GridDaemon/Server/LineFramer.swift)
        # The corpus's socket lines, behind the two bytes that choose the limit and the read size.
        find Tests/Corpus/socket -name '*.line' | while read -r file; do
            { printf '\100\020'; cat "$file"; } >"$seeds/$(echo "$file" | tr / _)"
        done
        ;;
    config)
        harness=Fuzz/ConfigFuzz.swift dict=Fuzz/config.dict max_len=16384
        cp Config/gridd.conf "$seeds/"
        ;;
    grid-map)
        harness=Fuzz/GridMapFuzz.swift max_len=16384
        ;;
    *) echo "fuzz: unknown target $target (one of: ${all[*]})" >&2; exit 2 ;;
    esac
    "$swiftc" "${flags[@]}" -I "$out" -L "$out" -lGridCore Fuzz/FuzzChecks.swift "$harness" "${extra[@]}" \
        -o "$out/$target" 2>&1 | quiet
    [ -x "$out/$target" ] || { echo "fuzz: $target did not build" >&2; exit 1; }

    echo "fuzz: $target for ${seconds}s"
    status=0
    # The Swift runtime's own backtracer would stall under ASan; libFuzzer reports crashes itself.
    SWIFT_BACKTRACE=enable=no "$out/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -max_len="$max_len" -dict="$dict" -artifact_prefix="$out/artifacts/$target-" -print_final_stats=1 \
        "$out/corpus/$target" Fuzz/seeds/"$target" "$seeds" >"$out/$target.log" 2>&1 || status=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out/$target.log")
    coverage=$(grep -o 'cov: [0-9]*' "$out/$target.log" | tail -1 || true)
    if [ "$status" -ne 0 ]; then
        found=1
        echo "fuzz: $target FAILED (exit $status) after ${runs:-?} runs; log: $out/$target.log"
        grep -E "^==[0-9]+==ERROR|Fatal error|ALARM|SUMMARY|Test unit written" "$out/$target.log" | head -8
    else
        echo "fuzz: $target ok: ${runs:-?} runs, ${coverage:-cov: ?}, corpus $(find "$out/corpus/$target" -type f | wc -l) inputs"
    fi
done
exit "$found"
