#!/usr/bin/env python3
"""Writes a large rule set for measuring `ferrule lint` (issue 13, item 1).

Every rule sets the same few parameters, so a linter that compares rules pairwise per parameter
does N^2 work. The mix is what a fleet's rule library grows into: per-model rules (one product
class each), per-device overrides (one serial number each), tag-gated rules and a few
unconstrained defaults, with values that differ so real conflicts exist.

Usage: Tools/generate-lint-rules.py COUNT OUT.yaml
Then:  /usr/bin/time -v .build/release/ferrule lint --no-models OUT.yaml
"""
import sys

PATHS = [
    "Device.ManagementServer.PeriodicInformInterval",
    "Device.Time.NTPServer1",
    "Device.WiFi.SSID.1.SSID",
]


def rule(i: int) -> str:
    kind = i % 10
    if kind < 4:
        match = f"    match: {{productClass: [HG{i % 500}]}}\n"
    elif kind < 8:
        match = f"    match: {{serialNumber: [SN{i:08d}]}}\n"
    elif kind == 8:
        match = f"    match: {{tags: {{all: [wave{i % 20}]}}}}\n"
    else:
        match = ""
    actions = "".join(
        f"      - set: {{path: {path}, value: \"v{(i + k) % 7}\"}}\n" for k, path in enumerate(PATHS)
    )
    return f"  - name: rule-{i:06d}\n{match}    actions:\n{actions}"


def main() -> None:
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    count = int(sys.argv[1])
    with open(sys.argv[2], "w", encoding="utf-8") as out:
        out.write("rules:\n")
        for i in range(count):
            out.write(rule(i))


if __name__ == "__main__":
    main()
