#!/usr/bin/env bash
# Installs every Debian package Ferrule's build, tests, demo and fuzzing need, on Debian 12
# (bookworm) with the Swift 6.3 toolchain already installed. The one install script: Tools/demo.sh
# and .ci/run both call it first.
#
# Idempotent and quiet: when everything is installed it prints nothing and exits 0; otherwise it
# names what it installs, runs apt-get (through sudo when not root) and exits non-zero if that fails.
#
#   pkg-config, libxml2-dev        CWMP SOAP and BBF XML (system library CLibXML2)
#   libcurl4-openssl-dev           the GenieACS NBI client (system library CCurl)
#   libsqlite3-dev                 the campaign store (GRDB over the system SQLite)
#   librdkafka-dev                 VOLTHA events (system library CRdKafka)
#   protobuf-compiler              regenerating the VOLTHA gRPC code (Tools/generate-protos.sh)
#   nodejs                         tests compile generated provisions exactly as GenieACS does
#   python3-venv                   the Python peers of the benchmarks
#   curl                           the README's curl session (Tools/curl-session.sh, run by a test)
#   tmux                           a real terminal for the campaign-run progress test
#
# Usage: Tools/install-deps.sh [--check]   (--check: list what is missing, install nothing, exit 1 if any)
set -euo pipefail

packages=(pkg-config libxml2-dev libcurl4-openssl-dev libsqlite3-dev librdkafka-dev protobuf-compiler python3-venv curl tmux)
# Any node >= 12 will do (a NodeSource or nvm install too), so nodejs only when there is no node.
command -v node >/dev/null 2>&1 || packages+=(nodejs)

missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "${1:-}" = "--check" ]; then
    echo "install-deps: missing Debian packages: ${missing[*]}" >&2
    exit 1
fi

echo "install-deps: installing ${missing[*]}" >&2
run_as_root=()
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || {
        echo "install-deps: not root and no sudo; as root run: apt-get install ${missing[*]}" >&2
        exit 1
    }
    run_as_root=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${run_as_root[@]}" apt-get update -qq
"${run_as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install-deps: done" >&2
