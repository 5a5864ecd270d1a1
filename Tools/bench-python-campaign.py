#!/usr/bin/env python3
"""The peer for campaign-bench: a firmware campaign scripted the way operators script GenieACS
today — one device after another with `requests`: queue the download task, wake the device, poll
until the task is gone, read the device back to check its SoftwareVersion.

    bench-python-campaign.py URL --seconds 20

Runs for --seconds (or until every device is done) and prints devices/s and CPU per device.
"""
import argparse
import json
import resource
import time
import urllib.parse

import requests


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--file", default="fw-bench.bin")
    parser.add_argument("--version", default="BENCH-2.0")
    args = parser.parse_args()
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


if __name__ == "__main__":
    main()
