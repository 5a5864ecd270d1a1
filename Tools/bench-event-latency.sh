#!/usr/bin/env bash
# End-to-end latency of PON triggers: from a VOLTHA event's publication on Kafka to its GenieACS task,
# through the pipeline `ferrule events run --rules` wires (Benchmarks/Sources/event-latency-bench), against
# the same pipeline written in Python with confluent-kafka, sqlite3 and urllib
# (Tools/bench-python-event-latency.py), on one Tansu broker and a GenieACS stand-in each, in the same run.
# Each side gets its own topic; the producer (Tools/kafka-produce-events.py --rate) publishes ONU_DISCOVERY
# + ONU_ACTIVATED for N ONUs at R events/s while the consumer runs. Latency = the task POST's answer minus
# the event's reported_ts (its publish time). Both sides get the same producer (linger.ms=5, acks=all:
# kafka-produce-events.py) and the same fetch.wait.max.ms (--fetch-wait, default Ferrule's 100), and
# start only once their consumer has joined the group and read to the end of the topic.
#
#   Tools/bench-event-latency.sh [--onus N] [--rate R] [--fetch-wait MS]     (defaults 1000, 200, 100)
set -euo pipefail
cd "$(dirname "$0")/.."

onus=1000
rate=200
fetch_wait=100
while [ $# -gt 0 ]; do
    case "$1" in
        --onus) onus=$2; shift 2 ;;
        --rate) rate=$2; shift 2 ;;
        --fetch-wait) fetch_wait=$2; shift 2 ;;
        -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "bench-event-latency: unknown argument '$1'" >&2; exit 64 ;;
    esac
done

# shellcheck source=Tools/bench-binaries.sh
. Tools/bench-binaries.sh
kafka_client_env
bench=$(bench_binary event-latency-bench)

work=$(mktemp -d)
pids=()
# Stops every child: SIGTERM, up to 5 s for it to exit, then SIGKILL (a stand-in that outlived the
# script kept its port and CPU).
stop_children() {
    local p i
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    for p in "${pids[@]}"; do
        for i in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$p" 2>/dev/null || true
    done
    rm -rf "$work"
}
trap stop_children EXIT
# Waits until file $1 has a line starting with $2 (the process $3 must stay alive meanwhile).
wait_line() {
    until grep -q "^$2" "$1"; do
        kill -0 "$3" 2>/dev/null || { echo "bench-event-latency: $(head -c 2000 "$1")" >&2; exit 1; }
        sleep 0.1
    done
}

Tools/kafka-broker.sh --topic voltha.events --topic voltha.events.peer >"$work/broker" &
pids+=($!)
wait_line "$work/broker" "listening on" "${pids[-1]}"
brokers=$(sed -n 's/^listening on //p' "$work/broker")
serials=$(seq -f 'BBSM00%06g' 0 $((onus - 1)) | paste -sd, -)
count=$((onus * 2))

echo "== ferrule pipeline: $onus activations at $rate events/s" >&2
"$bench" --brokers "$brokers" --onus "$onus" --property "fetch.wait.max.ms=$fetch_wait" >"$work/ferrule" &
bench_pid=$!
pids+=($bench_pid)
wait_line "$work/ferrule" "ready:" "$bench_pid"
"$python" Tools/kafka-produce-events.py --brokers "$brokers" --onus "$serials" --count "$count" --rate "$rate" --quiet >&2
wait "$bench_pid" || echo "bench-event-latency: event-latency-bench exited $?" >&2
echo "ferrule:  $(grep -E '^publish' "$work/ferrule")"
grep -E '^(consumer|  publish)' "$work/ferrule" | sed 's/^ *//; s/^/          /'

echo "== Python peer: the same pipeline (confluent-kafka, sqlite3, urllib)" >&2
"$bench" serve --devices "$onus" >"$work/standin" &
pids+=($!)
wait_line "$work/standin" "listening on" "${pids[-1]}"
acs=$(sed -n 's/^listening on //p' "$work/standin")
"$python" Tools/bench-python-event-latency.py --brokers "$brokers" --topic voltha.events.peer --acs "$acs" \
    --onus "$onus" --fetch-wait-ms "$fetch_wait" >"$work/peer" &
peer_pid=$!
pids+=($peer_pid)
wait_line "$work/peer" "ready:" "$peer_pid"
"$python" Tools/kafka-produce-events.py --brokers "$brokers" --topic voltha.events.peer --onus "$serials" \
    --count "$count" --rate "$rate" --quiet >&2
wait "$peer_pid" || echo "bench-event-latency: the Python peer exited $?" >&2
echo "python:   $(grep -E '^publish' "$work/peer")"
echo "== machine: $(nproc) cores, $(uname -m), $(date -u +%Y-%m-%dT%H:%MZ), load $(cut -d' ' -f1-3 /proc/loadavg)"
