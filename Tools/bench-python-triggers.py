#!/usr/bin/env python3
"""The peer for trigger-bench: the same PON events matched against the same trigger rules in a Python
loop, with the same event-to-trigger mapping and the same index (rules filed per trigger under their
exact serials, four-letter serial prefixes, exact vendors or exact OLTs; the rest checked for every
event), globs through precompiled `fnmatch` regular expressions, versions compared run by run.

    bench-python-triggers.py WORKLOAD.json [--runs 5]

WORKLOAD.json is written by trigger-bench (`{"rules": […], "events": […], "fired": N}`); the script
checks it finds the same number of rule firings and prints events/s (median of --runs).
"""
import fnmatch
import re

from bench_peer import measure, read_workload


def version_key(v):
    return [(1, int(p)) if p.isdigit() else (0, p.lower()) for p in re.findall(r"\d+|[A-Za-z]+", v)]


def compare(a, b):
    ka, kb = version_key(a), version_key(b)
    for x, y in zip(ka, kb):
        if x != y:
            return -1 if x < y else 1
    return (len(ka) > len(kb)) - (len(ka) < len(kb))


OPS = {"eq": lambda c: c == 0, "ne": lambda c: c != 0, "lt": lambda c: c < 0, "lte": lambda c: c <= 0,
       "gt": lambda c: c > 0, "gte": lambda c: c >= 0}


def pattern(p):
    if "*" in p or "?" in p:
        rx = re.compile(fnmatch.translate(p))
        return lambda s: rx.match(s) is not None
    return lambda s: s == p


def condition(field, test):
    if field == "ponPort":
        ranges = [(r, r) if isinstance(r, int) else tuple(r) for r in test]
        return lambda f: f.get("ponPort") is not None and any(a <= f["ponPort"] <= b for a, b in ranges)
    if isinstance(test, dict):
        checks = [(op, v) for op, v in test.items()]
        return lambda f: f.get(field) is not None and all(OPS[op](compare(f[field], v)) for op, v in checks)
    matchers = [pattern(p) for p in test]
    if field == "olt":
        return lambda f: any(m(f[k]) for k in ("olt", "oltSerial") if f.get(k) is not None for m in matchers)
    return lambda f: f.get(field) is not None and any(m(f[field]) for m in matchers)


def triggers(e):
    kind, phase, ctx = e["kind"], e["phase"], e.get("context", {})
    if e["name"] == "SERVICE_READY" or ctx.get("reason") == "omci-flows-pushed":
        return ["service_ready"]
    if kind in ("onu_discovered", "onu_activated") and phase != "clear":
        return [kind]
    if kind in ("signal_lost", "power_lost"):
        return ["recovered"] if phase == "clear" else [kind]
    if kind == "pon_down":
        return ["pon_up"] if phase == "clear" else ["pon_down"]
    if kind == "config_failed":
        return ["config_failed"]
    if kind == "alarm":
        return ["alarm"]
    if kind == "state_change":
        if not (ctx.get("is-root") == "false" and ctx.get("oper-state") == "ACTIVE"
                and ctx.get("connect-state") == "REACHABLE" and ctx.get("admin-state") == "ENABLED"):
            return []
        po, pc, pa = ctx.get("prev-oper-state", ""), ctx.get("prev-connect-state", ""), ctx.get("prev-admin-state", "")
        if po == "ACTIVE" and pc == "REACHABLE" and pa == "ENABLED":
            return []
        return ["recovered"] if pc == "UNREACHABLE" or po == "FAILED" else ["onu_activated"]
    return []


GPON = re.compile(r"^[A-Za-z]{4}[0-9A-Fa-f]{8}$")


def facts(e):
    serial = e.get("onuSerial") or None
    ctx = e.get("context", {})
    vendor = ctx.get("vendor-id") or (serial[:4] if serial and GPON.match(serial) else None)
    return {"serial": serial, "olt": e.get("oltDeviceID"), "oltSerial": e.get("oltSerial"),
            "ponPort": e.get("ponInterface"), "vendor": vendor, "equipmentId": ctx.get("equipment-id"),
            "softwareVersion": ctx.get("software-version"), "alarm": e.get("alarmName")}


def build(rules):
    index = {}
    compiled = []
    for i, r in enumerate(rules):
        conds = [condition(k, v) for k, v in r["when"].items()]
        compiled.append(conds)
        b = index.setdefault(r["on"], {"serial": {}, "prefix": {}, "vendor": {}, "olt": {}, "always": []})
        w = r["when"]
        exact = lambda k: w.get(k) if isinstance(w.get(k), list) and all("*" not in p and "?" not in p for p in w[k]) else None
        if exact("serial"):
            for s in set(w["serial"]):
                b["serial"].setdefault(s, []).append(i)
        elif isinstance(w.get("serial"), list) and all(len(re.split(r"[*?]", p)[0]) >= 4 for p in w["serial"]):
            for p in {p[:4] for p in w["serial"]}:
                b["prefix"].setdefault(p, []).append(i)
        elif exact("vendor"):
            for v in set(w["vendor"]):
                b["vendor"].setdefault(v, []).append(i)
        elif exact("olt"):
            for o in set(w["olt"]):
                b["olt"].setdefault(o, []).append(i)
        else:
            b["always"].append(i)
    return index, compiled


def match(index, compiled, events):
    fired = 0
    for e in events:
        f = facts(e)
        for t in triggers(e):
            b = index.get(t)
            if b is None:
                continue
            cands = list(b["always"])
            s = f["serial"]
            if s is not None:
                cands += b["serial"].get(s, ())
                cands += b["prefix"].get(s[:4], ())
            if f["vendor"] is not None:
                cands += b["vendor"].get(f["vendor"], ())
            if f["olt"] is not None:
                cands += b["olt"].get(f["olt"], ())
            for i in sorted(set(cands)):
                if all(c(f) for c in compiled[i]):
                    fired += 1
    return fired


def main():
    w, runs = read_workload()
    index, compiled = build(w["rules"])
    events = w["events"]
    median, _, fired = measure(lambda: match(index, compiled, events), runs)
    same = "same firings" if fired == w["fired"] else f"DIFFERENT firings: Swift {w['fired']}"
    print(f"  peer: Python {'.'.join(map(str, __import__('sys').version_info[:3]))} "
          f"(same mapping and index): {int(len(events) / median):,} events/s  ({fired} rule firings, {same})")


if __name__ == "__main__":
    main()
