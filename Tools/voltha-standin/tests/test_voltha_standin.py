"""End-to-end tests of voltha-standin: each test starts the server process and talks gRPC to it
through the official voltha-protos stubs, as a client would."""

import json
import os
import re
import signal
import subprocess
import sys
import time

import grpc
import pytest
from google.protobuf import empty_pb2
from grpc_reflection.v1alpha import reflection_pb2, reflection_pb2_grpc
from voltha_protos import (
    common_pb2,
    device_pb2,
    extensions_pb2 as ext,
    extensions_pb2_grpc,
    health_pb2_grpc,
    logical_device_pb2,
    openflow_13_pb2 as of,
    voltha_pb2_grpc,
)

HERE = os.path.dirname(os.path.abspath(__file__))
SERVER = os.path.join(os.path.dirname(HERE), "voltha_standin.py")
ADMIN, OPER, CONN = common_pb2.AdminState.Types, common_pb2.OperStatus.Types, common_pb2.ConnectStatus.Types
EMPTY = empty_pb2.Empty()


class StandIn:
    def __init__(self, tmp_path, scenario=None):
        args = [sys.executable, SERVER, "--port", "0"]
        if scenario is not None:
            path = tmp_path / "scenario.json"
            path.write_text(json.dumps(scenario))
            args += ["--scenario", str(path)]
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.first_line = self.proc.stdout.readline().strip()
        m = re.fullmatch(r"listening on (127\.0\.0\.1:\d+)", self.first_line)
        assert m, f"unexpected first line {self.first_line!r}; stderr: {self.proc.stderr.read()[:500]}"
        self.address = m.group(1)
        self.channel = grpc.insecure_channel(self.address, options=[("grpc.max_receive_message_length", 64 << 20)])
        self.voltha = voltha_pb2_grpc.VolthaServiceStub(self.channel)
        self.ext = extensions_pb2_grpc.ExtensionStub(self.channel)

    def stop(self):
        self.channel.close()
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                return self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()  # never leave a server behind; the test fails on the return code
                self.proc.wait()
                return "did not stop on SIGTERM"
        return self.proc.returncode

    # helpers
    def devices(self):
        return list(self.voltha.ListDevices(EMPTY).items)

    def get(self, device_id):
        return self.voltha.GetDevice(common_pb2.ID(id=device_id))

    def children(self, olt_id):
        return [d for d in self.devices() if d.parent_id == olt_id and not d.root]

    def olts(self):
        return [d for d in self.devices() if d.root]


@pytest.fixture
def start(tmp_path):
    started = []

    def _start(scenario=None):
        s = StandIn(tmp_path, scenario)
        started.append(s)
        return s

    yield _start
    codes = [s.stop() for s in started]
    assert all(c in (0, None) for c in codes), f"stand-in exit codes after SIGTERM: {codes}"


def rpc_error(call, *args):
    with pytest.raises(grpc.RpcError) as info:
        call(*args)
    return info.value.code(), info.value.details()


READS = {"timing": {"mode": "reads"}}
ONE_OLT = {
    "host_and_port": "10.1.0.1:9191", "state": "absent", "serial_number": "EC1900000001",
    "pon_ports": 2, "onus_per_pon": 2, "vendors": ["BBSM"], "provisioned": ["BBSM00000101"],
}


def test_first_line_loopback_and_clean_sigterm(start):
    s = start()
    assert s.first_line.startswith("listening on 127.0.0.1:")
    assert s.voltha.GetVoltha(EMPTY).version
    assert s.stop() == 0


def test_get_voltha_reports_version_json(start):
    s = start()
    info = json.loads(s.voltha.GetVoltha(EMPTY).version)
    assert info["version"] == "3.7.13"
    assert set(info) == {"version", "goversion", "vcsref", "vcsdirty", "buildtime", "os", "arch"}


