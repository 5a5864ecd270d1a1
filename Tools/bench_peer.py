"""What the Python peers of the workload benchmarks (bench-python-ponplan.py, bench-python-triggers.py)
share: the `WORKLOAD.json [--runs 5]` command line, and timing as BenchSupport's `measure` times the
Swift side (one warm-up call, then --runs calls; the median and the best).
"""
import argparse
import json
import time


def read_workload():
    """The workload the Swift benchmark wrote (the file named on the command line) and --runs."""
    parser = argparse.ArgumentParser()
    parser.add_argument("workload")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with open(args.workload) as f:
        return json.load(f), args.runs


def measure(body, runs):
    """Calls `body` once to warm up, then `runs` times (at least once): the median and best time in
    seconds, and what the last call returned."""
    body()
    times = []
    result = None
    for _ in range(max(1, runs)):
        start = time.perf_counter()
        result = body()
        times.append(time.perf_counter() - start)
    times.sort()
    return times[len(times) // 2], times[0], result
