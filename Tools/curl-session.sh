#!/usr/bin/env bash
# The README's curl session, runnable: what a DotMac client does with `ferrule serve`, on this
# checkout alone (loopback, free ports, a temporary state directory removed at the end).
#   1. genieacs-standin with 3 TP-Link EX220s and the firmware image EX220-1.3.0.bin,
#   2. `ferrule serve` on the embedded defaults (FERRULE_ACS_URL, SQLite state), its runner
#      scanning every second,
#   3. `ferrule token create` → the token (last line of its output),
#   4. POST /api/v1/genieacs/firmware-upgrades/schedule with DotMac's body, scheduled now,
#   5. GET /api/v1/genieacs/firmware-upgrades/schedules/<id> until the status is `completed`.
# Prints each request and answer; exits 0 when the schedule completed with every device upgraded,
# 1 otherwise (after 120 s at the latest).
#   Tools/curl-session.sh
set -euo pipefail
cd "$(dirname "$0")/.."

# FERRULE_BIN: the folder of the built ferrule and genieacs-standin (tests pass theirs).
bin="${FERRULE_BIN:-$(swift build --show-bin-path)}"
if [ ! -x "$bin/ferrule" ] || [ ! -x "$bin/genieacs-standin" ]; then
    swift build --product ferrule
    swift build --product genieacs-standin
fi
command -v curl >/dev/null || { echo "curl-session.sh: needs curl (apt-get install curl)" >&2; exit 1; }

# shellcheck source=Tools/background-servers.sh
. Tools/background-servers.sh

# A member of a JSON document on standard input, by a Python expression on `d`.
json() { python3 -c "import json, sys; d = json.load(sys.stdin); print($1)"; }

FERRULE_ACS_URL="$(start genieacs "$bin/genieacs-standin" --port 0 --devices 3 --seed 1 \
    --fixture Fixtures/trees/nbi-device-tr181.json --inform-interval 0)"
export FERRULE_ACS_URL
echo "firmware image" >"$work/fw.bin"
"$bin/ferrule" acs files upload "$work/fw.bin" --name EX220-1.3.0.bin \
    --version "1.3.0 0.9.0 v6048.0 Build 241001" --acs "$FERRULE_ACS_URL" >/dev/null
echo "runner: {scan_seconds: 1, poll_seconds: 0.5}" >"$work/serve.yaml"
mkdir -p "$work/state"
URL="$(start serve "$bin/ferrule" serve --port 0 --state "$work/state" --config "$work/serve.yaml")"
echo "# ferrule serve at $URL, GenieACS (stand-in) at $FERRULE_ACS_URL"

echo '$ TOKEN=$(ferrule token create --state STATE --tenant default --permission "isp.cpe.*" | tail -1)'
TOKEN="$("$bin/ferrule" token create --state "$work/state" --tenant default --permission 'isp.cpe.*' \
    --name curl-session | tail -1)"

now="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
body='{"name": "EX220 to 1.3.0", "firmware_file": "EX220-1.3.0.bin", "file_type": "1 Firmware Upgrade Image",
 "device_filter": {"_deviceId._ProductClass": "EX220"}, "scheduled_at": "'"$now"'", "timezone": "UTC",
 "max_concurrent": 10}'
echo "\$ curl -X POST \$URL/api/v1/genieacs/firmware-upgrades/schedule -H \"X-API-Key: \$TOKEN\" -d '$body'"
created="$(curl -sS -X POST "$URL/api/v1/genieacs/firmware-upgrades/schedule" -H "X-API-Key: $TOKEN" \
    -H 'Content-Type: application/json' -d "$body")"
echo "$created"
id="$(echo "$created" | json 'd["schedule"]["schedule_id"]')"

echo "\$ curl \$URL/api/v1/genieacs/firmware-upgrades/schedules/$id -H \"X-API-Key: \$TOKEN\"   # every second"
status=""
for _ in $(seq 1 120); do
    progress="$(curl -sS "$URL/api/v1/genieacs/firmware-upgrades/schedules/$id" -H "X-API-Key: $TOKEN")"
    line="$(echo "$progress" | json '"%s: %d/%d completed, %d failed, %d pending" % (d["schedule"]["status"], d["completed_devices"], d["total_devices"], d["failed_devices"], d["pending_devices"])')"
    [ "$line" != "${last:-}" ] && echo "$line"
    last="$line"
    status="$(echo "$progress" | json 'd["schedule"]["status"]')"
    case "$status" in completed|failed|cancelled|paused) break ;; esac
    sleep 1
done
echo "$progress"
completed="$(echo "$progress" | json 'd["completed_devices"] == d["total_devices"] == 3')"
[ "$status" = completed ] && [ "$completed" = True ] || { echo "curl-session.sh: the schedule ended $status" >&2; exit 1; }