def test_default_topology_is_an_active_olt_with_onu_children(start):
    s = start()
    olts = s.olts()
    assert len(olts) == 1
    olt = olts[0]
    assert (olt.type, olt.serial_number, olt.admin_state, olt.oper_status, olt.connect_status) == (
        "openolt", "BBSIM_OLT_0", ADMIN.ENABLED, OPER.ACTIVE, CONN.REACHABLE)
    onus = s.children(olt.id)
    assert len(onus) == 8
    serials = sorted(o.serial_number for o in onus)
    assert {x[:4] for x in serials} == {"BBSM", "ALCL", "HWTC"}
    assert "BBSM00000001" in serials
    for o in onus:
        assert o.type == "brcm_openomci_onu" and not o.root
        assert o.parent_port_no in (536870912, 536870913)
        assert o.proxy_address.device_id == olt.id and o.proxy_address.device_type == "openolt"
        assert o.proxy_address.channel_id == o.parent_port_no - 536870912
        assert 1 <= o.proxy_address.onu_id <= 4
        assert o.vendor_id == o.serial_number[:4]
        assert re.fullmatch(r"[A-Z]{4}[0-9a-f]{8}", o.serial_number)
        assert (o.admin_state, o.oper_status, o.connect_status) == (ADMIN.ENABLED, OPER.ACTIVE, CONN.REACHABLE)
        assert o.reason in ("initial-mib-downloaded", "omci-flows-pushed")
        # openonu writes Vendor, VendorId and Model (ONU-G Version) only (device_handler.go:2957-2959)
        assert (o.vendor, o.vendor_id) == (o.serial_number[:4], o.serial_number[:4])
        assert not o.images.image and o.firmware_version == "" and o.hardware_version == ""
    bbsm = next(o for o in onus if o.serial_number == "BBSM00000001")
    assert bbsm.model == "v0.0.1"
    flows_pushed = [o for o in onus if o.reason == "omci-flows-pushed"]
    assert sorted(o.proxy_address.onu_id for o in flows_pushed) == [1, 1]


def test_error_codes_and_texts(start):
    s = start()
    olt = s.olts()[0]
    assert rpc_error(s.voltha.GetDevice, common_pb2.ID(id="onu-123")) == (grpc.StatusCode.NOT_FOUND, "onu-123")
    assert rpc_error(s.voltha.EnableDevice, common_pb2.ID(id=olt.id)) == (
        grpc.StatusCode.FAILED_PRECONDITION, f"cannot-enable-an-already-enabled-device: {olt.id}")
    assert rpc_error(s.voltha.ListDevicePorts, common_pb2.ID(id="x"))[0] == grpc.StatusCode.NOT_FOUND
    assert rpc_error(s.voltha.CreateDevice, device_pb2.Device(type="openolt")) == (
        grpc.StatusCode.UNKNOWN, "no-device-info-present; MAC or HOSTIP&PORT")
    assert rpc_error(s.voltha.CreateDevice, device_pb2.Device(type="openolt", host_and_port="10.0.0.5:9191")) == (
        grpc.StatusCode.UNKNOWN, "device is already pre-provisioned")
    created = s.voltha.CreateDevice(device_pb2.Device(type="openolt", host_and_port="192.0.2.1:9191"))
    assert created.root and created.admin_state == ADMIN.PREPROVISIONED and created.id
    assert rpc_error(s.voltha.DisableDevice, common_pb2.ID(id=created.id)) == (
        grpc.StatusCode.FAILED_PRECONDITION, f"deviceId:{created.id}, invalid-admin-state:PREPROVISIONED")
    assert rpc_error(s.voltha.RebootDevice, common_pb2.ID(id=created.id)) == (
        grpc.StatusCode.FAILED_PRECONDITION,
        f"cannot complete operation as device :{created.id} is in operstatus:UNKNOWN ,connect-status:UNKNOWN")
    assert rpc_error(s.voltha.GetDeviceType, common_pb2.ID(id="nope")) == (grpc.StatusCode.NOT_FOUND, "device_type-nope")
    assert rpc_error(s.voltha.GetLogicalDevice, common_pb2.ID(id="ld")) == (grpc.StatusCode.NOT_FOUND, "ld")


def test_unimplemented_rpcs_answer_like_rw_core(start):
    s = start()
    v = s.voltha
    for call, arg in [(v.ListCoreInstances, EMPTY), (v.GetCoreInstance, common_pb2.ID(id="a")),
                      (v.ListEventFilters, EMPTY), (v.GetEventFilter, common_pb2.ID(id="a")),
                      (v.SelfTest, common_pb2.ID(id="a")), (v.GetMibDeviceData, common_pb2.ID(id="a")),
                      (v.GetAlarmDeviceData, common_pb2.ID(id="a"))]:
        assert rpc_error(call, arg) == (grpc.StatusCode.UNKNOWN, "unimplemented")
    code, text = rpc_error(v.DeleteVoipUserProfile, common_pb2.Key(key="k"))
    assert (code, text) == (grpc.StatusCode.UNIMPLEMENTED, "delete-voip-user-profile-not-implemented")
    health = health_pb2_grpc.HealthServiceStub(s.channel)
    assert rpc_error(health.GetHealthStatus, EMPTY)[0] == grpc.StatusCode.UNIMPLEMENTED


