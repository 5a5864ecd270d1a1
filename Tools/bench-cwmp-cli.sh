#!/usr/bin/env bash
# Whole-process CWMP → JSON: `ferrule cwmp parse --format json` over a 48 MB corpus of large
# GetParameterValues/GetParameterNames responses (29 copies each of the generated gpv-5000.xml and
# gpn-5000.xml, 58 files), output to a file, against two peers on the same files in the same run:
# raw libxml2 SAX2 with no-op callbacks on one reused context (`cwmp-bench --once raw`: process
# start, file reads and parse, no output: the ceiling) and Python (Tools/bench-python-cwmp-cli.py:
# lxml iterparse in one pass + extraction + json, streamed). `cwmp-bench --once ferrule` (typed
# parse, no output) shows what the JSON costs; `ferrule --help` what the process start-up alone costs
# (dynamic loading of the executable and its libraries).
# Wall time, CPU time (user + sys) and peak RSS come from GNU time; median of --runs runs, the
# largest RSS of them. MB/s by CPU time is the figure a loaded shared machine does not inflate.
#
#   Tools/bench-cwmp-cli.sh [--ferrule PATH] [--cwmp-bench PATH] [--corpus DIR] [--runs N] [--copies N]
#
# Defaults: the release `ferrule` and `cwmp-bench` (built here), a temporary corpus, 3 runs.
# Prints a markdown table and the target checks (issue 16: >= 0.25x raw SAX, >= 8x lxml + json,
# RSS <= 64 MB), by CPU time.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"

ferrule=""
cwmpbench=""
corpus=""
runs=3
copies=29
while [[ $# -gt 0 ]]; do
    case "$1" in
        --ferrule) ferrule="$2"; shift 2 ;;
        --cwmp-bench) cwmpbench="$2"; shift 2 ;;
        --corpus) corpus="$2"; shift 2 ;;
        --runs) runs="$2"; shift 2 ;;
        --copies) copies="$2"; shift 2 ;;
        -h | --help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "bench-cwmp-cli.sh: unknown argument $1 (see --help)" >&2; exit 64 ;;
    esac
done

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
venv="$root/.venv-bench"
if [[ ! -x "$venv/bin/python" ]]; then python3 -m venv "$venv"; fi
if ! "$venv/bin/python" -c 'import lxml' 2>/dev/null; then "$venv/bin/pip" install --quiet lxml xmltodict; fi
py="$venv/bin/python"

if [[ -z "$ferrule" ]]; then
    echo "== swift build -c release --product ferrule" >&2
    swift build -c release --product ferrule >&2
    ferrule="$(swift build -c release --show-bin-path)/ferrule"
fi
if [[ -z "$cwmpbench" ]]; then
    # shellcheck source=Tools/bench-binaries.sh
    . Tools/bench-binaries.sh
    cwmpbench=$(bench_binary cwmp-bench)
fi
if [[ -z "$corpus" ]]; then
    corpus="$work/corpus"
    mkdir -p "$corpus"
    python3 Tools/generate-cwmp-payloads.py "$work/payloads" >&2
    for i in $(seq -w 1 "$copies"); do
        cp "$work/payloads/gpv-5000.xml" "$corpus/gpv-$i.xml"
        cp "$work/payloads/gpn-5000.xml" "$corpus/gpn-$i.xml"
    done
fi
bytes=$(cat "$corpus"/*.xml | wc -c)
files=$(ls "$corpus"/*.xml | wc -l)

# measure KEY NAME COMMAND...: median wall and CPU seconds, max RSS (KB), output bytes; one table row,
# and "KEY cpu-seconds rss-kb" in $work/results for the checks.
measure() {
    local key="$1" name="$2"; shift 2
    local walls=() cpus=() rss=0
    for _ in $(seq "$runs"); do
        /usr/bin/time -f "%e %U %S %M" -o "$work/time" "$@" > "$work/out.json" 2> "$work/err" || true
        read -r wall user sys kb < "$work/time"
        walls+=("$wall")
        cpus+=("$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')")
        (( kb > rss )) && rss=$kb
    done
    local wall cpu out
    wall=$(printf '%s\n' "${walls[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    cpu=$(printf '%s\n' "${cpus[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    out=$(wc -c < "$work/out.json")
    echo "$key $cpu $rss" >> "$work/results"
    awk -v n="$name" -v w="$wall" -v c="$cpu" -v b="$bytes" -v r="$rss" -v o="$out" \
        'BEGIN { printf "| %s | %.2f | %.2f | %.1f | %.1f | %d |\n", n, w, c, (c > 0 ? b / c / 1e6 : 0), r / 1024, o }'
}

echo
echo "### cwmp parse --format json, whole process ($files files, $bytes bytes; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))"
echo
echo "| tool | median wall s | median CPU s | MB/s (CPU) | peak RSS MB | output bytes |"
echo "|---|---:|---:|---:|---:|---:|"
measure raw "libxml2 SAX2 no-op, reused context (cwmp-bench --once raw)" "$cwmpbench" --once raw "$corpus"/*.xml
measure parse "Ferrule typed parse, no output (cwmp-bench --once ferrule)" "$cwmpbench" --once ferrule "$corpus"/*.xml
measure json "ferrule cwmp parse --format json" "$ferrule" cwmp parse --format json "$corpus"
measure jsonl "ferrule cwmp parse --format jsonl" "$ferrule" cwmp parse --format jsonl "$corpus"
measure lxml "python lxml iterparse + json" "$py" Tools/bench-python-cwmp-cli.py "$corpus"
measure startup "ferrule --help (process start-up alone, for reference)" "$ferrule" --help
echo
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
awk '
    { cpu[$1] = $2; rss[$1] = $3 }
    END {
        print "| check (by CPU time) | measured | target | result |"
        print "|---|---:|---:|---|"
        r = cpu["raw"] / cpu["json"]; printf "| --format json / raw SAX no-op | %.2f× | ≥ 0.25× | %s |\n", r, (r >= 0.25 ? "PASS" : "FAIL")
        l = cpu["lxml"] / cpu["json"]; printf "| --format json / lxml + json | %.2f× | ≥ 8× | %s |\n", l, (l >= 8 ? "PASS" : "FAIL")
        m = rss["json"] / 1024; printf "| --format json peak RSS | %.1f MB | ≤ 64 MB | %s |\n", m, (m <= 64 ? "PASS" : "FAIL")
    }' "$work/results"
