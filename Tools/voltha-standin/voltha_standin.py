#!/usr/bin/env python3
"""voltha-standin: a VOLTHA northbound gRPC server for tests, on the official voltha-protos stubs.

    .venv-tools/bin/python Tools/voltha-standin/voltha_standin.py --port 0 [--scenario FILE] [--kafka HOST:PORT]

Serves voltha.VolthaService, extension.Extension and gRPC server reflection on 127.0.0.1 (as the
voltha-go rw_core NBI does: rw_core/core/core.go:214-230, voltha-lib-go pkg/grpc/server.go:131).
The first line on stdout is `listening on 127.0.0.1:PORT`. SIGTERM or SIGINT stops it cleanly.
See README.md for the behaviours reproduced and their upstream sources.
"""

import argparse
import json
import os
import signal
import sys
import threading
import time
from concurrent import futures

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import grpc  # noqa: E402
from google.protobuf import empty_pb2  # noqa: E402
from grpc_reflection.v1alpha import reflection  # noqa: E402
from voltha_protos import (  # noqa: E402
    adapter_pb2,
    common_pb2,
    device_pb2,
    extensions_pb2,
    extensions_pb2_grpc,
    logical_device_pb2,
    openflow_13_pb2,
    voltha_pb2,
    voltha_pb2_grpc,
)

import core as vc  # noqa: E402
import events  # noqa: E402
import extension  # noqa: E402
import scenario as sc  # noqa: E402

UNKNOWN = grpc.StatusCode.UNKNOWN
UNIMPLEMENTED = grpc.StatusCode.UNIMPLEMENTED

# voltha-go rw_core/core/api/grpc_nbi_handler.go:72-103: plain errors.New("unimplemented") -> UNKNOWN
PLAIN_UNIMPLEMENTED = (
    "ListCoreInstances", "GetCoreInstance", "CreateEventFilter", "UpdateEventFilter", "DeleteEventFilter",
    "GetEventFilter", "ListEventFilters", "SelfTest", "GetAlarmDeviceData", "GetMibDeviceData",
)
# rw_core/core/device/manager_nbi.go:939-952
VOIP = {
    "PutVoipUserProfile": "put-voip-user-profile-not-implemented",
    "DeleteVoipUserProfile": "delete-voip-user-profile-not-implemented",
    "PutVoipSystemProfile": "put-voip-system-profile-not-implemented",
    "DeleteVoipSystemProfile": "delete-voip-system-profile-not-implemented",
}
# Added after VOLTHA 2.14 (voltha-protos 5.7.x); an older core does not know them.
POST_2_14 = ("DisableOnuDevice", "EnableOnuDevice", "DisableOnuSerialNumber", "EnableOnuSerialNumber", "UpdateDevice")

# What the adapters register (voltha-openolt-adapter cmd/openolt-adapter/main.go:398-419,
# voltha-openonu-adapter-go cmd/openonu-adapter/main.go:306-328).
ADAPTERS = [
    adapter_pb2.Adapter(id="openolt_1", vendor="VOLTHA OpenOLT", version="4.7.3", endpoint=vc.OLT_ADAPTER_ENDPOINT,
                        type=vc.OLT_TYPE, currentReplica=1, totalReplicas=1),
    adapter_pb2.Adapter(id="brcm_openomci_onu_1", vendor="VOLTHA OpenONUGo", version="2.13.31",
                        endpoint=vc.ONU_ADAPTER_ENDPOINT, type=vc.ONU_TYPE, currentReplica=1, totalReplicas=1),
]
DEVICE_TYPES = [
    device_pb2.DeviceType(id=vc.OLT_TYPE, adapter_type=vc.OLT_TYPE, adapter=vc.OLT_TYPE,
                          accepts_bulk_flow_update=False, accepts_add_remove_flow_updates=True),
    device_pb2.DeviceType(id=vc.ONU_TYPE, vendor_ids=sc.ONU_VENDOR_IDS, adapter_type=vc.ONU_TYPE, adapter=vc.ONU_TYPE,
                          accepts_bulk_flow_update=False, accepts_add_remove_flow_updates=True),
]