def test_core_not_ready_answers_unavailable(start):
    s = start({"core": {"ready": False}})
    assert rpc_error(s.voltha.GetVoltha, EMPTY) == (grpc.StatusCode.UNAVAILABLE, "system is not ready")
    assert rpc_error(s.voltha.ListDevices, EMPTY)[0] == grpc.StatusCode.UNAVAILABLE


def test_olt_lifecycle_is_observable_step_by_step(start):
    s = start(dict(READS, olts=[ONE_OLT]))
    assert s.devices() == []
    olt = s.voltha.CreateDevice(device_pb2.Device(type="openolt", host_and_port="10.1.0.1:9191"))
    assert olt.admin_state == ADMIN.PREPROVISIONED
    s.voltha.EnableDevice(common_pb2.ID(id=olt.id))
    seen = []
    for _ in range(12):
        devs = s.devices()
        o = next(d for d in devs if d.id == olt.id)
        onus = [d for d in devs if d.parent_id == olt.id]
        seen.append((OPER.Name(o.oper_status), CONN.Name(o.connect_status), len(onus),
                     sorted({d.reason for d in onus})))
    assert seen[0] == ("ACTIVATING", "UNKNOWN", 0, [])
    assert seen[1] == ("ACTIVATING", "REACHABLE", 0, [])
    assert seen[2] == ("ACTIVE", "REACHABLE", 0, [])
    assert seen[3] == ("ACTIVE", "REACHABLE", 4, [""])
    reasons = [r for *_, r in seen[4:10]]
    assert reasons == [["activating-onu"], ["starting-openomci"], ["discovery-mibsync-complete"],
                       ["initial-mib-downloaded"], ["initial-mib-downloaded", "tech-profile-config-download-success"],
                       ["initial-mib-downloaded", "omci-flows-pushed"]]
    provisioned = next(d for d in s.children(olt.id) if d.serial_number == "BBSM00000101")
    assert provisioned.reason == "omci-flows-pushed" and provisioned.oper_status == OPER.ACTIVE
    lds = s.voltha.ListLogicalDevices(EMPTY).items
    assert [ld.root_device_id for ld in lds] == [olt.id]
    assert s.get(olt.id).parent_id == lds[0].id


def test_instant_timing_activates_before_the_next_call(start):
    s = start({"timing": {"step_ms": 0}, "olts": [ONE_OLT]})
    olt = s.voltha.CreateDevice(device_pb2.Device(type="openolt", host_and_port="10.1.0.1:9191"))
    s.voltha.EnableDevice(common_pb2.ID(id=olt.id))
    assert s.get(olt.id).oper_status == OPER.ACTIVE
    assert {d.reason for d in s.children(olt.id)} == {"initial-mib-downloaded", "omci-flows-pushed"}


def test_unknown_address_stays_activating(start):
    s = start({"timing": {"step_ms": 0}, "olts": []})
    olt = s.voltha.CreateDevice(device_pb2.Device(type="openolt", host_and_port="192.0.2.9:9191"))
    s.voltha.EnableDevice(common_pb2.ID(id=olt.id))
    d = s.get(olt.id)
    assert (d.admin_state, d.oper_status) == (ADMIN.ENABLED, OPER.ACTIVATING)
    assert s.children(olt.id) == []


