#!/usr/bin/env python3
"""The peer for pon-bench: the same PON-aware rollout planned in Python — the greedy admission under
max_per_pon / max_per_olt with what is in flight (dicts of counters, as PONPlanner.admit), repeated
cycle by cycle until every device was admitted, and the round-robin canary spread over OLTs and
models (as PONPlanner.spreadCanary).

    bench-python-ponplan.py WORKLOAD.json [--runs 5]

WORKLOAD.json is written by pon-bench (device count, PON ports, caps, and the cycles, order checksum
and canary it found); the script checks it finds the same and prints its times (median of --runs).
"""
import sys

from bench_peer import measure, read_workload

MASK = (1 << 64) - 1


def main():
    w, runs = read_workload()
    n, pons, per_olt_ports, slots = w["devices"], w["pons"], w["ponsPerOLT"], w["slots"]
    max_pon, max_olt, models = w["maxPerPON"], w["maxPerOLT"], w["models"]
    ids = ["dev-%06d" % i for i in range(n)]
    placement = {}
    for i, device in enumerate(ids):
        pon = (i * 7919) % pons
        placement[device] = ("olt-%d" % (pon // per_olt_ports), str(pon % per_olt_ports))
    ordinal = {device: i for i, device in enumerate(ids)}

    def admit(candidates, in_flight):
        per_olt, per_pon = {}, {}
        for olt, pon in in_flight:
            per_olt[olt] = per_olt.get(olt, 0) + 1
            per_pon[(olt, pon)] = per_pon.get((olt, pon), 0) + 1
        out = []
        for device in candidates:
            if len(out) >= slots:
                break
            place = placement[device]
            if per_olt.get(place[0], 0) >= max_olt or per_pon.get(place, 0) >= max_pon:
                continue
            per_olt[place[0]] = per_olt.get(place[0], 0) + 1
            per_pon[place] = per_pon.get(place, 0) + 1
            out.append(device)
        return out

    def plan():
        pending, at, waiting = ids, 0, []
        flying = [[], []]
        cycles, checksum = 0, 1469598103934665603
        while at < len(pending) or waiting:
            cycles += 1
            want = slots - len(waiting)
            candidates = list(waiting)
            if want > 0:
                candidates += pending[at:at + want]
                at += min(want, len(pending) - at)
            in_flight = [placement[d] for d in flying[0] + flying[1]]
            admitted = admit(candidates, in_flight)
            taken = set(admitted)
            for device in admitted:
                checksum = ((checksum ^ ordinal[device]) * 1099511628211) & MASK
            waiting = [d for d in candidates if d not in taken]
            flying = [flying[1], admitted]
        return cycles, checksum

    def spread(count=200):
        groups = {}
        for i, device in enumerate(ids):
            olt = "o:" + placement[device][0]
            groups.setdefault(olt, {}).setdefault(models[i % len(models)], []).append(i)
        olts = sorted(groups)
        model_order = {olt: sorted(groups[olt]) for olt in olts}
        turn, cursor = {}, {}
        picked, taken = [], set()
        want = min(count, n)
        while len(picked) < want:
            progressed = False
            for olt in olts:
                if len(picked) >= want:
                    break
                order = model_order[olt]
                for step in range(len(order)):
                    t = (turn.get(olt, 0) + step) % len(order)
                    queue = groups[olt][order[t]]
                    c = cursor.get((olt, order[t]), 0)
                    if c >= len(queue):
                        continue
                    picked.append(queue[c])
                    taken.add(queue[c])
                    cursor[(olt, order[t])] = c + 1
                    turn[olt] = t + 1
                    progressed = True
                    break
            if not progressed:
                break
        return [ids[i] for i in picked] + [d for i, d in enumerate(ids) if i not in taken]

    def milliseconds(body):
        median, best, _ = measure(body, runs)
        return median * 1000, best * 1000

    cycles, checksum = plan()
    canary = spread()[:200]
    same = cycles == w["cycles"] and str(checksum) == w["checksum"] and canary == w["canary"]
    plan_time = milliseconds(plan)
    spread_time = milliseconds(spread)
    print("  peer (Python %s): plan rollout %d cycles, median %.1f ms (best %.1f), %.0f devices/s; "
          "canary spread median %.1f ms (best %.1f); same admission order and canary: %s"
          % (".".join(map(str, sys.version_info[:3])), cycles, plan_time[0], plan_time[1],
             n / plan_time[0] * 1000, spread_time[0], spread_time[1], "yes" if same else "NO"))
    if not same:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
