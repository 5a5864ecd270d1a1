#!/usr/bin/env bash
# `ferrule serve` under load, against its FastAPI peer (Tools/bench-python-serve.py: the seed's
# stack, FastAPI + uvicorn/uvloop/httptools + httpx + SQLite), in the same run, on loopback, against
# the same GenieACS stand-in (release build of Tools/genieacs-standin, N devices of the TR-181
# fixture). Two routes:
#   devices   GET /api/v1/genieacs/devices              (limit 100: one NBI query per request)
#   progress  GET /api/v1/genieacs/firmware-upgrades/schedules/<id>   (a schedule over every
#             device, created through Ferrule's API and copied into the peer's SQLite)
#   progress-fresh  the same GET, each request with an Accept header no other request sends
#             (`application/json, text/x-bench-<thread>-<n>`): ferrule keeps a progress answer
#             until the next commit (ProgressCacheMiddleware) under the tenant, id and Accept
#             header, so this measures the answer made afresh, as while a campaign runs and
#             commits between polls (not in the default set)
# Servers, one after another (the others idle): ferrule (release; Hummingbird on one event loop
# per core, here 2), FastAPI with 1 uvicorn worker, FastAPI with 2 workers (pre-forked on one
# socket, as `uvicorn --workers 2`). For each server and route:
#   1. a 3 s warm-up (plain wrk),
#   2. a fixed rate (default 1,000 requests/s for 30 s) held by plain wrk (Debian's wrk 4 has no
#      rate option) with a Lua script: one connection per wrk thread (16), connection i sends its
#      k-th request at t0 + i·T/16 + k·T (T = 16 ms); a request held back because the previous
#      answer came after its scheduled time is timed from that scheduled time (wrk2's correction
#      for coordinated omission), others from their send. p50/p99/p99.9 and the rate achieved;
#      server CPU seconds over the run (utime+stime from /proc/PID/stat, workers included),
#   3. saturation: plain wrk, 2 threads, 64 connections, 15 s, the same for every server.
# Peak RSS: VmHWM (summed over processes for the peer) after the fixed-rate runs and at the end.
# The stand-in alone is measured at saturation too: it is the ceiling of the devices route.
#
#   Tools/bench-serve.sh [--rate 1000] [--seconds 30] [--saturation-seconds 15] [--devices 100]
#                        [--routes "devices progress"] [--no-build] [--keep DIR]
#
# FERRULE_BIN=DIR: use the ferrule and genieacs-standin in DIR instead of building them (release).
# --routes: the routes to measure (default both; `progress` alone skips the devices route, which
# the stand-in caps). --keep DIR: copy the servers' logs and wrk's outputs there. Needs wrk
# (installed with apt-get when missing, as root) and python3 (a venv .venv-bench gets the pinned
# peer packages). Prints one table.
set -euo pipefail
cd "$(dirname "$0")/.."

rate=1000
seconds=30
sat_seconds=15
devices=100
routes="devices progress"
build=1
keep=""
connections=16
sat_connections=64
while [ $# -gt 0 ]; do
    case "$1" in
        --rate) rate="$2"; shift 2 ;;
        --seconds) seconds="$2"; shift 2 ;;
        --saturation-seconds) sat_seconds="$2"; shift 2 ;;
        --devices) devices="$2"; shift 2 ;;
        --routes) routes="$2"; shift 2 ;;
        --no-build) build=0; shift ;;
        --keep) keep="$2"; shift 2 ;;
        -h|--help) sed -n '2,30p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "bench-serve.sh: unknown argument '$1' (see --help)" >&2; exit 64 ;;
    esac
done

if ! command -v wrk >/dev/null; then
    echo "== apt-get install wrk" >&2
    apt-get install -y wrk >&2 || { apt-get update >&2 && apt-get install -y wrk >&2; }
fi
python=.venv-bench/bin/python
[ -x "$python" ] || python3 -m venv .venv-bench
if ! "$python" -c 'import fastapi, uvicorn, uvloop, httptools, httpx' 2>/dev/null; then
    echo "== pip install the peer's packages into .venv-bench" >&2
    .venv-bench/bin/pip install --quiet fastapi==0.163.2 uvicorn==0.54.0 uvloop==0.23.0 httptools==0.9.0 \
        httpx==0.28.1 >&2