def test_ports_and_logical_ports_use_voltha_numbering(start):
    s = start({"timing": {"step_ms": 0}, "olts": [dict(ONE_OLT, state="enabled", unis_per_onu=2)]})
    olt = s.olts()[0]
    ports = {p.label: p for p in s.voltha.ListDevicePorts(common_pb2.ID(id=olt.id)).items}
    assert ports["nni-0"].port_no == 16777216 and ports["nni-0"].type == device_pb2.Port.ETHERNET_NNI
    assert ports["pon-0"].port_no == 536870912 and ports["pon-1"].port_no == 536870913
    onu = next(d for d in s.children(olt.id) if d.serial_number == "BBSM00000002")
    onu_ports = s.voltha.ListDevicePorts(common_pb2.ID(id=onu.id)).items
    uni = [p for p in onu_ports if p.type == device_pb2.Port.ETHERNET_UNI]
    pon_no = 0 << 16 | 2 << 8
    assert [(p.port_no, p.label, p.ofp_port.name) for p in uni] == [
        (pon_no, f"uni-{pon_no}", "BBSM00000002-1"), (pon_no + 1, f"uni-{pon_no + 1}", "BBSM00000002-2")]
    pon = [p for p in onu_ports if p.type == device_pb2.Port.PON_ONU][0]
    assert pon.peers[0].device_id == olt.id and pon.peers[0].port_no == 536870912
    ld = s.voltha.ListLogicalDevices(EMPTY).items[0]
    assert ld.datapath_id == 0x0A0A0A0A0000 and ld.desc.serial_num == "EC1900000001"
    lports = {p.id: p for p in s.voltha.ListLogicalDevicePorts(common_pb2.ID(id=ld.id)).items}
    assert lports["nni-16777216"].root_port and lports["nni-16777216"].ofp_port.port_no == 16777216
    assert lports[f"uni-{pon_no}"].ofp_port.name == "BBSM00000002-1" and lports[f"uni-{pon_no}"].device_id == onu.id
    port = s.voltha.GetLogicalDevicePort(logical_device_pb2.LogicalPortId(id=ld.id, port_id="nni-16777216"))
    assert port.device_port_no == 16777216
    assert rpc_error(s.voltha.GetLogicalDevicePort, logical_device_pb2.LogicalPortId(id=ld.id, port_id="x")) == (
        grpc.StatusCode.NOT_FOUND, f"{ld.id}-x")


def test_olt_disable_reenable_delete(start):
    s = start({"timing": {"step_ms": 0}, "olts": [dict(ONE_OLT, state="enabled")]})
    olt = s.olts()[0]
    s.voltha.DisableDevice(common_pb2.ID(id=olt.id))
    s.voltha.DisableDevice(common_pb2.ID(id=olt.id))  # already disabled: OK, as rw_core
    d = s.get(olt.id)
    assert (d.admin_state, d.oper_status) == (ADMIN.DISABLED, OPER.UNKNOWN)
    onus = s.children(olt.id)
    assert {(o.connect_status, o.reason) for o in onus} == {(CONN.UNREACHABLE, "stopping-openomci")}
    # openolt DisableDevice (device_handler.go:2512-2519, PortTypeFilter ^(1<<PON_OLT)) with voltha-go
    # updatePortsOperState (agent_port.go:69-75): the PON ports go UNKNOWN, the NNI stays ACTIVE.
    ports = s.voltha.ListDevicePorts(common_pb2.ID(id=olt.id)).items
    by_type = {(p.type, p.oper_status) for p in ports}
    assert (device_pb2.Port.PON_OLT, OPER.ACTIVE) not in by_type
    assert (device_pb2.Port.PON_OLT, OPER.UNKNOWN) in by_type
    assert {p.oper_status for p in ports if p.type == device_pb2.Port.ETHERNET_NNI} == {OPER.ACTIVE}
    s.voltha.EnableDevice(common_pb2.ID(id=olt.id))
    assert s.get(olt.id).oper_status == OPER.ACTIVE
    ports = s.voltha.ListDevicePorts(common_pb2.ID(id=olt.id)).items
    assert {p.oper_status for p in ports} == {OPER.ACTIVE}
    again = s.children(olt.id)
    assert sorted(o.id for o in again) == sorted(o.id for o in onus)
    assert {o.oper_status for o in again} == {OPER.ACTIVE}
    s.voltha.DeleteDevice(common_pb2.ID(id=olt.id))
    assert s.devices() == []
    assert list(s.voltha.ListLogicalDevices(EMPTY).items) == []
    assert rpc_error(s.voltha.GetDevice, common_pb2.ID(id=onus[0].id))[0] == grpc.StatusCode.NOT_FOUND


def test_olt_reboot_deletes_and_rediscovers_children(start):
    s = start(dict(READS, olts=[dict(ONE_OLT, state="enabled")]))
    olt = s.olts()[0]
    before = {o.serial_number: o.id for o in s.children(olt.id)}
    s.voltha.RebootDevice(common_pb2.ID(id=olt.id))
    d = s.get(olt.id)  # the first call after an operation shows the state it left
    assert (d.oper_status, d.connect_status) == (OPER.ACTIVE, CONN.REACHABLE)
    d = s.get(olt.id)
    assert (d.oper_status, d.connect_status) == (OPER.UNKNOWN, CONN.UNREACHABLE)
    d = s.get(olt.id)
    assert (d.oper_status, d.connect_status) == (OPER.REBOOTED, CONN.REACHABLE)
    assert s.children(olt.id) == []
    for _ in range(12):
        s.voltha.GetVoltha(EMPTY)
    after = {o.serial_number: o.id for o in s.children(olt.id)}
    assert s.get(olt.id).oper_status == OPER.ACTIVE
    assert set(after) == set(before) and not set(after.values()) & set(before.values())


