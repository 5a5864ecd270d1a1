#!/usr/bin/env bash
# Property-based tests of `ferrule serve` against its own contract, openapi/ferrule.yaml, with
# schemathesis (pinned in Tools/requirements-tools.txt): every operation is called with examples
# generated from the document (valid and invalid), and every check runs (`--checks all`): no answer
# is a 5xx or differs from the document (status code, content type, headers, body schema); a request
# the document allows is not refused (positive_data_acceptance) and one it forbids is
# (negative_data_rejection); an undeclared method on a declared path answers 405 with `Allow`
# (unsupported_method); a route without a token answers 401 (ignored_auth). Tools/schemathesis.toml
# lists the few operations whose bodies hold documents JSON Schema cannot judge (campaign files,
# rule files, trees, time zones) and the 4xx those may get.
#
#   Tools/schemathesis.sh                 build the executables if needed, run, exit 0 when clean
#   Tools/schemathesis.sh --max-examples N --seed S
#
# Everything runs on loopback with free ports, in a temporary directory removed at the end:
#   1. genieacs-standin (the GenieACS 1.2.16 NBI stand-in) with 5 devices from the TR-181 fixture,
#   2. voltha-standin (VOLTHA's gRPC northbound API, default scenario, instant lifecycles),
#   3. `ferrule serve --port 0` on the embedded defaults (one tenant, `default`, on those two
#      upstreams from FERRULE_ACS_URL and FERRULE_VOLTHA; SQLite state in the temporary directory,
#      with an empty PON event store; the data models of ./Models), with a configuration file that
#      only raises the per-token rate limit,
#   4. a token from `ferrule token create --permission '*'`,
#   5. `schemathesis run` on the document the server serves at /openapi.json.
# Exit status: schemathesis's (0 clean, 1 failures found), or 1 when a server does not start.
# The report (JUnit XML) and the servers' logs are copied to .build/schemathesis/ for CI.
set -euo pipefail
cd "$(dirname "$0")/.."

max_examples=25
seed=1
while [ $# -gt 0 ]; do
    case "$1" in
        --max-examples) max_examples="$2"; shift 2 ;;
        --seed) seed="$2"; shift 2 ;;
        -h|--help) sed -n '2,25p' "$0"; exit 0 ;;
        *) echo "schemathesis.sh: unknown option '$1' (expected --max-examples N or --seed S)" >&2; exit 64 ;;
    esac
done

Tools/setup-python-tools.sh
# FERRULE_BIN: the folder of the built ferrule and genieacs-standin (tests pass theirs).
bin="${FERRULE_BIN:-$(swift build --show-bin-path)}"
if [ ! -x "$bin/ferrule" ] || [ ! -x "$bin/genieacs-standin" ]; then
    swift build --product ferrule
    swift build --product genieacs-standin
fi

out=.build/schemathesis
rm -rf "$out"
# The servers' logs go to $out for CI, whatever the outcome.
on_exit() { mkdir -p "$out"; cp "$work"/*.log "$out"/ 2>/dev/null || true; }
# shellcheck source=Tools/background-servers.sh
. Tools/background-servers.sh

FERRULE_ACS_URL="$(start genieacs "$bin/genieacs-standin" --port 0 --devices 5 --seed 1 \
    --fixture Fixtures/trees/nbi-device-tr181.json --inform-interval 0)"
echo "timing: {mode: time, step_ms: 0}" >"$work/voltha-scenario.yaml"
FERRULE_VOLTHA="$(start voltha .venv-tools/bin/python Tools/voltha-standin/voltha_standin.py --port 0 \
    --scenario "$work/voltha-scenario.yaml")"
export FERRULE_ACS_URL FERRULE_VOLTHA
# Only the rate limit differs from the embedded defaults: schemathesis sends far more than 50
# requests per second with one token, and 429s would hide what it tests.
cat >"$work/serve.yaml" <<'YAML'
limits: {rate_per_second: 100000, burst: 1000000}
YAML
state="$work/state"
# The tenant's PON event store, empty, as `ferrule events run` leaves it before the first event
# (without it the alarms and events routes answer 503 "No PON event store is configured").
mkdir -p "$state/tenants/default"
: >"$state/tenants/default/events.sqlite"
url="$(start serve "$bin/ferrule" serve --port 0 --state "$state" --config "$work/serve.yaml")"
token="$("$bin/ferrule" token create --state "$state" --tenant default --permission '*' --name schemathesis | tail -1)"
echo "schemathesis.sh: ferrule serve $url, genieacs-standin $FERRULE_ACS_URL, voltha-standin $FERRULE_VOLTHA"

status=0
# Run from $work: schemathesis keeps its example database in ./.schemathesis.
# schemathesis's CLI, with its lazily imported ASGI transport (anyio) imported first on the main thread: CPython 3.11
# can fail that first import inside a worker thread ("SystemError: AST constructor recursion depth mismatch", seen in a
# CI trial as a Runtime Error on one operation).
py="$PWD/.venv-tools/bin/python"
prelude='import sys, anyio, schemathesis.transport.asgi
from schemathesis.cli import schemathesis
sys.argv[0] = "schemathesis"
sys.exit(schemathesis())'
config="$PWD/Tools/schemathesis.toml"
(cd "$work" && "$py" -c "$prelude" --config-file "$config" run "$url/openapi.json" \
    --url "$url/api/v1" \
    --header "X-API-Key: $token" \
    --checks "${SCHEMATHESIS_CHECKS:-all}" \
    --phases "${SCHEMATHESIS_PHASES:-examples,coverage,fuzzing}" \
    --max-examples "$max_examples" \
    --seed "$seed" \
    --workers 2 \
    --request-timeout 30 \
    --suppress-health-check all \
    --warnings off \
    --report junit --report-dir "$work/report") || status=$?
mkdir -p "$out"
cp "$work"/report/* "$out"/ 2>/dev/null || true
exit "$status"
