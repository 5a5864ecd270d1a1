#!/usr/bin/env python3
"""Writes the VOLTHA event fixtures of Tests/VOLTHATests/Fixtures/events/ with the official
voltha-protos Python classes (the same builders voltha-standin publishes to Kafka with).

    .venv-tools/bin/python Tools/make-event-fixtures.py [OUTPUT_DIR]

Output (deterministic: fixed clock, fixed ids; re-running rewrites the same bytes):
  bin/NN-<name>.bin   one binary event.Event each (what a Kafka message value holds)
  events.jsonl        every event, one per line, in protobuf's JSON mapping (MessageToJson)
  events.ldpb         every event, length-delimited (varint length + message)
  index.json          [{"file": "bin/…", "name": device_event_name or "", "type": oneof name}]

It covers every event name VOLTHA 2.x sends (core, openolt, openonu), the old names
ONU_DYING_GASP_EVENT and ONU_ACTIVATION_FAIL, two names Ferrule does not know, a KPI event
(KpiEvent2), an RPC event and a pre-3.2.3 event whose timestamps are floats. Context keys follow
the upstream code cited next to each builder.
"""

import json
import os
import struct
import sys
import types

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "voltha-standin"))

import events as ev  # noqa: E402  (Tools/voltha-standin/events.py)
from google.protobuf import json_format  # noqa: E402
from google.protobuf.internal.encoder import _VarintBytes  # noqa: E402
from voltha_protos import common_pb2, device_pb2, events_pb2  # noqa: E402

# A fixed clock: 2026-12-05T09:00:00Z, one second per event (events.py reads time.time_ns()).
BASE_NS = 1_796_461_200_000_000_000


class Clock:
    def __init__(self):
        self.now = BASE_NS

    def time_ns(self):
        self.now += 1_000_000_000
        return self.now


clock = Clock()
ev.time = types.SimpleNamespace(time_ns=clock.time_ns)

CAT, SUB = ev.CAT, ev.SUB
OLT_ID = "6f1c2b3a4d5e6f708192a3b4"
ONU_ID = "0a1b2c3d4e5f60718293a4b5"
OLT_SERIAL = "BBSIM_OLT_10"
ONU_SERIAL = "BBSM00000001"
PON, ONU_NUMBER = 1, 3
PON_PORT_NO = (0x2 << 28) | PON  # voltha-lib-go pkg/platform/platform.go:136-142


def device(root: bool):
    d = device_pb2.Device()
    if root:
        d.id, d.serial_number, d.root = OLT_ID, OLT_SERIAL, True
        d.admin_state, d.oper_status = common_pb2.AdminState.ENABLED, common_pb2.OperStatus.ACTIVE
        d.connect_status = common_pb2.ConnectStatus.REACHABLE
    else:
        d.id, d.serial_number, d.parent_id, d.parent_port_no = ONU_ID, ONU_SERIAL, OLT_ID, PON_PORT_NO
        d.proxy_address.channel_id, d.proxy_address.onu_id = PON, ONU_NUMBER
        d.admin_state, d.oper_status = common_pb2.AdminState.ENABLED, common_pb2.OperStatus.ACTIVE
        d.connect_status = common_pb2.ConnectStatus.REACHABLE
    return d


OLT, ONU = device(True), device(False)


class Spec:
    pon, onu_id, vendor_id, model, version = PON, ONU_NUMBER, "BBSM", "v0.0.1", "v0.0.1"
    software_active, software_standby = "BBSM_IMG_00001", "BBSM_IMG_00002"


def onu_ctx(extra=None):
    """The onu ctx of openolt ONU alarms (openolt_eventmgr.go:304-316, 456-466)."""
    c = {"intf-id": str(PON), "onu-id": str(ONU_NUMBER), "port-label": f"pon-{PON}",
         "serial-number": ONU_SERIAL, "onu-device-id": ONU_ID}
    c.update(extra or {})
    return c


def rc(name, resource, ctx, cat, sub):
    """Both phases of an R/C alarm."""
    return [ev._event(f"{name}_RAISE_EVENT", resource, ctx, cat, sub),
            ev._event(f"{name}_CLEAR_EVENT", resource, ctx, cat, sub)]