def test_onu_disable_enable_reboot_delete(start):
    s = start({"timing": {"step_ms": 0}, "olts": [dict(ONE_OLT, state="enabled")]})
    olt = s.olts()[0]
    onu = next(d for d in s.children(olt.id) if d.serial_number == "BBSM00000001")
    s.voltha.DisableDevice(common_pb2.ID(id=onu.id))
    d = s.get(onu.id)
    assert (d.admin_state, d.oper_status, d.reason) == (ADMIN.DISABLED, OPER.UNKNOWN, "omci-admin-lock")
    s.voltha.EnableDevice(common_pb2.ID(id=onu.id))
    d = s.get(onu.id)
    assert (d.admin_state, d.oper_status, d.reason) == (ADMIN.ENABLED, OPER.ACTIVE, "onu-reenabled")
    s.voltha.RebootDevice(common_pb2.ID(id=onu.id))
    assert s.get(onu.id).reason == "initial-mib-downloaded"
    s.voltha.DeleteDevice(common_pb2.ID(id=onu.id))
    assert rpc_error(s.voltha.GetDevice, common_pb2.ID(id=onu.id))[0] == grpc.StatusCode.NOT_FOUND
    back = [d for d in s.children(olt.id) if d.serial_number == "BBSM00000001"]
    assert len(back) == 1 and back[0].id != onu.id and back[0].oper_status == OPER.ACTIVE


def test_uni_logical_ports_go_down_with_the_onu_and_are_removed_only_with_it(start):
    # openonu device_handler.go:3406-3434 + voltha-go logical_agent_port.go:150-177: a down ONU's UNI
    # logical ports stay (PORT_DOWN, LINK_DOWN); transitions.go:212-223: deleted with the device.
    s = start({"timing": {"step_ms": 0}, "olts": [dict(ONE_OLT, state="enabled")]})
    olt = s.olts()[0]
    onu = next(d for d in s.children(olt.id) if d.serial_number == "BBSM00000001")
    ld = s.voltha.ListLogicalDevices(EMPTY).items[0]

    def uni():
        ports = s.voltha.ListLogicalDevicePorts(common_pb2.ID(id=ld.id)).items
        return next((p for p in ports if p.ofp_port.name == "BBSM00000001-1"), None)

    assert (uni().ofp_port.state, uni().ofp_port.config & of.OFPPC_PORT_DOWN) == (of.OFPPS_LIVE, 0)
    s.voltha.DisableDevice(common_pb2.ID(id=onu.id))
    assert (uni().ofp_port.state, uni().ofp_port.config & of.OFPPC_PORT_DOWN) == (of.OFPPS_LINK_DOWN, of.OFPPC_PORT_DOWN)
    s.voltha.EnableDevice(common_pb2.ID(id=onu.id))
    assert (uni().ofp_port.state, uni().ofp_port.config & of.OFPPC_PORT_DOWN) == (of.OFPPS_LIVE, 0)
    s.voltha.DisableDevice(common_pb2.ID(id=olt.id))  # the OLT's ONUs become unreachable
    assert uni().ofp_port.state == of.OFPPS_LINK_DOWN
    s.voltha.EnableDevice(common_pb2.ID(id=olt.id))
    onu = next(d for d in s.children(olt.id) if d.serial_number == "BBSM00000001")
    s.voltha.DeleteDevice(common_pb2.ID(id=onu.id))
    ld = s.voltha.ListLogicalDevices(EMPTY).items[0]
    assert all(p.device_id != onu.id for p in s.voltha.ListLogicalDevicePorts(common_pb2.ID(id=ld.id)).items)