class Abort(Exception):
    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.message = message


class VolthaService(voltha_pb2_grpc.VolthaServiceServicer):
    """VolthaService RPCs; anything not defined here keeps the stub's UNIMPLEMENTED answer."""

    def __init__(self, core: vc.Core):
        self.core = core

    def GetVoltha(self, request, context):
        # grpc_nbi_handler.go:55-70: the version information as a JSON string
        info = {"version": self.core.scenario.core_version, "goversion": "go1.25.1", "vcsref": "08cf52f9d",
                "vcsdirty": "false", "buildtime": "2026-02-16T06:24:11Z", "os": "linux", "arch": "amd64"}
        return voltha_pb2.Voltha(version=json.dumps(info, separators=(",", ":")))

    def ListDevices(self, request, context):
        return self.core.list_devices_bytes()  # pre-serialized device.Devices (see _serialize)

    def ListDeviceIds(self, request, context):
        return common_pb2.IDs(items=[common_pb2.ID(id=i) for i in self.core.list_device_ids()])

    def GetDevice(self, request, context):
        return self.core.device(request.id)

    def CreateDevice(self, request, context):
        return self.core.create_device(request)

    def EnableDevice(self, request, context):
        self.core.enable(request.id)
        return empty_pb2.Empty()

    def DisableDevice(self, request, context):
        self.core.disable(request.id)
        return empty_pb2.Empty()

    def RebootDevice(self, request, context):
        self.core.reboot(request.id)
        return empty_pb2.Empty()

    def DeleteDevice(self, request, context):
        self.core.delete(request.id)
        return empty_pb2.Empty()

    def ForceDeleteDevice(self, request, context):
        self.core.delete(request.id)
        return empty_pb2.Empty()

    def ListDevicePorts(self, request, context):
        return self.core.ports(request.id)

    def ListDevicePmConfigs(self, request, context):
        with self.core.lock:
            entry = self.core.get(request.id)  # manager_nbi.go:777-784
            freq = 60 if isinstance(entry, vc.Olt) else 15
            return device_pb2.PmConfigs(id=request.id, default_freq=freq, grouped=isinstance(entry, vc.Onu))

    def ListDeviceFlows(self, request, context):
        self._require(request.id, "device-")  # manager_nbi.go:805-812
        return openflow_13_pb2.Flows()

    def ListDeviceFlowGroups(self, request, context):
        self._require(request.id, "device-")  # manager_nbi.go:824-831
        return openflow_13_pb2.FlowGroups()

    def GetImages(self, request, context):
        return self.core.device(request.id).images

    def GetOnuImages(self, request, context):
        if not request.id:
            raise Abort(grpc.StatusCode.INVALID_ARGUMENT, "empty device id")  # manager_nbi.go:526-528
        with self.core.lock:
            entry = self.core.get(request.id)  # manager_nbi.go:532-535: NOT_FOUND <id>
            if isinstance(entry, vc.Olt):
                # agent_image.go:761-791 hands it to the device's adapter; openolt's answers
                # ErrNotImplemented (voltha-openolt-adapter internal/pkg/core/openolt.go:803-806,
                # internal/pkg/olterrors/olterrors.go:361), a plain error: UNKNOWN.
                raise Abort(grpc.StatusCode.UNKNOWN, "not-implemented")
            d, spec = entry.device, entry.spec
            # openonu internal/pkg/core/openonu.go:868-881 -> device_handler.go:2035-2055 ->
            # swupg/onu_image_status.go:66-108: refused unless the ONU is ready for OMCI
            # configuration, which it is from the MIB download (ACTIVE, REACHABLE: device_handler.go:
            # 2970-2974, 3019) until it goes down (2716-2728) or reboots (1680). The adapter's error
            # is "<reason>-<device id>" (openonu.go:876), a plain error: UNKNOWN.
            if not (d.oper_status == vc.OPER.ACTIVE and d.connect_status == vc.CONN.REACHABLE):
                raise Abort(grpc.StatusCode.UNKNOWN, f"command-rejected-improper-device-state-{d.id}")
            if spec.images_fail:
                # onu_image_status.go:137-140: the ONU does not answer the OMCI Get (the stand-in
                # answers at once instead of after the adapter's OMCI timeout with retries).
                raise Abort(grpc.StatusCode.UNKNOWN, f"wait-for-image-status-timeout-{d.id}")
            # Software image MEs 0 and 1 (onu_image_status.go:78-104; attributes 206-277): the
            # active committed image and the standby one. ProductCode and ImageHash are optional
            # OMCI attributes the stand-in's ONUs do not carry, so they stay empty.
            images = device_pb2.OnuImages(items=[
                device_pb2.OnuImage(version=spec.software_active, isCommited=True, isActive=True, isValid=True),
                device_pb2.OnuImage(version=spec.software_standby, isCommited=False, isActive=False, isValid=True),
            ])
            delay = spec.images_delay_ms / 1000.0
        if delay > 0:
            # A slow ONU: the adapter's OMCI Gets take this long (outside the lock, so other calls
            # go on); a call the client cancels or whose deadline passes stops waiting.
            deadline = time.monotonic() + delay
            while context.is_active() and time.monotonic() < deadline:
                time.sleep(min(0.05, max(0.0, deadline - time.monotonic())))
        return images

    def ListLogicalDevices(self, request, context):
        return logical_device_pb2.LogicalDevices(items=self.core.logical_devices())

    def GetLogicalDevice(self, request, context):
        return self.core.logical_device(request.id)

    def ListLogicalDevicePorts(self, request, context):
        return logical_device_pb2.LogicalPorts(items=self.core.logical_ports(request.id))

    def GetLogicalDevicePort(self, request, context):
        return self.core.logical_port(request.id, request.port_id)

    def ListLogicalDeviceFlows(self, request, context):
        return openflow_13_pb2.Flows(items=self.core.logical_flows(request.id))

    def UpdateLogicalDeviceFlowTable(self, request, context):
        self.core.update_flow_table(request)
        return empty_pb2.Empty()

    def ListLogicalDeviceFlowGroups(self, request, context):
        self.core.logical_device(request.id)
        return openflow_13_pb2.FlowGroups()

    def ListLogicalDeviceMeters(self, request, context):
        self.core.logical_device(request.id)
        return openflow_13_pb2.Meters()

    def SimulateAlarm(self, request, context):
        return self.core.simulate_alarm(request)

    def ListAdapters(self, request, context):
        # lastCommunication: Unix seconds of the core's last keepalive with the adapter. The core's
        # client to each adapter sends one every monitor interval and stamps time.Now() through its
        # liveness callback (voltha-lib-go pkg/grpc/client.go:376-381, vendored in voltha-go), which
        # keeps the newest time not in the future (voltha-go rw_core/core/adapter/agent.go:79,
        # 125-135). The stand-in's adapters are always live: the time of this call.
        now = int(time.time())
        items = []
        for adapter in ADAPTERS:
            a = adapter_pb2.Adapter()
            a.CopyFrom(adapter)
            a.last_communication = now
            items.append(a)
        return adapter_pb2.Adapters(items=items)

    def ListDeviceTypes(self, request, context):
        return device_pb2.DeviceTypes(items=DEVICE_TYPES)

    def GetDeviceType(self, request, context):
        for t in DEVICE_TYPES:
            if t.id == request.id:
                return t
        raise vc.not_found(f"device_type-{request.id}")  # rw_core/core/adapter/manager.go:474-476

    def GetExtValue(self, request, context):
        # voltha.VolthaService/GetExtValue (ValueSpecifier) reaches adapters only for a few legacy
        # values; manager_nbi.go:865-887 answers NOT_FOUND for an unknown device.
        self.core.device(request.id)
        raise Abort(UNIMPLEMENTED, "GetExtValue (ValueSpecifier) is not reproduced by the stand-in")

    # ----- ONU enable/disable at the OLT (added after 2.14) --------------------------------------

    def DisableOnuDevice(self, request, context):
        self._onu_admin(request.id, disable=True)
        return empty_pb2.Empty()

    def EnableOnuDevice(self, request, context):
        self._onu_admin(request.id, disable=False)
        return empty_pb2.Empty()

    def DisableOnuSerialNumber(self, request, context):
        self._serial_admin(request, disable=True)
        return empty_pb2.Empty()

    def EnableOnuSerialNumber(self, request, context):
        self._serial_admin(request, disable=False)
        return empty_pb2.Empty()

    def _onu_admin(self, onu_id, disable):
        with self.core.lock:
            onu = self.core.get(onu_id)  # manager_nbi.go:960-963
            if not isinstance(onu, vc.Onu) or onu.olt.device.id not in self.core.devices:
                raise vc.not_found(onu.device.parent_id)  # manager_nbi.go:965-968
            self._eligible(onu, disable)
            if disable:
                self.core._disable_onu(onu)
            else:
                self.core._enable_onu(onu)

    def _serial_admin(self, request, disable):
        with self.core.lock:
            olt_id = request.olt_device_id.id
            if not isinstance(self.core.devices.get(olt_id), vc.Olt):
                raise vc.not_found(f'id:"{olt_id}"')  # manager_nbi.go:996-999 (%s of a common.ID)
            _, onu = self.core.onu_by_serial(olt_id, request.serial_number)
            if onu is None:
                # manager_nbi.go:1001-1004
                raise vc.not_found(f"onu-device-id-not-found-for-serial-number-{request.serial_number}")
            self._eligible(onu, disable)
            self.core.set_serial_blocked(olt_id, request.serial_number, disable)

    @staticmethod
    def _eligible(onu, disable):
        d = onu.device
        if disable:
            # rw_core/core/device/agent.go:2167-2184 checkDisableEligibility
            if d.admin_state == vc.ADMIN.DISABLED:
                raise vc.failed_precondition(f"device-already-disabled: {d.id}")
            if d.admin_state == vc.ADMIN.PREPROVISIONED:
                raise vc.failed_precondition(f"deviceId:{d.id}, invalid-admin-state:PREPROVISIONED")
        elif d.admin_state == vc.ADMIN.ENABLED and d.oper_status != vc.OPER.FAILED:
            raise vc.failed_precondition(f"device-already-enabled: {d.id}")  # agent.go:2187-2198

    def _require(self, device_id, prefix):
        with self.core.lock:
            if device_id not in self.core.devices:
                raise vc.not_found(f"{prefix}{device_id}")


