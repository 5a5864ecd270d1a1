#!/usr/bin/env python3
"""The peer for voltha-bench: the same VOLTHA calls made with the official Python stubs
(PyPI voltha-protos + grpcio), the way operators script VOLTHA today.

    .venv-tools/bin/python Tools/bench-python-voltha.py 127.0.0.1:PORT --calls 20000 --concurrency 100

1. Inventory: ListDevices + ListDevicePorts per OLT, joined into the same rows as Ferrule's
   OnuInventory (serial, vendor id/specific, OLT, PON label, ONU id, states, reason, software);
   median of 5 runs after a warm-up.
2. Unary call rate: GetDevice on the ONU ids, `--calls` calls at `--concurrency` in flight, with
   the synchronous stub on a thread pool (what scripts do) and with grpc.aio (the fastest the
   Python client gets). Prints calls/s and this process's CPU time per call.
"""
import argparse
import asyncio
import resource
import statistics
import time
from concurrent.futures import ThreadPoolExecutor

import grpc
from google.protobuf import empty_pb2
from voltha_protos import common_pb2, device_pb2, voltha_pb2_grpc

OPTIONS = [("grpc.max_receive_message_length", 256 << 20)]


def cpu():
    u = resource.getrusage(resource.RUSAGE_SELF)
    return u.ru_utime + u.ru_stime


def inventory(stub):
    devices = stub.ListDevices(empty_pb2.Empty()).items
    olts = {d.id: d for d in devices if d.root}
    labels = {}
    for olt_id in olts:
        for port in stub.ListDevicePorts(common_pb2.ID(id=olt_id)).items:
            if port.type == device_pb2.Port.PON_OLT:
                labels[(olt_id, port.port_no)] = port.label
    rows = []
    for d in devices:
        if d.root:
            continue
        parent = d.proxy_address.device_id or d.parent_id
        active = next((i.version for i in d.images.image if i.is_active), d.firmware_version)
        standby = next((i.version for i in d.images.image if not i.is_active and i.version), "")
        rows.append((
            d.id, d.serial_number, d.vendor_id or d.serial_number[:4], d.serial_number[4:], parent,
            olts[parent].serial_number if parent in olts else "", d.proxy_address.channel_id,
            labels.get((parent, d.parent_port_no), f"pon-{d.proxy_address.channel_id}"),
            d.proxy_address.onu_id, d.admin_state, d.oper_status, d.connect_status, d.reason, active, standby,
        ))
    rows.sort(key=lambda r: (r[4], r[6], r[8], r[0]))
    return rows


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("address")
    parser.add_argument("--calls", type=int, default=20000)
    parser.add_argument("--concurrency", type=int, default=100)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    channel = grpc.insecure_channel(args.address, options=OPTIONS)
    stub = voltha_pb2_grpc.VolthaServiceStub(channel)
    rows = inventory(stub)
    times = []
    for _ in range(args.runs):
        start = time.monotonic()
        rows = inventory(stub)
        times.append((time.monotonic() - start) * 1000)
    print(f"python grpcio: inventory of {len(rows)} ONUs: median {statistics.median(times):.0f} ms, best {min(times):.0f} ms")

    ids = [r[0] for r in rows] or ["none"]
    requests = [common_pb2.ID(id=ids[i % len(ids)]) for i in range(args.calls)]

    def get(request):
        return stub.GetDevice(request, timeout=30)

    with ThreadPoolExecutor(max_workers=args.concurrency) as pool:
        list(pool.map(get, requests[: args.concurrency * 2]))  # warm-up
        before, start = cpu(), time.monotonic()
        results = list(pool.map(get, requests))
        elapsed, used = time.monotonic() - start, cpu() - before
    print(
        f"python grpcio (sync stub, {args.concurrency} threads): {len(results)} GetDevice calls: {elapsed:.2f} s, "
        f"{len(results) / elapsed:.0f} calls/s, CPU {used / len(results) * 1e6:.0f} µs/call"
    )
    channel.close()

    async def run_aio():
        async with grpc.aio.insecure_channel(args.address, options=OPTIONS) as aio_channel:
            aio_stub = voltha_pb2_grpc.VolthaServiceStub(aio_channel)
            queue = iter(requests)

            async def worker():
                count = 0
                for request in queue:
                    await aio_stub.GetDevice(request, timeout=30)
                    count += 1
                return count

            before, start = cpu(), time.monotonic()
            done = sum(await asyncio.gather(*(worker() for _ in range(args.concurrency))))
            elapsed, used = time.monotonic() - start, cpu() - before
            print(
                f"python grpcio (grpc.aio, {args.concurrency} in flight): {done} GetDevice calls: {elapsed:.2f} s, "
                f"{done / elapsed:.0f} calls/s, CPU {used / done * 1e6:.0f} µs/call"
            )

    asyncio.run(run_aio())


if __name__ == "__main__":
    main()