def test_onu_images_come_from_get_onu_images_as_openonu_answers(start):
    onus = [{"pon": 0, "serial": "HWTC1a2b3c4d"}, {"pon": 0, "serial": "HWTC00000002", "images_fail": True}]
    s = start({"timing": {"step_ms": 0}, "olts": [{"state": "enabled", "pon_ports": 1, "onus": onus}]})
    olt = s.olts()[0]
    ok, failing = sorted(s.children(olt.id), key=lambda d: d.serial_number != "HWTC1a2b3c4d")
    images = s.voltha.GetOnuImages(common_pb2.ID(id=ok.id)).items
    assert [(i.version, i.isActive, i.isCommited, i.isValid) for i in images] == [
        ("V5R019C00S050", True, True, True), ("V5R019C00S040", False, False, True)]
    assert rpc_error(s.voltha.GetOnuImages, common_pb2.ID(id=failing.id)) == (
        grpc.StatusCode.UNKNOWN, f"wait-for-image-status-timeout-{failing.id}")
    assert rpc_error(s.voltha.GetOnuImages, common_pb2.ID(id=olt.id)) == (grpc.StatusCode.UNKNOWN, "not-implemented")
    assert rpc_error(s.voltha.GetOnuImages, common_pb2.ID(id="nope")) == (grpc.StatusCode.NOT_FOUND, "nope")
    assert rpc_error(s.voltha.GetOnuImages, common_pb2.ID(id=""))[0] == grpc.StatusCode.INVALID_ARGUMENT
    # An ONU that went down is not ready for OMCI: the adapter refuses.
    s.voltha.DisableDevice(common_pb2.ID(id=olt.id))
    assert rpc_error(s.voltha.GetOnuImages, common_pb2.ID(id=ok.id)) == (
        grpc.StatusCode.UNKNOWN, f"command-rejected-improper-device-state-{ok.id}")


def test_onu_images_delay_answers_late_and_stops_at_the_deadline(start):
    onus = [{"pon": 0, "serial": "HWTC1a2b3c4d", "images_delay_ms": 600}, {"pon": 0, "serial": "HWTC00000002"}]
    s = start({"timing": {"step_ms": 0}, "olts": [{"state": "enabled", "pon_ports": 1, "onus": onus}]})
    slow, fast = sorted(s.children(s.olts()[0].id), key=lambda d: d.serial_number != "HWTC1a2b3c4d")
    began = time.monotonic()
    assert s.voltha.GetOnuImages(common_pb2.ID(id=fast.id)).items
    assert time.monotonic() - began < 0.5
    began = time.monotonic()
    assert s.voltha.GetOnuImages(common_pb2.ID(id=slow.id)).items[0].version == "V5R019C00S050"
    assert time.monotonic() - began >= 0.6
    # A deadline shorter than the delay: DEADLINE_EXCEEDED, as from a slow adapter.
    assert rpc_error(lambda r: s.voltha.GetOnuImages(r, timeout=0.2), common_pb2.ID(id=slow.id))[0] == (
        grpc.StatusCode.DEADLINE_EXCEEDED)


def test_onu_reboot_needs_a_reachable_parent(start):
    s = start({"timing": {"step_ms": 0}, "olts": [dict(ONE_OLT, state="enabled")]})
    olt = s.olts()[0]
    onu = s.children(olt.id)[0]
    s.voltha.DisableDevice(common_pb2.ID(id=olt.id))
    code, text = rpc_error(s.voltha.RebootDevice, common_pb2.ID(id=onu.id))
    assert code == grpc.StatusCode.FAILED_PRECONDITION
    assert text == f"cannot complete operation as device :{onu.id} is in operstatus:DISCOVERED ,connect-status:UNREACHABLE"


def test_onu_serial_block_and_post_2_14_feature_flag(start):
    s = start({"timing": {"step_ms": 0}, "olts": [dict(ONE_OLT, state="enabled")]})
    olt = s.olts()[0]
    req = device_pb2.OnuSerialNumberOnOLTPon(olt_device_id=common_pb2.ID(id=olt.id), serial_number="BBSM00000002")
    s.voltha.DisableOnuSerialNumber(req)
    onu = next(d for d in s.children(olt.id) if d.serial_number == "BBSM00000002")
    assert onu.admin_state == ADMIN.DISABLED
    assert rpc_error(s.voltha.DisableOnuSerialNumber, req) == (
        grpc.StatusCode.FAILED_PRECONDITION, f"device-already-disabled: {onu.id}")
    missing = device_pb2.OnuSerialNumberOnOLTPon(olt_device_id=common_pb2.ID(id=olt.id), serial_number="ALCL00000000")
    assert rpc_error(s.voltha.DisableOnuSerialNumber, missing) == (
        grpc.StatusCode.NOT_FOUND, "onu-device-id-not-found-for-serial-number-ALCL00000000")
    s.voltha.EnableOnuSerialNumber(req)
    assert s.get(onu.id).admin_state == ADMIN.ENABLED
    old = start({"core": {"post_2_14_rpcs": False}})
    assert rpc_error(old.voltha.DisableOnuDevice, common_pb2.ID(id="x"))[0] == grpc.StatusCode.UNIMPLEMENTED


