# Sourced by Tools/schemathesis.sh and Tools/curl-session.sh (not run on its own): a temporary
# directory `$work`, `start NAME COMMAND…` to run a server in the background and print the address
# from its "listening on" line, and an EXIT trap that stops every server started, waits for each
# (10 s at most) and removes `$work`. Before the removal it calls `on_exit` when the script defines it.
work="$(mktemp -d)"
_stop_servers() {
    for f in "$work"/*.pid; do [ -e "$f" ] && kill "$(cat "$f")" 2>/dev/null || true; done
    # The servers are children of $(…) subshells, not of this shell: wait for them by pid.
    for f in "$work"/*.pid; do
        [ -e "$f" ] || continue
        for _ in $(seq 1 100); do kill -0 "$(cat "$f")" 2>/dev/null || break; sleep 0.1; done
    done
    if declare -F on_exit >/dev/null; then on_exit; fi
    rm -rf "$work"
}
trap _stop_servers EXIT

# start NAME COMMAND…: runs COMMAND with standard output in $work/NAME.out and standard error in
# $work/NAME.log; prints the address of its first "listening on ADDRESS" line; fails with the
# server's output when none comes within 60 s or the server exits.
start() {
    local name="$1"
    shift
    "$@" >"$work/$name.out" 2>"$work/$name.log" &
    echo $! >"$work/$name.pid"
    for _ in $(seq 1 600); do
        grep -q "^listening on " "$work/$name.out" && break
        kill -0 "$(cat "$work/$name.pid")" 2>/dev/null || break
        sleep 0.1
    done
    sed -n 's/^listening on //p' "$work/$name.out" | head -1 | grep . || {
        echo "$(basename "$0"): $name did not start:" >&2
        cat "$work/$name.out" "$work/$name.log" >&2
        exit 1
    }
}
