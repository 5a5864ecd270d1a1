#!/usr/bin/env python3
"""Publishes genuine VOLTHA `event.Event` protobufs to a Kafka topic, for the broker tests and the
consumer benchmark. The events come from voltha-standin's builders (Tools/voltha-standin/events.py:
the official voltha_protos classes, VOLTHA's headers, names, context keys and Kafka keys), for a
made-up fleet: ONU discovery, activation, loss-of-signal raise and clear, device state changes,
deletions and an event name no VOLTHA release has (consumers must keep going).

    .venv-tools/bin/python Tools/kafka-produce-events.py --brokers 127.0.0.1:PORT --count N
        [--topic voltha.events] [--first I] [--quiet] [--onus SERIAL,SERIAL,...] [--rate R]

Prints `produced <sha256 of the value> key=<key or ->` per event once the broker acknowledged it
(in publish order), then `produced-all N`. Exit 1 if any event was not acknowledged within 60 s.
--first I numbers the events from I, so a second run publishes different events.
--onus S1,S2,... instead publishes, for each of these ONU serials in turn (PON 0, ONU ids 1, 2, ...),
an ONU_DISCOVERY then an ONU_ACTIVATED event; --count N publishes the first N of those (the trigger tests
bring up ONUs whose CPEs exist in the GenieACS stand-in).
--json-lines FILE instead publishes each non-empty line of FILE as it is (ONOS's kafka-onos events are
one JSON object per record: onu.events, authentication.events, dhcp.events), keyed by its serialNumber
member when it has one; --count is then the number of lines to publish (default: all).
--rate R publishes at most R events per second, evenly spaced (each event's reported_ts is its publish
time: the end-to-end latency benchmark, Tools/bench-event-latency.sh, measures from it).
"""

import argparse
import hashlib
import os
import sys
import time
import types

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "voltha-standin"))

import events  # noqa: E402  (voltha-standin's builders)
from voltha_protos import common_pb2  # noqa: E402

ONUS_PER_PON = 64


def _device(device_id, serial, root, parent_id="", parent_port=0, pon=0, onu_id=0):
    return types.SimpleNamespace(
        id=device_id, serial_number=serial, root=root, parent_id=parent_id, parent_port_no=parent_port,
        admin_state=common_pb2.AdminState.ENABLED, oper_status=common_pb2.OperStatus.ACTIVE,
        connect_status=common_pb2.ConnectStatus.REACHABLE,
        proxy_address=types.SimpleNamespace(channel_id=pon, onu_id=onu_id))