def test_onus_with_unclaimed_vendor_ids_are_never_created(start):
    olt = dict(ONE_OLT, state="enabled")
    del olt["vendors"], olt["onus_per_pon"], olt["provisioned"]
    olt["onus"] = [{"pon": 0, "serial": "ABCD00000001"}, {"pon": 1, "serial": "HWTC0000abcd"}]
    s = start({"timing": {"step_ms": 0}, "olts": [olt]})
    assert [d.serial_number for d in s.children(s.olts()[0].id)] == ["HWTC0000abcd"]


def test_adapters_and_device_types(start):
    s = start()
    before = int(time.time())
    adapters = {a.id: a for a in s.voltha.ListAdapters(EMPTY).items}
    after = int(time.time())
    assert set(adapters) == {"openolt_1", "brcm_openomci_onu_1"}
    # Unix seconds of the last keepalive (voltha-go rw_core/core/adapter/agent.go:125-135): now.
    assert all(before <= a.last_communication <= after for a in adapters.values())
    assert adapters["openolt_1"].type == "openolt"
    types = {t.id: t for t in s.voltha.ListDeviceTypes(EMPTY).items}
    assert "HWTC" in types["brcm_openomci_onu"].vendor_ids and "BBSM" in types["brcm_openomci_onu"].vendor_ids
    assert s.voltha.GetDeviceType(common_pb2.ID(id="openolt")).adapter_type == "openolt"


def test_extension_reports_failures_inside_the_reply(start):
    s = start()
    olt = s.olts()[0]
    onu = s.children(olt.id)[0]
    R = ext.GetValueResponse

    def get(target, **request):
        return s.ext.GetExtValue(ext.SingleGetValueRequest(targetId=target, request=ext.GetValueRequest(**request))).response

    r = get(olt.id, oltPonStats=ext.GetPonStatsRequest(portLabel="pon-0"))
    assert r.status == R.OK and r.oltPonStatsResponse.ponPort == 0 and r.oltPonStatsResponse.portStatistics.rx_bytes > 0
    r = get(olt.id, oltNniStats=ext.GetNNIStatsRequest(portLabel="nni-0"))
    assert r.status == R.OK and r.oltNniStatsResponse.portStatistics.tx_packets > 0
    assert (get(olt.id, oltPonStats=ext.GetPonStatsRequest(portLabel="nni-0")).errReason) == R.INVALID_PORT_TYPE
    r = get(olt.id, oltPonStats=ext.GetPonStatsRequest(portLabel="pon-7"))
    assert (r.status, r.errReason) == (R.ERROR, R.REASON_UNDEFINED)
    r = get(olt.id, onuPonInfo=ext.GetOnuCountersRequest(intf_id=0, onu_id=99))
    assert (r.status, r.errReason) == (R.ERROR, R.INVALID_DEVICE)
    r = get(olt.id, onuPonInfo=ext.GetOnuCountersRequest(intf_id=onu.proxy_address.channel_id, onu_id=onu.proxy_address.onu_id))
    assert r.status == R.OK and r.onuPonCounters.rx_packets > 0
    r = get(onu.id, onuOpticalInfo=ext.GetOnuPonOpticalInfo())
    assert r.status == R.OK and -40 < r.onuOpticalInfo.receivedOpticalPower < 0
    assert get(onu.id, oltPonStats=ext.GetPonStatsRequest(portLabel="pon-0")).errReason == R.UNSUPPORTED
    assert get(olt.id, onuOpticalInfo=ext.GetOnuPonOpticalInfo()).errReason == R.UNSUPPORTED
    assert rpc_error(s.ext.GetExtValue, ext.SingleGetValueRequest(targetId="nope")) == (
        grpc.StatusCode.NOT_FOUND, "target-id nope")


def test_reflection_lists_the_services(start):
    s = start()
    stub = reflection_pb2_grpc.ServerReflectionStub(s.channel)
    replies = stub.ServerReflectionInfo(iter([reflection_pb2.ServerReflectionRequest(list_services="")]))
    names = {svc.name for r in replies for svc in r.list_services_response.service}
    assert {"voltha.VolthaService", "extension.Extension"} <= names


