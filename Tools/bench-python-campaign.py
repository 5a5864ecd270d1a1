#!/usr/bin/env python3
"""The peers for campaign-bench: a firmware campaign scripted the way operators script GenieACS.

    bench-python-campaign.py URL --seconds 20                       (serial, requests)
    bench-python-campaign.py URL --seconds 20 --concurrency 256     (asyncio + aiohttp)

Serial: one device after another with `requests`: queue the download task, wake the device with a
second, empty POST, poll until the task is gone, read the device back to check its SoftwareVersion.

Concurrent: --concurrency devices at once on one asyncio loop with aiohttp (a connection pool of
the same size), each with one task POST that also wakes the device (`?connection_request&timeout=MS`,
GenieACS 1.2.16 lib/nbi.ts:311-415): 200 means the task ran in the session it started, so the
script goes straight to reading the device; 202 means queued, and the script polls the task
(every --poll-ms, the interval Ferrule's engine polls at) until it is gone, then reads the device.

Runs for --seconds (or until every device is done) and prints devices/s and CPU per device.
Needs requests and aiohttp (campaign-bench installs them in .venv-bench).
"""
import argparse
import asyncio
import json
import resource
import time
import urllib.parse


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--file", default="fw-bench.bin")
    parser.add_argument("--version", default="BENCH-2.0")
    parser.add_argument("--concurrency", type=int, default=1, help="devices at once (>1: asyncio + aiohttp)")
    parser.add_argument("--timeout-ms", type=int, default=5000, help="the task POST's `timeout` (concurrent mode)")
    parser.add_argument("--poll-ms", type=int, default=250, help="task poll interval after a 202 (concurrent mode)")
    args = parser.parse_args()
    if args.concurrency > 1:
        asyncio.run(concurrent(args))
        return
    import requests

    base = args.url.rstrip("/")
    s = requests.Session()
    s.put(f"{base}/files/{args.file}", data=b"\0", headers={"version": args.version, "fileType": "1 Firmware Upgrade Image"})
    devices = [d["_id"] for d in s.get(base + "/devices/", params={"projection": "_id"}).json()]
    before = resource.getrusage(resource.RUSAGE_SELF)
    start = time.monotonic()
    done = 0
    for device in devices:
        if time.monotonic() - start > args.seconds:
            break
        quoted = urllib.parse.quote(device, safe="")
        task = s.post(f"{base}/devices/{quoted}/tasks",
                      data=json.dumps({"name": "download", "fileType": "1 Firmware Upgrade Image", "fileName": args.file})).json()
        s.post(f"{base}/devices/{quoted}/tasks?connection_request")
        while s.get(base + "/tasks/", params={"query": json.dumps({"_id": task["_id"]})}).json():
            time.sleep(0.01)
        while True:
            doc = s.get(base + "/devices/", params={"query": json.dumps({"_id": device}),
                                                   "projection": "Device.DeviceInfo.SoftwareVersion,InternetGatewayDevice.DeviceInfo.SoftwareVersion"}).json()[0]
            version = (doc.get("Device") or doc.get("InternetGatewayDevice") or {}).get("DeviceInfo", {}).get("SoftwareVersion", {}).get("_value")
            if version == args.version:
                break
            time.sleep(0.01)
        done += 1
    elapsed = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    print(f"python per-device loop: {done} devices in {elapsed:.1f} s, {done / elapsed:.1f} devices/s, "
          f"CPU {cpu / max(done, 1) * 1000:.2f} ms/device")


SOFTWARE_VERSION = "Device.DeviceInfo.SoftwareVersion,InternetGatewayDevice.DeviceInfo.SoftwareVersion"


def software_version(doc):
    return (doc.get("Device") or doc.get("InternetGatewayDevice") or {}).get("DeviceInfo", {}).get(
        "SoftwareVersion", {}).get("_value")


async def concurrent(args):
    import aiohttp

    base = args.url.rstrip("/")
    connector = aiohttp.TCPConnector(limit=args.concurrency)
    async with aiohttp.ClientSession(connector=connector) as s:
        async with s.put(f"{base}/files/{args.file}", data=b"\0",
                         headers={"version": args.version, "fileType": "1 Firmware Upgrade Image"}) as r:
            await r.read()
        async with s.get(base + "/devices/", params={"projection": "_id"}) as r:
            devices = [d["_id"] for d in await r.json(content_type=None)]
        body = json.dumps({"name": "download", "fileType": "1 Firmware Upgrade Image", "fileName": args.file})
        before = resource.getrusage(resource.RUSAGE_SELF)
        start = time.monotonic()
        queue = iter(devices)
        done = 0
        polled = 0

        async def one(device):
            nonlocal polled
            quoted = urllib.parse.quote(device, safe="")
            async with s.post(f"{base}/devices/{quoted}/tasks?connection_request&timeout={args.timeout_ms}",
                              data=body) as r:
                status = r.status
                task = await r.json(content_type=None)
            if status == 202:
                polled += 1
                while True:
                    async with s.get(base + "/tasks/", params={"query": json.dumps({"_id": task["_id"]}),
                                                              "projection": "_id"}) as r:
                        if not await r.json(content_type=None):
                            break
                    await asyncio.sleep(args.poll_ms / 1000)
            while True:
                async with s.get(base + "/devices/", params={"query": json.dumps({"_id": device}),
                                                            "projection": SOFTWARE_VERSION}) as r:
                    docs = await r.json(content_type=None)
                if docs and software_version(docs[0]) == args.version:
                    return
                await asyncio.sleep(args.poll_ms / 1000)

        async def worker():
            nonlocal done
            for device in queue:
                if time.monotonic() - start > args.seconds:
                    return
                await one(device)
                done += 1

        await asyncio.gather(*(worker() for _ in range(args.concurrency)))
        elapsed = time.monotonic() - start
        after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    print(f"python asyncio+aiohttp, {args.concurrency} at once: {done} devices in {elapsed:.1f} s, "
          f"{done / elapsed:.1f} devices/s, CPU {cpu / max(done, 1) * 1000:.2f} ms/device "
          f"({polled} answered 202 and were polled)")


if __name__ == "__main__":
    main()
