#!/usr/bin/env bash
# Ferrule's main job end to end, on embedded defaults and nothing but this checkout:
#   1. compile Provisions/ and run its test cases (ferrule test),
#   2. start genieacs-standin (a GenieACS 1.2 NBI stand-in with 100 simulated CPEs) on loopback,
#   3. ferrule plan   → everything to create (exit 2),
#   4. ferrule deploy → applied and verified (exit 0),
#   5. ferrule plan   → no changes (exit 0).
# Secrets for ${secret:NAME} are random demo values made for this run (FERRULE_SECRET_*), never printed.
# Usage: Tools/demo.sh [--release]
set -euo pipefail
cd "$(dirname "$0")/.."

# A fresh Debian 12 with Swift lacks the C libraries' -dev packages (libcurl4-openssl-dev …).
Tools/install-deps.sh

configuration=debug
[ "${1:-}" = "--release" ] && configuration=release
swift build -c "$configuration" --product ferrule
swift build -c "$configuration" --product genieacs-standin
bin="$(swift build -c "$configuration" --show-bin-path)"

echo "== ferrule test Provisions --out build/genieacs"
"$bin/ferrule" test Provisions --out build/genieacs

log="$(mktemp)"
"$bin/genieacs-standin" --port 0 --devices 100 >"$log" 2>&1 &
standin=$!
trap 'kill "$standin" 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 1 100); do
    grep -q "^listening on " "$log" && break
    sleep 0.1
done
FERRULE_ACS_URL="$(sed -n 's/^listening on //p' "$log" | head -1)"
[ -n "$FERRULE_ACS_URL" ] || { cat "$log"; echo "demo: the stand-in did not start" >&2; exit 1; }
export FERRULE_ACS_URL
echo "== genieacs-standin listening on $FERRULE_ACS_URL (100 simulated CPEs)"

for name in CR_PASSWORD PPPOE_PASSWORD WIFI_PASSPHRASE; do
    export "FERRULE_SECRET_$name=demo-$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')"
done

echo "== ferrule plan Provisions (expect: everything to create, exit 2)"
set +e
"$bin/ferrule" plan Provisions
status=$?
set -e
[ "$status" -eq 2 ] || { echo "demo: plan exited $status, expected 2" >&2; exit 1; }

echo "== ferrule deploy Provisions --yes"
"$bin/ferrule" deploy Provisions --yes

echo "== ferrule plan Provisions (expect: no changes, exit 0)"
"$bin/ferrule" plan Provisions
echo "== demo passed: compiled, tested, planned, deployed, verified, and planned again with no changes"

# The PON half: the Python stand-ins' venv (.venv-tools, which `swift test` uses too), then
# voltha-standin → OLT → ONUs → provision-onu through SADIS and the ONOS olt app.
echo "== VOLTHA: OLT → ONUs → provision-onu (Tools/demo-voltha.sh)"
Tools/setup-python-tools.sh
Tools/demo-voltha.sh