def test_scenario_errors_are_reported_and_exit_65(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("olts:\n  - pon_ports: 999\n")
    p = subprocess.run([sys.executable, SERVER, "--port", "0", "--scenario", str(bad)],
                       capture_output=True, text=True, timeout=60)
    assert p.returncode == 65
    assert "olts[0].pon_ports: 999 is out of range 1..256" in p.stderr
    bad.write_text("olts:\n  - colour: blue\n")
    p = subprocess.run([sys.executable, SERVER, "--port", "0", "--scenario", str(bad)],
                       capture_output=True, text=True, timeout=60)
    assert p.returncode == 65 and "unknown key 'colour'" in p.stderr


def test_ten_thousand_onus_list_quickly(start):
    olts = [{"host_and_port": f"10.2.0.{i}:9191", "pon_ports": 10, "onus_per_pon": 250,
             "vendors": ["BBSM", "HWTC", "ALCL", "ZYXE"]} for i in range(4)]
    s = start({"timing": {"step_ms": 0}, "olts": olts})
    t0 = time.monotonic()
    devices = s.devices()
    first = time.monotonic() - t0
    t0 = time.monotonic()
    s.devices()
    second = time.monotonic() - t0
    assert len([d for d in devices if not d.root]) == 10_000
    assert len({d.serial_number for d in devices}) == 10_004
    print(f"ListDevices with 10,004 devices: first {first * 1000:.0f} ms, cached {second * 1000:.0f} ms")
    assert second < 2.0


def test_shipped_scenarios_load():
    sys.path.insert(0, os.path.dirname(HERE))
    import scenario as sc

    folder = os.path.join(os.path.dirname(HERE), "scenarios")
    counts = {}
    for name in sorted(os.listdir(folder)):
        counts[name] = sum(len(o.onus) for o in sc.load(os.path.join(folder, name)).olts)
    assert counts["onus-10000.yaml"] == 10_000 and counts["lifecycle.yaml"] == 7


def test_flows_on_a_uni_drive_the_onu_reason(start):
    from voltha_protos import openflow_13_pb2 as of

    s = start(dict(READS, olts=[dict(ONE_OLT, state="enabled", provisioned=False)]))
    ld = s.voltha.ListLogicalDevices(EMPTY).items[0]
    onu = next(d for d in s.children(ld.root_device_id) if d.serial_number == "BBSM00000001")
    uni = next(p.port_no for p in s.voltha.ListDevicePorts(common_pb2.ID(id=onu.id)).items
               if p.type == device_pb2.Port.ETHERNET_UNI)
    mod = of.ofp_flow_mod(command=of.OFPFC_ADD, priority=1000, match=of.ofp_match(type=of.OFPMT_OXM, oxm_fields=[
        of.ofp_oxm_field(oxm_class=of.OFPXMC_OPENFLOW_BASIC,
                         ofb_field=of.ofp_oxm_ofb_field(type=of.OFPXMT_OFB_IN_PORT, port=uni))]))
    assert rpc_error(s.voltha.UpdateLogicalDeviceFlowTable, of.FlowTableUpdate(id="nope", flow_mod=mod)) == (
        grpc.StatusCode.NOT_FOUND, "nope")
    s.voltha.UpdateLogicalDeviceFlowTable(of.FlowTableUpdate(id=ld.id, flow_mod=mod))
    reasons = [s.get(onu.id).reason for _ in range(3)]
    assert reasons == ["initial-mib-downloaded", "tech-profile-config-download-success", "omci-flows-pushed"]
    flows = s.voltha.ListLogicalDeviceFlows(common_pb2.ID(id=ld.id)).items
    assert len(flows) == 1 and flows[0].id != 0 and flows[0].priority == 1000
    mod.command = of.OFPFC_MODIFY
    assert rpc_error(s.voltha.UpdateLogicalDeviceFlowTable, of.FlowTableUpdate(id=ld.id, flow_mod=mod)) == (
        grpc.StatusCode.UNKNOWN, "flowModify not implemented")
    mod.command = of.OFPFC_DELETE_STRICT
    s.voltha.UpdateLogicalDeviceFlowTable(of.FlowTableUpdate(id=ld.id, flow_mod=mod))
    reasons = [s.get(onu.id).reason for _ in range(3)]
    assert reasons == ["omci-flows-pushed", "omci-flows-deleted", "tech-profile-config-delete-success"]
    assert list(s.voltha.ListLogicalDeviceFlows(common_pb2.ID(id=ld.id)).items) == []
