#!/usr/bin/env python3
"""Raises or clears an ONU alarm through VOLTHA's NBI (`VolthaService/SimulateAlarm`), as
`voltctl device alarm` would, for ONUs named by serial number. For the end-to-end tests and demos
against voltha-standin, whose stand-in OLT publishes the alarm event on `voltha.events` (README,
"Raising alarms").

    .venv-tools/bin/python Tools/voltha-standin/simulate_alarm.py --voltha 127.0.0.1:PORT \
        [--indicator los] (--raise | --clear [--rediscovered]) SERIAL [SERIAL ...]

The request names the ONU's parent OLT as `id` and the ONU by `onu_serial_number`; with
`--rediscovered` (loss of signal only) it names the ONU itself as `id`, and the stand-in sends the
clear the openolt adapter sends for an ONU rediscovered after a fibre repair, whose resource is the
ONU (voltha-openolt-adapter internal/pkg/core/device_handler.go:1905-1935)
(voltha-protos protos/voltha_protos/device.proto SimulateAlarmRequest; voltha-go
rw_core/core/device/manager_nbi.go:923-937). Prints `raised SERIAL` or `cleared SERIAL` per ONU,
then `done N`. Exit 1 when an ONU is unknown or VOLTHA refuses (nothing more is sent), 64 for
bad options.
"""

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import grpc  # noqa: E402
from google.protobuf import empty_pb2  # noqa: E402
from voltha_protos import device_pb2, voltha_pb2_grpc  # noqa: E402


def main(argv=None):
    parser = argparse.ArgumentParser(description="raise or clear ONU alarms through VOLTHA's SimulateAlarm")
    parser.add_argument("--voltha", required=True, metavar="HOST:PORT")
    parser.add_argument("--indicator", default="los", help="los, dying_gasp, lob, ... (default los)")
    phase = parser.add_mutually_exclusive_group(required=True)
    phase.add_argument("--raise", dest="raise_", action="store_true")
    phase.add_argument("--clear", action="store_true")
    parser.add_argument("--rediscovered", action="store_true",
                        help="with --clear --indicator los: the clear of an ONU rediscovered after a fibre repair")
    parser.add_argument("serials", nargs="+", metavar="SERIAL")
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return 64 if exit_.code else 0
    if args.rediscovered and (args.raise_ or args.indicator != "los"):
        print("simulate_alarm: --rediscovered goes with --clear and --indicator los (the repair's LOS clear)",
              file=sys.stderr)
        return 64
    operation = device_pb2.SimulateAlarmRequest.RAISE if args.raise_ else device_pb2.SimulateAlarmRequest.CLEAR
    with grpc.insecure_channel(args.voltha) as channel:
        stub = voltha_pb2_grpc.VolthaServiceStub(channel)
        try:
            devices = stub.ListDevices(empty_pb2.Empty(), timeout=30).items
        except grpc.RpcError as e:
            print(f"simulate_alarm: {args.voltha}: ListDevices: {e.code().name}: {e.details()}", file=sys.stderr)
            return 1
        targets = {d.serial_number: d.id if args.rediscovered else d.parent_id for d in devices if not d.root}
        for serial in args.serials:
            if serial not in targets:
                print(f"simulate_alarm: {args.voltha}: no ONU with serial {serial[:40]!r}", file=sys.stderr)
                return 1
            request = device_pb2.SimulateAlarmRequest(
                id=targets[serial], indicator=args.indicator, onu_serial_number=serial, operation=operation)
            try:
                stub.SimulateAlarm(request, timeout=30)
            except grpc.RpcError as e:
                print(f"simulate_alarm: {args.voltha}: SimulateAlarm {serial}: {e.code().name}: {e.details()}",
                      file=sys.stderr)
                return 1
            print(f"{'raised' if args.raise_ else 'cleared'} {serial}", flush=True)
    print(f"done {len(args.serials)}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