def build():
    out = []
    # --- core (voltha-lib-go pkg/events/utils.go:75-125; voltha-go rw_core/core/device/event/event.go:298-335)
    out.append(ev.state_change(ONU, common_pb2.AdminState.ENABLED, common_pb2.OperStatus.ACTIVATING,
                               common_pb2.ConnectStatus.REACHABLE))
    out.append(ev.state_change(OLT, common_pb2.AdminState.ENABLED, common_pb2.OperStatus.ACTIVATING,
                               common_pb2.ConnectStatus.REACHABLE))
    out.append(ev.deleted(OLT))
    deleted_onu = events_pb2.Event.FromString(ev.deleted(ONU))
    deleted_onu.device_event.context["olt-serial-number"] = OLT_SERIAL  # newer voltha-lib-go (utils.go:117)
    out.append(deleted_onu.SerializeToString())
    # --- openolt, one ONU (openolt_eventmgr.go)
    out.append(ev.onu_discovery(OLT, ONU, PON, ONU_NUMBER, "XGS-PON"))
    for name, extra in [
        ("ONU_LOSS_OF_SIGNAL", {}), ("ONU_LOSS_OF_BURST", {}), ("ONU_LOPC_MISS", {}),
        ("ONU_LOPC_MIC_ERROR", {}), ("ONU_LOSS_OF_FRAME", {}), ("ONU_LOSS_OF_PLOAM", {}),
        ("ONU_DYING_GASP", {}), ("ONU_LOSS_OF_OMCI_CHANNEL", {}),
        ("ONU_DRIFT_OF_WINDOW", {"drift": "12", "new-eqd": "34"}),
        ("ONU_SIGNAL_DEGRADE", {"inverse-bit-error-rate": "100000"}),
        ("ONU_SIGNALS_FAIL", {"inverse-bit-error-rate": "1000"}), ("ONU_STARTUP_FAIL", {}),
    ]:
        out.append(ev.onu_alarm(OLT, ONU, PON, ONU_NUMBER, name, True, extra))
        out.append(ev.onu_alarm(OLT, ONU, PON, ONU_NUMBER, name, False, extra))
    # openolt_eventmgr.go:635-659 (SECURITY), 692-715, 716-742, 766-870 (EQUIPMENT / COMMUNICATION)
    out += rc("ONU_LOSS_OF_KEY_SYNC", OLT_ID, onu_ctx(), CAT.SECURITY, SUB.ONU)
    out += rc("ONU_DEACTIVATION_FAILURE", OLT_ID, onu_ctx(), CAT.EQUIPMENT, SUB.ONU)
    out += rc("ONU_REMOTE_DEFECT", OLT_ID, onu_ctx({"rdi-count": "7"}), CAT.EQUIPMENT, SUB.ONU)
    out += rc("ONU_LOSS_OF_GEM_CHANNEL_DELINEATION", OLT_ID, onu_ctx({"delineation-errors": "3"}),
              CAT.COMMUNICATION, SUB.ONU)
    out += rc("ONU_PHYSICAL_EQUIPMENT_ERROR", OLT_ID, onu_ctx(), CAT.EQUIPMENT, SUB.ONU)
    out += rc("ONU_LOSS_OF_ACKNOWLEDGEMENT", OLT_ID, onu_ctx(), CAT.EQUIPMENT, SUB.ONU)
    out += rc("ONU_DIFFERENTIAL_REACH_EXCEEDED", OLT_ID, onu_ctx({"differential-distance": "20"}),
              CAT.EQUIPMENT, SUB.ONU)
    # openolt_eventmgr.go:319-361: bare, with the ONU's device id under `id`
    for name in ("ONU_DISABLE", "ONU_ENABLE"):
        out.append(ev._event(name, OLT_ID, onu_ctx({"id": ONU_ID}), CAT.COMMUNICATION, SUB.ONU))
    # --- openolt, the OLT and its PON ports
    out += rc("OLT_LOSS_OF_SIGNAL", OLT_ID, {"intf-id": str(PON), "port-label": f"pon-{PON}"},
              CAT.COMMUNICATION, SUB.PON)  # openolt_eventmgr.go:245-287
    out.append(ev._event("OLT_PON_INTERFACE_DOWN_RAISE_EVENT", OLT_ID, {"oper-state": "down"},
                         CAT.COMMUNICATION, SUB.OLT))  # openolt_eventmgr.go:660-690: no intf-id
    out.append(ev._event("OLT_PON_INTERFACE_DOWN_CLEAR_EVENT", OLT_ID, {"oper-state": "up"},
                         CAT.COMMUNICATION, SUB.OLT))
    out.append(ev._event("OLT_DOWN_INDICATION_RAISE_EVENT", OLT_ID, {"oper-state": "down"},
                         CAT.COMMUNICATION, SUB.OLT))  # openolt_eventmgr.go:194-215
    out.append(ev._event("OLT_DOWN_INDICATION_CLEAR_EVENT", OLT_ID, {"oper-state": "up"},
                         CAT.COMMUNICATION, SUB.OLT))
    comm = {"oper-state": "ACTIVE", "admin-state": "ENABLED", "connect-state": "UNREACHABLE", "vendor": "BBSim",
            "type": "openolt", "parent-id": "", "parent-port-no": "0", "id": OLT_ID, "firmware-version": "BBSIM-1",
            "hardware-version": "emulated", "serial-number": OLT_SERIAL, "mac-address": "0a:0a:0a:0a:0a:00"}
    out += rc("OLT_COMMUNICATION_FAILURE", OLT_ID, comm, CAT.COMMUNICATION, SUB.OLT)  # openolt_eventmgr.go:155-192
    out.append(ev._event("OLT_REBOOT_FAILED_RAISE_EVENT", OLT_ID, {"failure-reason": "olt-reboot-failed"},
                         CAT.COMMUNICATION, SUB.OLT))  # openolt_eventmgr.go:289-302
    # openolt failure events: `serial-number` is the OLT's (device_handler.go:4934-4966)
    for name, code in [("ONU_UPDATE_COMMUNICATION_FAILED", "ERR_ACTIVATE_ONU"),
                       ("OLT_DEVICE_STATE_UPDATE_FAILED", "ERR_DEVICE_STATE_UPDATE_AT_CORE"),
                       ("OLT_DEVICE_DB_UPDATE_FAILURE", "ERR_DEVICE_DB_KV_STORE_UPDATE")]:
        onu_named = name.startswith("ONU_")
        ctx = {"serial-number": OLT_SERIAL, "id": OLT_ID, "failure-reason": "fixture", "parent-id": "",
               "error-code": code, "intf-id": str(PON if onu_named else 0),
               "onu-id": str(ONU_NUMBER if onu_named else 0), "port-label": f"pon-{PON if onu_named else 0}",
               "onu-serial-number": ONU_SERIAL if onu_named else "", "onu-device-id": ONU_ID if onu_named else "",
               "olt-device-id": OLT_ID}
        out.append(ev._event(name, OLT_ID, ctx, CAT.EQUIPMENT, SUB.PON))
    # old name, openolt <= 4.7.0 (commit a0a440d5^ internal/pkg/core/openolt_eventmgr.go onuActivationIndication)
    out.append(ev._event("ONU_ACTIVATION_FAIL", OLT_ID,
                         onu_ctx({"fail-reason": "ONU_ACTIVATION_FAIL_REASON_RANGING"}), CAT.EQUIPMENT, SUB.PON))
    # old name, openolt before VOL-5206 (commit 1992f998)
    out.append(ev._event("ONU_DYING_GASP_EVENT", OLT_ID, onu_ctx(), CAT.COMMUNICATION, SUB.ONU))
    # --- openonu
    out.append(ev.onu_activated(OLT, ONU, Spec, 1))  # device_handler.go:3436-3505
    # OMCI alarms (alarm_manager.go:141-182, 738-778): onu-id = the device id, onu-intf-id = a port number
    omci = [("ONU_EQUIPMENT", CAT.EQUIPMENT), ("ONU_SELF_TEST_FAIL", CAT.EQUIPMENT),
            ("ONU_LASER_EOL", CAT.EQUIPMENT), ("ONU_TEMP_YELLOW", CAT.ENVIRONMENT),
            ("ONU_TEMP_RED", CAT.ENVIRONMENT), ("ONU_Ethernet_UNI", CAT.EQUIPMENT),
            ("ONU_DYING_GASP", CAT.EQUIPMENT), ("ONU_VOLTAGE_YELLOW", CAT.ENVIRONMENT),
            ("ONU_VOLTAGE_RED", CAT.ENVIRONMENT), ("ONU_LOW_RX_OPTICAL", CAT.COMMUNICATION),
            ("ONU_HIGH_RX_OPTICAL", CAT.COMMUNICATION), ("ONU_BIT_ERROR_BASED_SIGNAL_FAIL", CAT.COMMUNICATION),
            ("ONU_BIT_ERROR_BASED_SIGNAL_DEGRADE", CAT.COMMUNICATION), ("ONU_LOW_TX_OPTICAL", CAT.COMMUNICATION),
            ("ONU_HIGH_TX_OPTICAL", CAT.COMMUNICATION), ("ONU_LASER_BIAS_CURRENT", CAT.EQUIPMENT)]
    for name, cat in omci:
        # UNI alarms carry the UNI port number pon<<16 | onu<<8 | uni (platform.go:104-117), ANI-G and
        # ONU-G alarms the ONU's parent port, the OLT PON port number.
        port = (PON << 16) | (ONU_NUMBER << 8) | 1 if name in ("ONU_Ethernet_UNI",) else PON_PORT_NO
        ctx = {"onu-intf-id": str(port), "onu-id": ONU_ID, "onu-serial-number": ONU_SERIAL}
        for phase, word in (("RAISE_EVENT", "Raised"), ("CLEAR_EVENT", "Cleared")):
            out.append(ev._event(f"{name}_{phase}", ONU_ID, ctx, cat, SUB.ONU, f"onu alarm Event - {name} - {word}"))
    # openonu failure events (device_handler.go:3507-3566)
    for name, code in [("ONU_INITIALIZATION_FAILED", "ERR_MIB_DOWNLOAD_FAILED"),
                       ("ONU_DEVICE_UPDATE_FAILED", "ERR_DEVICE_UPDATE_AT_CORE"),
                       ("ONU_DEVICE_DB_UPDATE_FAILURE", "ERR_DEVICE_DB_KV_STORE_UPDATE")]:
        ctx = {"olt-serial-number": OLT_SERIAL, "pon-id": str(PON), "onu-id": str(ONU_NUMBER),
               "serial-number": ONU_SERIAL, "onu-serial-number": ONU_SERIAL, "device-id": ONU_ID,
               "registration-id": ONU_ID, "num-of-unis": "1", "failure-reason": "fixture", "parent-id": OLT_ID,
               "onu-device-id": ONU_ID, "olt-device-id": OLT_ID, "error-code": code}
        if code == "ERR_DEVICE_UPDATE_AT_CORE":
            ctx["update-kind"] = "device"
        out.append(ev._event(name, ONU_ID, ctx, CAT.EQUIPMENT, SUB.PON))
    # openonu device events (mib/onu_device_entry.go:1107-1125)
    for name in ("ONU_MIB_AUDIT_FAILURE_MDS", "ONU_OMCI_COMMUNICATION_FAILURE_CONFIG",
                 "ONU_OMCI_COMMUNICATION_FAILURE_SW_UPGRADE", "ONU_CONFIG_FAILURE_RESPONSE_ERROR",
                 "ONU_CONFIG_FAILURE_TIMEOUT", "ONU_CONFIG_FAILURE_MISSING_TCONT",
                 "ONU_CONFIG_FAILURE_MISSING_US_PRIORITY_QUEUE"):
        ctx = {"onu-id": str(ONU_NUMBER), "intf-id": str(PON), "onu-serial-number": ONU_SERIAL}
        out.append(ev._event(name, ONU_ID, ctx, CAT.COMMUNICATION, SUB.ONU))
    # device_handler.go:5092-5130
    out.append(ev._event("ONU_CONFIG_FAILED", ONU_ID, {"device-id": ONU_ID, "onu-serial-number": ONU_SERIAL,
                                                      "parent-id": OLT_ID}, CAT.EQUIPMENT, SUB.ONU))
    out.append(ev._event("ONU_RECONCILE_FAILED", ONU_ID, {
        "device-id": ONU_ID, "onu-serial-number": ONU_SERIAL, "parent-id": OLT_ID, "serial-number": ONU_SERIAL,
        "onu-device-id": ONU_ID, "olt-device-id": OLT_ID}, CAT.EQUIPMENT, SUB.ONU))
    # --- names Ferrule does not know: kept, never fatal
    out.append(ev._event("ONU_FUTURE_ALARM_RAISE_EVENT", ONU_ID, {"onu-serial-number": ONU_SERIAL,
                                                                 "onu-id": ONU_ID}, CAT.EQUIPMENT, SUB.ONU))
    out.append(ev._event("VENDOR_SPECIFIC_THING", OLT_ID, {"intf-id": "2", "onu-id": "9"},
                         CAT.PROCESSING, SUB.NONE))
    out.append(kpi())
    out.append(rpc())
    # Map entries in key order, so the fixtures are the same bytes on every run.
    out = [events_pb2.Event.FromString(raw).SerializeToString(deterministic=True) for raw in out]
    return [(raw, None) for raw in out] + [(legacy_float_timestamps(), "LEGACY-FLOAT-TIMESTAMPS")]