fi
# FERRULE_BIN: a folder with ferrule and genieacs-standin already built (nothing is built then).
if [ -n "${FERRULE_BIN:-}" ]; then
    bin="$FERRULE_BIN"
else
    if [ $build -eq 1 ]; then
        echo "== swift build -c release --product ferrule / genieacs-standin" >&2
        swift build -c release --product ferrule >&2
        swift build -c release --product genieacs-standin >&2
    fi
    bin="$(swift build -c release --show-bin-path)"
fi

# shellcheck source=Tools/background-servers.sh
. Tools/background-servers.sh
on_exit() { if [ -n "$keep" ]; then mkdir -p "$keep" && cp "$work"/*.log "$work"/*.out "$work"/*.txt "$keep"/ 2>/dev/null || true; fi; }

tick=$(getconf CLK_TCK)
# The process and its children (the peer's workers).
family() { echo "$1"; pgrep -P "$1" || true; }
# CPU seconds (user + system) used so far by a process and its children.
cpu_seconds() {
    local total=0 pid
    for pid in $(family "$1"); do
        total=$((total + $(awk '{ print $14 + $15 }' "/proc/$pid/stat" 2>/dev/null || echo 0)))
    done
    awk -v t="$total" -v k="$tick" 'BEGIN { printf "%.2f", t / k }'
}
# Peak resident memory in MB (VmHWM), summed over a process and its children.
peak_rss() {
    local kb=0 pid
    for pid in $(family "$1"); do
        kb=$((kb + $(awk '/^VmHWM/ { print $2 }' "/proc/$pid/status" 2>/dev/null || echo 0)))
    done
    awk -v k="$kb" 'BEGIN { printf "%.1f", k / 1024 }'
}
load() { cut -d' ' -f1 /proc/loadavg; }

# The fixed-rate pacing for plain wrk (see the header): one connection per thread.
cat >"$work/fixed-rate.lua" <<'LUA'
local ffi = require("ffi")
ffi.cdef [[
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clock, bench_timespec *tp);
]]
local ts = ffi.new("bench_timespec")
local function now_us()
    ffi.C.clock_gettime(1, ts) -- CLOCK_MONOTONIC
    return tonumber(ts.tv_sec) * 1000000 + tonumber(ts.tv_nsec) / 1000
end

local threads, count = {}, 0
function setup(thread)
    thread:set("index", count)
    count = count + 1
    table.insert(threads, thread)
end

local interval, nextAt, intended, sentAt, lastAnswer, req, vary, sent
corrected, raw, failed = {}, {}, 0
function init(args)
    local rate, conns = tonumber(args[1]), tonumber(args[2])
    interval = 1000000 * conns / rate
    nextAt = now_us() + 200000 + index * interval / conns
    lastAnswer = 0
    req = wrk.format(nil, nil)
    vary = args[3] == "fresh"
    sent = 0
end
function delay()
    intended = nextAt
    nextAt = nextAt + interval
    local wait = (intended - now_us()) / 1000
    if wait < 1 then return 0 end
    return math.floor(wait)
end
-- wrk's -H headers (the token) with an Accept header no other request sends.
function varied(n)
    local headers = {}
    for name, value in pairs(wrk.headers) do headers[name] = value end
    headers["Accept"] = "application/json, text/x-bench-" .. index .. "-" .. n
    return headers
end
function request()
    sentAt = now_us()
    if vary then
        sent = sent + 1
        return wrk.format(nil, nil, varied(sent))
    end
    return req
end
function response(status, headers, body)
    local t = now_us()
    local start = sentAt
    if lastAnswer > intended then start = intended end
    lastAnswer = t
    corrected[#corrected + 1] = t - start
    raw[#raw + 1] = t - sentAt
    if status < 200 or status > 299 then failed = failed + 1 end
end
function done(summary, latency, requests)
    local all, sends, bad = {}, {}, 0
    for _, thread in ipairs(threads) do
        for _, v in ipairs(thread:get("corrected")) do all[#all + 1] = v end
        for _, v in ipairs(thread:get("raw")) do sends[#sends + 1] = v end
        bad = bad + thread:get("failed")
    end
    table.sort(all)
    table.sort(sends)
    local function pct(a, p)
        if #a == 0 then return 0 end
        return a[math.max(1, math.ceil(#a * p))] / 1000
    end
    local e = summary.errors
    io.write(string.format(
        "FIXED requests=%d rps=%.1f non2xx=%d errors=%d p50=%.3f p90=%.3f p99=%.3f p999=%.3f max=%.3f send_p50=%.3f send_p99=%.3f\n",
        #all, #all / (summary.duration / 1000000), bad, e.connect + e.read + e.write + e.timeout,
        pct(all, 0.5), pct(all, 0.9), pct(all, 0.99), pct(all, 0.999), pct(all, 1.0),
        pct(sends, 0.5), pct(sends, 0.99)))
end
LUA

# progress-fresh at saturation: every request with an Accept header no other request sends.
cat >"$work/vary-accept.lua" <<'LUA'
local threads, count = {}, 0
function setup(thread)
    thread:set("index", count)
    count = count + 1
end
local sent = 0
function request()
    sent = sent + 1
    local headers = {}
    for name, value in pairs(wrk.headers) do headers[name] = value end
    headers["Accept"] = "application/json, text/x-bench-" .. index .. "-" .. sent
    return wrk.format(nil, nil, headers)
end
LUA

# wrk's "Requests/sec" and 99% latency (ms) from a plain run's output.
saturation() {
    local out="$1"
    local rps p99 non2xx
    rps=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$out")
    p99=$(awk '$1 == "99%" { v = $2; u = v; gsub(/[0-9.]/, "", u); gsub(/[a-z]/, "", v);
        if (u == "us") v /= 1000; else if (u == "s") v *= 1000; printf "%.1f", v }' "$out")
    non2xx=$(awk '/Non-2xx/ { print $NF }' "$out")
    echo "$rps ${p99:-?} ${non2xx:-0}"
}

echo "== genieacs-standin (release), $devices devices" >&2
acs="$(start genieacs "$bin/genieacs-standin" --port 0 --devices "$devices" --seed 1 \
    --fixture Fixtures/trees/nbi-device-tr181.json --inform-interval 0)"
echo "firmware image" >"$work/fw.bin"
"$bin/ferrule" acs files upload "$work/fw.bin" --name EX220-1.3.0.bin \
    --version "1.3.0 0.9.0 v6048.0 Build 241001" --acs "$acs" >/dev/null

echo "== ferrule serve (release)" >&2
# The per-token rate limit (50/s by default) would answer 429: raised for the benchmark.
printf 'limits: {rate_per_second: 100000, burst: 1000000}\n' >"$work/serve.yaml"
mkdir -p "$work/state"
export FERRULE_ACS_URL="$acs"
ferrule_url="$(start ferrule "$bin/ferrule" serve --port 0 --state "$work/state" \
    --config "$work/serve.yaml")"
token="$("$bin/ferrule" token create --state "$work/state" --tenant default --permission 'isp.cpe.*' \
    --name bench | tail -1)"
# Scheduled a day ahead: the runner leaves it alone, so every GET reads the same rows.
later="$(date -u -d '+1 day' +%Y-%m-%dT%H:%M:%SZ)"
body='{"name": "EX220 to 1.3.0", "firmware_file": "EX220-1.3.0.bin", "device_filter": {"_deviceId._ProductClass": "EX220"},
 "scheduled_at": "'"$later"'", "timezone": "UTC", "max_concurrent": 10}'
schedule_id="$(curl -sS -f -X POST "$ferrule_url/api/v1/genieacs/firmware-upgrades/schedule" \
    -H "X-API-Key: $token" -H 'Content-Type: application/json' -d "$body" |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["schedule"]["schedule_id"])')"
curl -sS -f "$ferrule_url/api/v1/genieacs/firmware-upgrades/schedules/$schedule_id" -H "X-API-Key: $token" \
    >"$work/schedule.json"
devices_path="/api/v1/genieacs/devices"
progress_path="/api/v1/genieacs/firmware-upgrades/schedules/$schedule_id"

rows=()
declare -A p99 sat_rps rss
# field NAME LINE: the value of NAME=value in a FIXED line.
field() { echo "$2" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
# measure NAME PID URL: the fixed-rate and saturation runs of both routes against one server.
measure() {
    local name="$1" pid="$2" url="$3" route path before after fixed sat
    for route in $routes; do
        path=$devices_path
        [ "$route" != devices ] && path=$progress_path
        local vary=""
        [ "$route" = progress-fresh ] && vary=fresh
        wrk -t2 -c"$sat_connections" -d3s -H "X-API-Key: $token" "$url$path" >/dev/null
        before=$(cpu_seconds "$pid")
        local l1
        l1=$(load)
        wrk -t"$connections" -c"$connections" -d"${seconds}s" --timeout 10s -H "X-API-Key: $token" -s "$work/fixed-rate.lua" \
            "$url$path" -- "$rate" "$connections" "$vary" >"$work/$name-$route-fixed.txt" 2>&1
        after=$(cpu_seconds "$pid")
        fixed=$(grep '^FIXED' "$work/$name-$route-fixed.txt") || {
            echo "bench-serve.sh: wrk failed against $name $route:" >&2
            cat "$work/$name-$route-fixed.txt" >&2
            exit 1
        }
        local rss_fixed
        rss_fixed=$(peak_rss "$pid")
        local script=()
        [ -n "$vary" ] && script=(-s "$work/vary-accept.lua")
        wrk -t2 -c"$sat_connections" -d"${sat_seconds}s" --timeout 10s --latency -H "X-API-Key: $token" "${script[@]}" \
            "$url$path" >"$work/$name-$route-saturation.txt" 2>&1
        sat=$(saturation "$work/$name-$route-saturation.txt")
        rows+=("| $name | $route | $(field rps "$fixed") | $(field p50 "$fixed") | $(field p99 "$fixed") | $(field p999 "$fixed") | $(field non2xx "$fixed")/$(field errors "$fixed") | \
$(awk -v a="$before" -v b="$after" 'BEGIN { printf "%.1f", b - a }') | $rss_fixed | \
$(echo "$sat" | cut -d' ' -f1) | $(echo "$sat" | cut -d' ' -f2) | $(echo "$sat" | cut -d' ' -f3) | \
$(peak_rss "$pid") | $l1 / $(load) |")
        p99["$name-$route"]=$(field p99 "$fixed")
        sat_rps["$name-$route"]=$(echo "$sat" | cut -d' ' -f1)
        rss["$name"]=$(peak_rss "$pid")
        echo "   $name $route: $fixed; saturation $sat (rps, p99 ms, non-2xx); load $(load)" >&2
    done
}

# stop NAME: SIGTERM, then wait for the process to exit.
stop() {
    local pid
    pid=$(cat "$work/$1.pid")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
}

# The same answers from both servers (the peer is checked below before it is measured).
same() {
    local url="$1"
    curl -sS -f "$url$devices_path" -H "X-API-Key: $token" >"$work/peer-devices.json"
    curl -sS -f "$url$progress_path" -H "X-API-Key: $token" >"$work/peer-progress.json"
    curl -sS -f "$ferrule_url$devices_path" -H "X-API-Key: $token" >"$work/ferrule-devices.json"
    python3 - "$work" <<'PY'
import json, sys
w = sys.argv[1]
def load(name): return json.load(open(f"{w}/{name}.json"))
a, b = load("ferrule-devices"), load("peer-devices")
keys = ["_id", "manufacturer", "model", "product_class", "oui", "serial_number", "hardware_version",
        "software_version", "connection_request_url"]
assert a["total"] == b["total"] and len(a["devices"]) == len(b["devices"]), "device lists differ"
for x, y in zip(a["devices"], b["devices"]):
    assert all(x.get(k) == y.get(k) for k in keys), f"device {x['_id']} differs"
p, q = load("schedule"), load("peer-progress")
for k in ["total_devices", "completed_devices", "failed_devices", "pending_devices"]:
    assert p[k] == q[k], f"progress {k} differs"
assert [r["device_id"] for r in p["results"]] == [r["device_id"] for r in q["results"]], "results differ"
print(f"   same answers: {len(a['devices'])} devices of {a['total']}, {len(p['results'])} results", file=sys.stderr)
PY
}

echo "== measuring ferrule serve at $ferrule_url" >&2
measure ferrule "$(cat "$work/ferrule.pid")" "$ferrule_url"

for workers in 1 2; do
    name="fastapi-$workers"
    echo "== measuring FastAPI peer, $workers uvicorn worker(s)" >&2
    peer_url="$(start "$name" "$python" Tools/bench-python-serve.py --acs "$acs" --db "$work/$name.sqlite" \
        --token "$token" --schedule "$work/schedule.json" --workers "$workers" --log "$work/$name.access.log")"
    same "$peer_url"
    measure "$name" "$(cat "$work/$name.pid")" "$peer_url"
    stop "$name"
done

echo "== the stand-in alone (saturation, the devices route's upstream query)" >&2
query="/devices/?projection=_id,_deviceId,_lastInform,_registered,_lastBoot,Device.DeviceInfo,InternetGatewayDevice.DeviceInfo,Device.ManagementServer.ConnectionRequestURL,InternetGatewayDevice.ManagementServer.ConnectionRequestURL&sort=%7B%22_id%22%3A1%7D&skip=0&limit=100"
wrk -t2 -c"$sat_connections" -d"${sat_seconds}s" --latency "$acs$query" >"$work/standin-saturation.txt" 2>&1
standin=$(saturation "$work/standin-saturation.txt")

echo
verdict() { if awk -v a="$1" -v b="$2" "BEGIN { exit !(a $3 b) }"; then echo PASS; else echo FAIL; fi; }
for route in $routes; do
    echo "target p99 <= 5 ms at $rate req/s, $route: ferrule ${p99[ferrule-$route]} ms $(verdict "${p99[ferrule-$route]}" 5 '<=')" \
        "(FastAPI 1 worker ${p99[fastapi-1-$route]} ms, 2 workers ${p99[fastapi-2-$route]} ms)"
done
for route in $routes; do
    r1=$(awk -v a="${sat_rps[ferrule-$route]}" -v b="${sat_rps[fastapi-1-$route]}" 'BEGIN { printf "%.1f", (b > 0 ? a / b : 0) }')
    r2=$(awk -v a="${sat_rps[ferrule-$route]}" -v b="${sat_rps[fastapi-2-$route]}" 'BEGIN { printf "%.1f", (b > 0 ? a / b : 0) }')
    echo "target saturation >= 5x FastAPI, $route: ${r1}x 1 worker $(verdict "$r1" 5 '>='), ${r2}x 2 workers" \
        "$(verdict "$r2" 5 '>=') (ferrule ${sat_rps[ferrule-$route]} req/s; stand-in alone $(echo "$standin" | cut -d' ' -f1) req/s on the devices query)"
done
echo "target peak RSS <= 100 MB: ferrule ${rss[ferrule]} MB $(verdict "${rss[ferrule]}" 100 '<=')" \
    "(FastAPI 1 worker ${rss[fastapi-1]} MB, 2 workers ${rss[fastapi-2]} MB)"
echo
echo "### ferrule serve vs FastAPI ($(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ), $devices devices, \
${rate} req/s for ${seconds} s over $connections connections, saturation $sat_connections connections for ${sat_seconds} s)"
echo
echo "| server | route | achieved req/s | p50 ms | p99 ms | p99.9 ms | non-2xx/errors | CPU s | RSS MB | saturation req/s | sat. p99 ms | sat. non-2xx | peak RSS MB | load before/after |"
echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"
printf '%s\n' "${rows[@]}"
echo "| stand-in alone | NBI devices query | | | | | | | | $(echo "$standin" | cut -d' ' -f1) | $(echo "$standin" | cut -d' ' -f2) | | | $(load) |"
