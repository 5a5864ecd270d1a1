#!/usr/bin/env bash
# Runs the tests of the Python stand-ins (Tools/voltha-standin, Tools/onos-standin) in .venv-tools/,
# creating the venv first if needed. Exits non-zero when a test fails.
set -euo pipefail
cd "$(dirname "$0")/.."
Tools/setup-python-tools.sh
exec .venv-tools/bin/python -m pytest -q -p no:cacheprovider Tools/voltha-standin/tests Tools/onos-standin/tests "$@"