class ExtensionService(extensions_pb2_grpc.ExtensionServicer):
    def __init__(self, core: vc.Core):
        self.core = core

    def GetExtValue(self, request, context):
        return extension.get_ext_value(self.core, request)


def _serialize(value):
    """Messages are encoded; bytes (pre-encoded replies such as ListDevices) go out as they are."""
    return value if isinstance(value, bytes) else value.SerializeToString()


def _handlers(service_descriptor, servicer, core: vc.Core):
    """Method handlers built from the official descriptors, with VOLTHA's unary server interceptor.

    Mirrors the generated add_*Servicer_to_server, plus: the not-ready interceptor of voltha-lib-go
    pkg/grpc/server.go:142-157, lazy lifecycle steps, and pre-serialized responses (ListDevices).
    """
    handlers = {}
    for method in service_descriptor.methods:
        name = method.name
        request_class = _message_class(method.input_type)
        response_class = _message_class(method.output_type)
        impl = getattr(servicer, name)
        if method.client_streaming or method.server_streaming:
            # ReceiveChangeEvents / ReceivePacketsIn / StreamPacketsOut: single-consumer streams of
            # ofagent; the stand-in keeps the stub's UNIMPLEMENTED answer.
            if method.client_streaming and method.server_streaming:
                make = grpc.stream_stream_rpc_method_handler
            elif method.client_streaming:
                make = grpc.stream_unary_rpc_method_handler
            else:
                make = grpc.unary_stream_rpc_method_handler
            handlers[name] = make(impl, request_deserializer=request_class.FromString,
                                  response_serializer=response_class.SerializeToString)
            continue
        handlers[name] = grpc.unary_unary_rpc_method_handler(
            _unary(name, impl, core), request_deserializer=request_class.FromString,
            response_serializer=_serialize,
        )
    return grpc.method_handlers_generic_handler(service_descriptor.full_name, handlers)


