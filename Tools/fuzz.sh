#!/usr/bin/env bash
# Builds Ferrule's libFuzzer targets (Fuzz/) and runs them, each from a seed corpus made of the
# repository's fixtures. Exits non-zero when any target crashes, fails an assertion, runs out of
# memory, or spends more than a second on one input: libFuzzer then writes the input to
# .build-fuzz/artifacts/<target>/ (crash-…, timeout-…, oom-…) — turn it into a fixture and a fix.
#
# Usage: Tools/fuzz.sh [--seconds N] [--runs N] [--seed N] [--jobs N] [TARGET ...]
#   --seconds N   run each target for at most N seconds (default 20; 3600+ for long runs)
#   --runs N      run each target on at most N inputs (with --seed: the same inputs every time)
#   --seed N      libFuzzer's random seed (default: a new one each run); .ci/run fixes it with
#                 --runs, so CI's slice is reproducible and a red CI is the same red on your machine
#   --jobs N      libFuzzer worker processes per target (default 1)
#   TARGET        fuzz-cwmp fuzz-expression fuzz-rules fuzz-campaign fuzz-policy fuzz-csv-tree
#                 fuzz-nbi-tree fuzz-json fuzz-events fuzz-event-wire fuzz-standin-query (default: all)
# The corpus each run grows is kept in .build-fuzz/corpus/<target>/, so long runs resume.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=20
jobs=1
limits=()
targets=()
while [ $# -gt 0 ]; do
    case "$1" in
        --seconds) seconds="$2"; shift 2 ;;
        --jobs) jobs="$2"; shift 2 ;;
        --runs) limits+=(-runs="$2"); shift 2 ;;
        --seed) limits+=(-seed="$2"); shift 2 ;;
        -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
        *) targets+=("$1"); shift ;;
    esac
done
all=(fuzz-cwmp fuzz-expression fuzz-rules fuzz-campaign fuzz-policy fuzz-csv-tree fuzz-nbi-tree fuzz-json fuzz-events fuzz-event-wire fuzz-standin-query)
[ ${#targets[@]} -eq 0 ] && targets=("${all[@]}")

# Seeds: the fixtures each reader is meant for.
seeds() {
    case "$1" in
        fuzz-cwmp) ls Fixtures/cwmp/*.xml Fixtures/cwmp-rejected/*.xml Fixtures/validate/*.xml ;;
        fuzz-expression) ls Fuzz/Seeds/expression/* ;;
        fuzz-standin-query) ls Fuzz/Seeds/standin-query/* ;;
        fuzz-rules) find Provisions -name '*.yaml' ;;
        fuzz-campaign) ls Fixtures/campaigns/*.yaml ;;
        fuzz-policy) find Fixtures/validate -name '*.yaml' ;;
        fuzz-csv-tree) find Fixtures -name '*.csv' ;;
        fuzz-nbi-tree | fuzz-json) find Fixtures -name '*.json' ;;
        fuzz-events | fuzz-event-wire) ls Tests/VOLTHATests/Fixtures/events/bin/*.bin Tests/VOLTHATests/Fixtures/events/events.* ;;
        *) echo "fuzz: unknown target $1 (known: ${all[*]})" >&2; exit 2 ;;
    esac
}

# Every module (Ferrule's and its dependencies') is built with coverage instrumentation.
swift build --package-path Fuzz --sanitize=fuzzer
bin="$(swift build --package-path Fuzz --sanitize=fuzzer --show-bin-path)"

parallel=()
[ "$jobs" -gt 1 ] && parallel=(-jobs="$jobs" -workers="$jobs")
failed=()
for target in "${targets[@]}"; do
    corpus=".build-fuzz/corpus/$target"
    artifacts=".build-fuzz/artifacts/$target/"
    mkdir -p "$corpus" "$artifacts"
    seeds "$target" | while read -r seed; do cp "$seed" "$corpus/seed-$(basename "$seed")"; done
    log=".build-fuzz/$target.log"
    start=$(date +%s)
    # SWIFT_BACKTRACE=enable=no: let libFuzzer, not Swift's backtracer, handle a crash and save the input.
    if SWIFT_BACKTRACE=enable=no "$bin/$target" "$corpus" -max_total_time="$seconds" -timeout=1 \
        -rss_limit_mb=2048 -max_len=65536 "${parallel[@]}" "${limits[@]}" -print_final_stats=1 \
        -artifact_prefix="$artifacts" >"$log" 2>&1; then
        runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
        echo "fuzz: $target ok: ${runs:-?} inputs in $(($(date +%s) - start)) s"
    else
        echo "fuzz: $target FAILED after $(($(date +%s) - start)) s; input saved in $artifacts" >&2
        grep -E "ERROR: libFuzzer|Fatal error|Test unit written|ALARM|SUMMARY" "$log" | head -10 >&2 || true
        failed+=("$target")
    fi
done
if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzz: failing targets: ${failed[*]} (logs in .build-fuzz/)" >&2
    exit 1
fi
