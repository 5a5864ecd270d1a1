#!/usr/bin/env bash
# Kafka consumer throughput: Ferrule's KafkaConsumer (Benchmarks/Sources/kafka-bench) against the
# Python confluent-kafka consumer (Tools/bench-python-kafka.py), both on librdkafka 2.16, reading the
# same genuine VOLTHA events from one Tansu broker (Tools/kafka-broker.sh) in the same run, each with a
# fresh consumer group. Two commit modes: a synchronous commit every 1000 records, and after every record
# (what `ferrule events run` does: commit once an event's effects are recorded).
#
#   Tools/bench-kafka.sh [--count N] [--each-count M]     (defaults 20000 and 2000)
#
# Prints one line per run (records/s from the first record to the last; group join time apart).
set -euo pipefail
cd "$(dirname "$0")/.."

count=20000
each_count=2000
while [ $# -gt 0 ]; do
    case "$1" in
        --count) count=$2; shift 2 ;;
        --each-count) each_count=$2; shift 2 ;;
        -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "bench-kafka: unknown argument '$1'" >&2; exit 64 ;;
    esac
done

# shellcheck source=Tools/bench-binaries.sh
. Tools/bench-binaries.sh
kafka_client_env
bench=$(bench_binary kafka-bench)

out=$(mktemp)
broker_pid=
trap '[ -n "$broker_pid" ] && kill "$broker_pid" 2>/dev/null; rm -f "$out"' EXIT
Tools/kafka-broker.sh >"$out" &
broker_pid=$!
until grep -q "^listening on" "$out"; do
    kill -0 "$broker_pid" 2>/dev/null || { echo "bench-kafka: the broker did not start" >&2; exit 1; }
    sleep 0.1
done
brokers=$(sed -n 's/^listening on //p' "$out")

echo "== publishing $count events to $brokers" >&2
"$python" Tools/kafka-produce-events.py --brokers "$brokers" --count "$count" --quiet >&2

echo "== consuming (same records, fresh group per run)" >&2
"$bench" --brokers "$brokers" --count "$count" --commit-every 1000
"$python" Tools/bench-python-kafka.py --brokers "$brokers" --count "$count" --commit-every 1000
"$bench" --brokers "$brokers" --count "$each_count" --commit-every 1
"$python" Tools/bench-python-kafka.py --brokers "$brokers" --count "$each_count" --commit-every 1
echo "== machine: $(nproc) cores, $(uname -m), $(date -u +%Y-%m-%dT%H:%MZ), load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
