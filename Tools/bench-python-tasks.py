#!/usr/bin/env python3
"""The peer for nbi-bench's task benchmark: POST GenieACS tasks the way operators script the NBI
today, with `requests` (one Session per worker thread) and a thread pool.

    bench-python-tasks.py URL --tasks 10000 --concurrency 500

Prints tasks/s and this process's CPU time per request (user + system), as nbi-bench does.
"""
import argparse
import json
import resource
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

import requests


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("--tasks", type=int, default=10000)
    parser.add_argument("--concurrency", type=int, default=500)
    args = parser.parse_args()
    base = args.url.rstrip("/")

    devices = [d["_id"] for d in requests.get(base + "/devices/", params={"projection": "_id"}).json()]
    if not devices:
        raise SystemExit("no devices")
    local = threading.local()

    def post(i):
        session = getattr(local, "session", None)
        if session is None:
            session = local.session = requests.Session()
        device = urllib.parse.quote(devices[i % len(devices)], safe="")
        response = session.post(f"{base}/devices/{device}/tasks", data=json.dumps({"name": "reboot"}))
        return response.status_code

    before = resource.getrusage(resource.RUSAGE_SELF)
    start = time.monotonic()
    with ThreadPoolExecutor(max_workers=args.concurrency) as pool:
        statuses = list(pool.map(post, range(args.tasks)))
    elapsed = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    ok = sum(1 for s in statuses if s in (200, 202))
    print(
        f"python requests: {args.tasks} task POSTs at concurrency {args.concurrency}: "
        f"{elapsed:.2f} s, {args.tasks / elapsed:.0f} tasks/s, CPU {cpu / args.tasks * 1e6:.0f} µs/request, "
        f"{ok} accepted"
    )


if __name__ == "__main__":
    main()
