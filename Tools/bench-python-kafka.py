#!/usr/bin/env python3
"""The Python peer of Benchmarks/Sources/kafka-bench: confluent-kafka (librdkafka 2.16) reading the
same N records with the same settings (consumer group, no auto commit, a synchronous commit every
--commit-every records and after the last), printing the same JSON line.

    .venv-tools/bin/python Tools/bench-python-kafka.py --brokers 127.0.0.1:PORT --count N [--commit-every K]
"""

import argparse
import json
import os
import resource
import time

from confluent_kafka import Consumer, KafkaException, libversion


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--brokers", required=True)
    parser.add_argument("--topic", default="voltha.events")
    parser.add_argument("--group", default=f"python-bench-{os.getpid()}")
    parser.add_argument("--count", type=int, default=20_000)
    parser.add_argument("--commit-every", type=int, default=1000)
    args = parser.parse_args()
    started = time.monotonic()
    consumer = Consumer({"bootstrap.servers": args.brokers, "group.id": args.group, "enable.auto.commit": False,
                         "enable.auto.offset.store": False, "auto.offset.reset": "earliest",
                         "session.timeout.ms": 6000, "heartbeat.interval.ms": 500,
                         "queued.max.messages.kbytes": 16384, "statistics.interval.ms": 1000,
                         "stats_cb": lambda _: None})
    consumer.subscribe([args.topic])
    received = byte_count = 0
    first_at = None
    while received < args.count:
        message = consumer.poll(1.0)
        if message is None:
            continue
        if message.error():
            raise KafkaException(message.error())
        if first_at is None:
            first_at = time.monotonic()
        received += 1
        byte_count += len(message.value())
        if received % args.commit_every == 0 or received == args.count:
            consumer.commit(message=message, asynchronous=False)
    ended = time.monotonic()
    consumer.close()
    steady = ended - first_at
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(json.dumps({"peer": f"python confluent-kafka (librdkafka {libversion()[0]})", "records": received,
                      "commit_every": args.commit_every, "seconds": round(steady, 3),
                      "records_per_second": round((received - 1) / max(steady, 1e-9)),
                      "first_record_seconds": round(first_at - started, 3), "bytes": byte_count,
                      "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 2)}))


if __name__ == "__main__":
    main()
