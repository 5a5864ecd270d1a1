#!/usr/bin/env bash
# Whole-process CWMP → JSON: `ferrule cwmp parse --format json` over a 48 MB corpus of large
# GetParameterValues/GetParameterNames responses (29 copies each of the generated gpv-5000.xml and
# gpn-5000.xml, 58 files), output to a file, against the Python peer on the same files in the same
# run (Tools/bench-python-cwmp-cli.py: lxml iterparse in one pass + extraction + json, streamed).
# Wall time and peak RSS come from GNU time (/usr/bin/time -v); median wall of --runs runs, the
# largest RSS of them.
#
#   Tools/bench-cwmp-cli.sh [--ferrule PATH] [--corpus DIR] [--runs N] [--copies N]
#
# Defaults: the release `ferrule` (built here), a temporary corpus, 3 runs. Prints a markdown table.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"

ferrule=""
corpus=""
runs=3
copies=29
while [[ $# -gt 0 ]]; do
    case "$1" in
        --ferrule) ferrule="$2"; shift 2 ;;
        --corpus) corpus="$2"; shift 2 ;;
        --runs) runs="$2"; shift 2 ;;
        --copies) copies="$2"; shift 2 ;;
        -h | --help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
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

# measure NAME COMMAND...: median wall seconds, max RSS (KB), output bytes.
measure() {
    local name="$1"; shift
    local walls=() rss=0
    for _ in $(seq "$runs"); do
        /usr/bin/time -f "%e %M" -o "$work/time" "$@" > "$work/out.json" 2> "$work/err" || true
        read -r wall kb < "$work/time"
        walls+=("$wall")
        (( kb > rss )) && rss=$kb
    done
    local median
    median=$(printf '%s\n' "${walls[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    local out
    out=$(wc -c < "$work/out.json")
    awk -v n="$name" -v s="$median" -v b="$bytes" -v r="$rss" -v o="$out" \
        'BEGIN { printf "| %s | %.2f | %.1f | %.1f | %d |\n", n, s, b / s / 1e6, r / 1024, o }'
}

echo
echo "### cwmp parse --format json, whole process ($files files, $bytes bytes; $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg))"
echo
echo "| tool | median wall s | MB/s | peak RSS MB | output bytes |"
echo "|---|---:|---:|---:|---:|"
measure "ferrule cwmp parse --format json" "$ferrule" cwmp parse --format json "$corpus"
measure "ferrule cwmp parse --format jsonl" "$ferrule" cwmp parse --format jsonl "$corpus"
measure "python lxml iterparse + json" "$py" Tools/bench-python-cwmp-cli.py "$corpus"
