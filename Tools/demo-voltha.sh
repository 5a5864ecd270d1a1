#!/usr/bin/env bash
# VOLTHA end to end on this checkout alone: OLT → ONUs → provision-onu → deprovision-onu.
#   1. voltha-standin (one ACTIVE OLT, 2 PON ports × 4 ONUs) on loopback,
#   2. ferrule voltha sadis-serve: the SADIS source ONOS reads (a demo SADIS file with profiles),
#   3. onos-standin (the ONOS olt app and SADIS REST), reading VOLTHA's ports and Ferrule's SADIS,
#   4. ferrule voltha health / devices --olts / onus / onus --discovered,
#   5. provision-onu BBSM00000002 on pon-0 → ONOS's programmed subscribers → deprovision-onu.
# Usage: Tools/demo-voltha.sh
set -euo pipefail
cd "$(dirname "$0")/.."

[ -x .venv-tools/bin/python ] || Tools/setup-python-tools.sh
swift build --product ferrule
ferrule="$(swift build --show-bin-path)/ferrule"
work="$(mktemp -d)"
# start() runs inside $(…), a subshell: it records each server's pid in a file for the trap.
trap 'for f in "$work"/*.pid; do [ -e "$f" ] && kill "$(cat "$f")" 2>/dev/null; done; rm -rf "$work"' EXIT

# Starts a server in the background and prints the address from its "listening on" line.
start() {
    local log="$work/$1.log"
    shift
    "$@" >"$log" 2>&1 &
    echo $! >"$work/$(basename "$log" .log).pid"
    for _ in $(seq 1 200); do
        grep -q "^listening on " "$log" && break
        sleep 0.1
    done
    sed -n 's/^listening on //p' "$log" | head -1 | grep . || { cat "$log" >&2; exit 1; }
}

cat >"$work/sadis.json" <<'JSON'
{"sadis": {"entries": [{"id": "BBSIM_OLT_0", "hardwareIdentifier": "0a:0a:0a:0a:00:00", "ipAddress": "10.0.0.5",
                        "nasId": "BBSIM_OLT_0", "uplinkPort": 16777216}]},
 "bandwidthprofile": {"entries": [
   {"id": "Default", "cir": 1000000, "cbs": 1001, "eir": 1002, "ebs": 1003, "air": 100000},
   {"id": "User_Bandwidth1", "cir": 50000, "cbs": 10000, "eir": 100000, "ebs": 10000, "air": 100000},
   {"id": "User_Bandwidth2", "cir": 100000, "cbs": 10000, "eir": 100000, "ebs": 10000, "air": 100000}]}}
JSON
export FERRULE_SADIS="$work/sadis.json"
echo "timing: {mode: time, step_ms: 0}" >"$work/scenario.yaml"
FERRULE_VOLTHA="$(start voltha .venv-tools/bin/python Tools/voltha-standin/voltha_standin.py --port 0 --scenario "$work/scenario.yaml")"
export FERRULE_VOLTHA
sadis="$(start sadis "$ferrule" voltha sadis-serve --port 0)"
FERRULE_ONOS_URL="$(start onos .venv-tools/bin/python Tools/onos-standin/onos_standin.py --port 0 --voltha "$FERRULE_VOLTHA" \
    --sadis-url "$sadis/v2/subscribers/%s" --bp-url "$sadis/v2/bandwidthprofiles/%s")"
export FERRULE_ONOS_URL
echo "== voltha-standin $FERRULE_VOLTHA, SADIS $sadis, onos-standin $FERRULE_ONOS_URL"

run() {
    echo
    echo "== ferrule voltha $*"
    "$ferrule" voltha "$@"
}
run health
run devices --olts
run onus
run onus --discovered
run provision-onu --olt BBSIM_OLT_0 --pon 0 --serial BBSM00000002 --c-tag 901 --s-tag 900 \
    --upstream-bp User_Bandwidth1 --downstream-bp User_Bandwidth2
echo
echo "== ONOS programmed subscribers"
curl -s "$FERRULE_ONOS_URL/onos/olt/oltapp/programmed-subscribers"
echo
run onus --discovered
run deprovision-onu --serial BBSM00000002
