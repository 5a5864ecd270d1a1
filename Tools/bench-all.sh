#!/usr/bin/env bash
# Runs every Ferrule benchmark with its peer (Benchmarks/README.md lists them) and prints one table:
# benchmark, peer, exit status, wall seconds, and the benchmark's headline lines (ratios, rates,
# targets). Each benchmark's whole output goes to a log file in the directory printed first.
#
#   Tools/bench-all.sh [--list] [--only NAME]
#
# NAME: cwmp, cwmp-cli, model, rules, nbi, campaign, voltha, trigger, kafka, event-latency, serve.
# --list prints the commands and runs nothing. Builds Benchmarks/ in release mode and writes the payloads first;
# voltha and kafka need .venv-tools (Tools/setup-python-tools.sh). Exit status 0 when every
# benchmark ran to the end (whether or not it met its targets), 1 otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"

only=""
list=0
while [[ $# -gt 0 ]]; do
    case "$1" in
        --only) only="$2"; shift 2 ;;
        --list) list=1; shift ;;
        -h | --help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "bench-all.sh: unknown argument $1 (see --help)" >&2; exit 64 ;;
    esac
done

bin="Benchmarks/.build/release"
payloads="Benchmarks/Payloads"
py=".venv-bench/bin/python"

# name | peer | command (run with bash -c from the repository root)
benchmarks=(
    "cwmp|raw libxml2 SAX2 (reused context); lxml iterparse; xmltodict|Tools/bench-cwmp.sh --seconds 3"
    "cwmp-cli|lxml iterparse + json, whole process|Tools/bench-cwmp-cli.sh"
    "model|targets only|$bin/model-bench Models/tr-181-2-17-0-cwmp-full.xml $payloads/gpv-5000.xml"
    "rules|targets only|$bin/rules-bench $payloads/gpv-5000.xml"
    "nbi|requests + thread pool|$bin/nbi-bench --peer"
    "campaign|serial requests script; asyncio+aiohttp at equal concurrency|$bin/campaign-bench --devices 100000"
    "voltha|official Python stubs (grpcio)|$bin/voltha-bench --onus 10000 --calls 20000 --concurrency 100 --runs 5 --peer"
    "trigger|same index in Python|$bin/trigger-bench --peer $py"
    "kafka|confluent-kafka, same librdkafka|Tools/bench-kafka.sh"
    "event-latency|same pipeline in Python (confluent-kafka, sqlite3, urllib)|Tools/bench-event-latency.sh --onus 1000 --rate 200"
    "serve|FastAPI + uvicorn, 1 and 2 workers|Tools/bench-serve.sh"
)

selected=()
for entry in "${benchmarks[@]}"; do
    name="${entry%%|*}"
    if [[ -z "$only" || "$only" == "$name" ]]; then selected+=("$entry"); fi
done
if [[ ${#selected[@]} -eq 0 ]]; then
    echo "bench-all.sh: no benchmark named $only (see --help)" >&2
    exit 64
fi

if [[ $list -eq 1 ]]; then
    for entry in "${selected[@]}"; do
        IFS='|' read -r name peer command <<< "$entry"
        printf '%-9s %s\n          peer: %s\n' "$name" "$command" "$peer"
    done
    exit 0
fi

logs="$(mktemp -d -t ferrule-bench-XXXXXX)"
echo "== logs in $logs" >&2
if [[ ! -x "$py" ]]; then python3 -m venv .venv-bench; fi
# lxml and xmltodict: the CWMP peers; requests and aiohttp: the campaign peers (serial and concurrent).
if ! "$py" -c 'import lxml, xmltodict, requests, aiohttp' 2>/dev/null; then
    .venv-bench/bin/pip install --quiet lxml xmltodict requests aiohttp
fi
python3 Tools/generate-cwmp-payloads.py "$payloads" >&2
echo "== swift build -c release --package-path Benchmarks" >&2
swift build -c release --package-path Benchmarks >&2

rows=()
failed=0
for entry in "${selected[@]}"; do
    IFS='|' read -r name peer command <<< "$entry"
    echo "== $name: $command" >&2
    start=$(date +%s.%N)
    status=0
    bash -c "$command" > "$logs/$name.log" 2>&1 || status=$?
    end=$(date +%s.%N)
    [[ $status -eq 0 ]] || failed=1
    # Headline: the lines that carry ratios, rates or targets, at most four, joined.
    headline=$(grep -E 'ratio|×|[0-9]x |PASS|FAIL|/s|target|MB' "$logs/$name.log" | grep -v '^==' | head -n 4 \
        | tr -s ' \t' ' ' | sed 's/|/\//g' | paste -sd ';' - || true)
    wall=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.0f", b - a }')
    rows+=("| $name | $peer | $status | $wall | ${headline:-see log} |")
done

echo
echo "### Ferrule benchmarks ($(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); logs: $logs)"
echo
echo "| benchmark | peer | exit | wall s | headline |"
echo "|---|---|---:|---:|---|"
printf '%s\n' "${rows[@]}"
exit $failed