def _unary(name, impl, core: vc.Core):
    def handle(request, context):
        if not core.scenario.ready:
            context.abort(grpc.StatusCode.UNAVAILABLE, "system is not ready")
        if name in PLAIN_UNIMPLEMENTED:
            context.abort(UNKNOWN, "unimplemented")
        if name in VOIP:
            context.abort(UNIMPLEMENTED, VOIP[name])
        if name in POST_2_14 and not core.scenario.post_2_14_rpcs:
            # grpc-go's answer for a method the server's protos do not have
            context.abort(UNIMPLEMENTED, f"unknown method {name} for service voltha.VolthaService")
        core.advance()
        try:
            return impl(request, context)
        except vc.RpcError as e:
            context.abort(e.code, e.message)
        except Abort as e:
            context.abort(e.code, e.message)

    return handle


def _message_class(descriptor):
    from google.protobuf import message_factory

    return message_factory.GetMessageClass(descriptor)


def serve(port: int, scenario: sc.Scenario, workers: int = 16, sink=None):
    core = vc.Core(scenario)
    core.events = sink  # attached after loading: the scenario's start-up state raises no events
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=workers),
                         options=[("grpc.max_send_message_length", 256 << 20)])
    server.add_generic_rpc_handlers((
        _handlers(voltha_pb2.DESCRIPTOR.services_by_name["VolthaService"], VolthaService(core), core),
        _handlers(extensions_pb2.DESCRIPTOR.services_by_name["Extension"], ExtensionService(core), core),
    ))
    reflection.enable_server_reflection(
        ("voltha.VolthaService", "extension.Extension", reflection.SERVICE_NAME), server
    )
    bound = server.add_insecure_port(f"127.0.0.1:{port}")
    if bound == 0:
        raise OSError(f"cannot listen on 127.0.0.1:{port}")
    server.start()
    return server, bound, core


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="VOLTHA northbound gRPC stand-in for tests")
    parser.add_argument("--port", type=int, default=0, help="TCP port on 127.0.0.1 (0 = any free port)")
    parser.add_argument("--scenario", help="scenario file (YAML or JSON); default: a small BBSim-like topology")
    parser.add_argument("--kafka", metavar="HOST:PORT", help="publish voltha.events to this Kafka broker")
    args = parser.parse_args(argv)
    if not 0 <= args.port <= 65535:
        print(f"voltha-standin: error: --port {args.port} is not 0..65535", file=sys.stderr)
        return 64
    try:
        scenario = sc.load(args.scenario)
    except sc.ScenarioError as e:
        print(f"voltha-standin: error: {e}", file=sys.stderr)
        return 65
    sink = None
    if args.kafka:
        try:
            sink = events.KafkaSink(args.kafka)
        except (OSError, ImportError) as e:
            print(f"voltha-standin: error: --kafka {args.kafka}: {e}", file=sys.stderr)
            return 69
    try:
        server, port, core = serve(args.port, scenario, sink=sink)
    except (OSError, RuntimeError) as e:
        print(f"voltha-standin: error: {e}", file=sys.stderr)
        return 69
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    if sink is not None and scenario.timing_mode == "time":
        # With events on, lifecycle steps also run without RPCs, so events flow on their own.
        def tick():
            while not stop.wait(0.05):
                core.advance()

        threading.Thread(target=tick, name="lifecycle-ticker", daemon=True).start()
    print(f"listening on 127.0.0.1:{port}", flush=True)
    while not stop.wait(0.2):  # a signal may land on another thread: poll, never block for good
        pass
    server.stop(grace=0.5).wait()
    if sink is not None:
        sink.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