def header(name, category, sub, type_):
    now_ns = clock.time_ns()
    h = events_pb2.EventHeader()
    h.id = f"Voltha.openolt.{name}.{now_ns}"
    h.category, h.sub_category, h.type, h.type_version = category, sub, type_, ev.TYPE_VERSION
    h.raised_ts.FromSeconds(now_ns // 1_000_000_000)
    h.reported_ts.FromNanoseconds(now_ns)
    return h


def kpi():
    """A PONStats KPI event (voltha-openolt-adapter internal/pkg/core/statsmanager.go:740-800;
    voltha-lib-go pkg/events/events_proxy.go:157-180)."""
    e = events_pb2.Event()
    e.header.CopyFrom(header("STATS", CAT.EQUIPMENT, SUB.PON, events_pb2.EventType.KPI_EVENT2))
    k = e.kpi_event2
    k.type = events_pb2.KpiEventType.slice
    k.ts = float(clock.now // 1_000_000_000)
    s = k.slice_data.add()
    s.metadata.title = "PONStats"
    s.metadata.ts = k.ts
    s.metadata.device_id = OLT_ID
    s.metadata.context["portlabel"] = f"pon-{PON}"
    s.metadata.context["oltid"] = OLT_ID
    s.metadata.context["devicetype"] = "olt"
    s.metrics["RxBytes"] = 1234.0
    s.metrics["TxBytes"] = 5678.0
    return e.SerializeToString()


def rpc():
    """RPC_ERROR_RAISE_EVENT (voltha-go rw_core/core/device/agent.go:271-273, event/event.go:252-270)."""
    e = events_pb2.Event()
    e.header.CopyFrom(header("RPC_ERROR", CAT.COMMUNICATION, SUB.NONE, events_pb2.EventType.RPC_EVENT))
    r = e.rpc_event
    r.rpc, r.operation_id, r.service = "EnableDevice", "op-1", "adapter-openolt"
    r.resource_id, r.description = OLT_ID, "rpc error: code = Unavailable desc = connection refused"
    r.status.code = common_pb2.OperationResp.OPERATION_FAILURE
    return e.SerializeToString()


def legacy_float_timestamps():
    """An event as protos <= 3.2.2 wrote it: raised_ts/reported_ts as `float` (fields 6 and 7, fixed32)."""
    e = events_pb2.Event.FromString(ev.onu_alarm(OLT, ONU, PON, ONU_NUMBER, "ONU_LOSS_OF_SIGNAL", True, {}))
    e.header.ClearField("raised_ts")
    e.header.ClearField("reported_ts")
    header_bytes = e.header.SerializeToString()
    seconds = float(BASE_NS // 1_000_000_000)
    header_bytes += bytes([6 << 3 | 5]) + struct.pack("<f", seconds) + bytes([7 << 3 | 5]) + struct.pack("<f", seconds)
    e.ClearField("header")
    rest = e.SerializeToString(deterministic=True)
    return bytes([1 << 3 | 2]) + _VarintBytes(len(header_bytes)) + header_bytes + rest


def main():
    target = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        HERE, "..", "Tests", "VOLTHATests", "Fixtures", "events")
    os.makedirs(os.path.join(target, "bin"), exist_ok=True)
    for old in os.listdir(os.path.join(target, "bin")):
        if old.endswith(".bin"):
            os.remove(os.path.join(target, "bin", old))
    index = []
    with open(os.path.join(target, "events.jsonl"), "w", encoding="utf-8") as jsonl, \
            open(os.path.join(target, "events.ldpb"), "wb") as delimited:
        for number, (raw, tag) in enumerate(build(), start=1):
            message = events_pb2.Event.FromString(raw)
            kind = message.WhichOneof("event_type")
            name = message.device_event.device_event_name if kind == "device_event" else ""
            label = tag or name or {"kpi_event2": "KPI", "rpc_event": "RPC"}.get(kind, kind)
            file = f"bin/{number:02d}-{label}.bin"
            with open(os.path.join(target, file), "wb") as f:
                f.write(raw)
            index.append({"file": file, "name": name, "type": kind})
            if tag is None:
                # The float timestamps have no JSON form: the legacy event is in the binary fixtures only.
                jsonl.write(json_format.MessageToJson(message, indent=None, sort_keys=True) + "\n")
            delimited.write(_VarintBytes(len(raw)) + raw)
    with open(os.path.join(target, "index.json"), "w", encoding="utf-8") as f:
        json.dump(index, f, indent=1)
        f.write("\n")
    print(f"make-event-fixtures: {len(index)} events in {os.path.normpath(target)}")


if __name__ == "__main__":
    main()