def event(index):
    """(key, value) of the index-th event: a deterministic mix of kinds over a made-up fleet."""
    pon, onu_number = divmod(index // 7, ONUS_PER_PON)
    onu_id = onu_number + 1
    olt = _device("olt-0000-0001", "BBSIM_OLT_1", True)
    onu = _device(f"onu-{pon:02d}-{onu_id:03d}-{index // 7:08d}", f"BBSM{pon:02X}{onu_id:02X}{index // 7 % 65536:04X}",
                  False, olt.id, 536870912 + pon, pon, onu_id)
    spec = types.SimpleNamespace(pon=pon, onu_id=onu_id, vendor_id="BBSM", model="BBSM-ONT-1",
                                 software_active="v1.0.0", software_standby="v0.9.0", version="BBSM-ONT-1")
    kind = index % 7
    if kind == 0:
        return onu.id, events.onu_discovery(olt, onu, pon, onu_id, "GPON")
    if kind == 1:
        return onu.id, events.onu_activated(olt, onu, spec, 1)
    if kind == 2:
        return onu.id, events.onu_alarm(olt, onu, pon, onu_id, "ONU_LOSS_OF_SIGNAL", True, {})
    if kind == 3:
        return onu.id, events.onu_alarm(olt, onu, pon, onu_id, "ONU_LOSS_OF_SIGNAL", False, {})
    if kind == 4:
        return "", events.state_change(onu, common_pb2.AdminState.ENABLED, common_pb2.OperStatus.DISCOVERED,
                                       common_pb2.ConnectStatus.REACHABLE)
    if kind == 5:
        return onu.id, events.onu_alarm(olt, onu, pon, onu_id, "ONU_FERRULE_UNKNOWN_KIND", True, {"extra": "1"})
    return "", events.deleted(onu)


def onu_event(serials, index):
    """(key, value) of the index-th event of --onus: discovery then activation of each serial."""
    position, kind = divmod(index, 2)
    serial = serials[position % len(serials)]
    onu_id = position % 64 + 1
    olt = _device("olt-0000-0001", "BBSIM_OLT_1", True)
    onu = _device(f"onu-00-{onu_id:03d}-{position:08d}", serial, False, olt.id, 536870912, 0, onu_id)
    if kind == 0:
        return onu.id, events.onu_discovery(olt, onu, 0, onu_id, "GPON")
    spec = types.SimpleNamespace(pon=0, onu_id=onu_id, vendor_id=serial[:4], model=f"{serial[:4]}-ONT-1",
                                 software_active="v1.0.0", software_standby="v0.9.0", version=f"{serial[:4]}-ONT-1")
    return onu.id, events.onu_activated(olt, onu, spec, 1)


def json_key(line):
    """The record key of a JSON line: its serialNumber (the UNI port name kafka-onos sends), else none."""
    import json
    try:
        value = json.loads(line)
    except ValueError:
        return ""
    serial = value.get("serialNumber") if isinstance(value, dict) else None
    return serial if isinstance(serial, str) else ""


def main(argv=None):
    parser = argparse.ArgumentParser(description="publish genuine VOLTHA events to Kafka")
    parser.add_argument("--brokers", required=True, metavar="HOST:PORT")
    parser.add_argument("--topic", default=events.TOPIC)
    parser.add_argument("--count", type=int)
    parser.add_argument("--first", type=int, default=0)
    parser.add_argument("--quiet", action="store_true", help="print only the summary line")
    parser.add_argument("--onus", help="comma-separated ONU serials: discovery + activation of each")
    parser.add_argument("--rate", type=float, default=0, help="events per second at most (0: as fast as possible)")
    parser.add_argument("--json-lines", metavar="FILE", help="publish each line of FILE as it is (ONOS JSON events)")
    args = parser.parse_args(argv)
    lines = []
    if args.json_lines:
        with open(args.json_lines, "rb") as handle:
            lines = [line.rstrip(b"\r\n") for line in handle if line.strip()]
        if args.count is None:
            args.count = len(lines)
        if args.count > len(lines):
            print(f"kafka-produce-events: --count {args.count} but {args.json_lines} has {len(lines)} lines",
                  file=sys.stderr)
            return 64
    elif args.count is None:
        print("kafka-produce-events: --count is required (unless --json-lines)", file=sys.stderr)
        return 64
    serials = [s for s in (args.onus or "").split(",") if s]
    if args.count < 0 or args.first < 0 or args.rate < 0:
        print("kafka-produce-events: --count, --first and --rate must be >= 0", file=sys.stderr)
        return 64
    from confluent_kafka import Producer

    acknowledged, failures = [], []

    def delivered(error, message):
        if error is not None:
            failures.append(str(error))
        else:
            acknowledged.append(message)

    producer = Producer({"bootstrap.servers": args.brokers, "linger.ms": 5, "enable.idempotence": False,
                         "queue.buffering.max.messages": 1_000_000, "message.timeout.ms": 60_000})
    start = time.monotonic()
    for n, index in enumerate(range(args.first, args.first + args.count)):
        if args.rate:
            delay = start + n / args.rate - time.monotonic()
            while delay > 0:
                producer.poll(min(delay, 0.05))
                delay = start + n / args.rate - time.monotonic()
        if lines:
            key, value = json_key(lines[index - args.first]), lines[index - args.first]
        else:
            key, value = onu_event(serials, index) if serials else event(index)
        while True:
            try:
                producer.produce(args.topic, value=value, key=key.encode() if key else None, on_delivery=delivered)
                break
            except BufferError:
                producer.poll(0.1)
        producer.poll(0)
    remaining = producer.flush(60)
    if remaining or failures:
        print(f"kafka-produce-events: {remaining} events unsent, {len(failures)} failed: {failures[:3]}",
              file=sys.stderr)
        return 1
    if not args.quiet:
        for message in sorted(acknowledged, key=lambda m: (m.partition(), m.offset())):
            key = message.key().decode() if message.key() else "-"
            print(f"produced {hashlib.sha256(message.value()).hexdigest()} key={key}")
    print(f"produced-all {len(acknowledged)}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
