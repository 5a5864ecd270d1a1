#!/usr/bin/env python3
"""The Python peer of Benchmarks/Sources/event-latency-bench (run by Tools/bench-event-latency.sh): the
same pipeline as `ferrule events run --rules` with one "provision the CPE of an activated ONU" rule,
written the plain way in Python: confluent-kafka (the same librdkafka 2.16), the official voltha_protos
classes, sqlite3 (WAL, synchronous=FULL: the event and its action in one transaction), a synchronous
offset commit, then the CPE looked up and the `provisions` task POSTed (uniqueKey, connection request)
with urllib, one at a time. Latency = the task POST's answer minus the event's reported_ts.

    .venv-tools/bin/python Tools/bench-python-event-latency.py --brokers HOST:PORT --topic T --acs URL --onus N
        [--fetch-wait-ms MS]

--fetch-wait-ms sets librdkafka's fetch.wait.max.ms (the script passes Ferrule's default, 100, to both sides).
Prints `ready: …` once the group assigned the partition and it was read to its end (the group join is
start-up, not latency), then one `publish → GenieACS task …` line when N tasks were queued.
"""

import argparse
import json
import os
import sqlite3
import sys
import tempfile
import time
import urllib.parse
import urllib.request

from confluent_kafka import Consumer, KafkaError
from voltha_protos import events_pb2


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--brokers", required=True)
    parser.add_argument("--topic", default="voltha.events")
    parser.add_argument("--acs", required=True)
    parser.add_argument("--onus", type=int, default=1000)
    parser.add_argument("--fetch-wait-ms", type=int, default=100)
    args = parser.parse_args()

    directory = tempfile.mkdtemp(prefix="event-latency-peer-")
    db = sqlite3.connect(os.path.join(directory, "events.sqlite"), isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.execute("CREATE TABLE events (id INTEGER PRIMARY KEY, name TEXT, serial TEXT, reported REAL, "
               "topic TEXT, part INTEGER, off INTEGER, UNIQUE (topic, part, off))")
    db.execute("CREATE TABLE actions (id INTEGER PRIMARY KEY, event_id INTEGER, key TEXT UNIQUE, done REAL)")

    consumer = Consumer({"bootstrap.servers": args.brokers, "group.id": f"peer-{os.getpid()}",
                         "enable.auto.commit": False, "auto.offset.reset": "earliest",
                         "session.timeout.ms": 6000, "heartbeat.interval.ms": 500,
                         "fetch.wait.max.ms": args.fetch_wait_ms, "enable.partition.eof": True})
    consumer.subscribe([args.topic])
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        message = consumer.poll(0.1)
        if message is not None and message.error() and message.error().code() == KafkaError._PARTITION_EOF:
            break
    print(f"ready: consuming {args.brokers} {args.topic}, fetch.wait.max.ms={args.fetch_wait_ms}", flush=True)

    latencies, first, last = [], float("inf"), 0.0
    while len(latencies) < args.onus:
        message = consumer.poll(1.0)
        if message is None or message.error():
            continue
        event = events_pb2.Event()
        event.ParseFromString(message.value())
        name = event.device_event.device_event_name
        serial = event.device_event.context.get("serial-number", "")
        reported = event.header.reported_ts.ToNanoseconds() / 1e9
        action = None
        db.execute("BEGIN IMMEDIATE")
        cursor = db.execute("INSERT OR IGNORE INTO events (name, serial, reported, topic, part, off) "
                            "VALUES (?, ?, ?, ?, ?, ?)",
                            (name, serial, reported, message.topic(), message.partition(), message.offset()))
        if cursor.rowcount and name == "ONU_ACTIVATED_RAISE_EVENT":
            key = f"trg-{message.topic()}-{message.partition()}-{message.offset()}"
            action = db.execute("INSERT INTO actions (event_id, key) VALUES (?, ?)", (cursor.lastrowid, key)).lastrowid
        db.execute("COMMIT")
        consumer.commit(message=message, asynchronous=False)
        if action is None:
            continue
        query = urllib.parse.quote(json.dumps({"_deviceId._SerialNumber": serial}))
        with urllib.request.urlopen(f"{args.acs}/devices/?query={query}&projection=_id&limit=2") as response:
            devices = json.load(response)
        if len(devices) != 1:
            continue
        device = urllib.parse.quote(devices[0]["_id"], safe="")
        body = json.dumps({"name": "provisions", "provisions": [["bind-gateway", serial]], "uniqueKey": key}).encode()
        request = urllib.request.Request(f"{args.acs}/devices/{device}/tasks?connection_request&timeout=0",
                                         data=body, method="POST")
        with urllib.request.urlopen(request) as response:
            response.read()
        done = time.time()
        db.execute("UPDATE actions SET done = ? WHERE id = ?", (done, action))
        latencies.append((done - reported) * 1000)
        first, last = min(first, reported), max(last, done)
    consumer.close()
    latencies.sort()

    def percentile(p):
        return latencies[min(len(latencies) - 1, max(0, -(-int(p * 1000) * len(latencies) // 1000) - 1))]

    print(f"publish → GenieACS task, {len(latencies)} activations: p50 {percentile(0.5):.1f} ms, "
          f"p90 {percentile(0.9):.1f} ms, p99 {percentile(0.99):.1f} ms, max {latencies[-1]:.1f} ms; "
          f"{len(latencies) / max(last - first, 1e-9):.0f} tasks/s", flush=True)


if __name__ == "__main__":
    sys.exit(main())
