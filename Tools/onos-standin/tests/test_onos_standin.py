"""End-to-end tests of onos-standin: start the process (and, where needed, voltha-standin and a
SADIS HTTP source) and call its REST API as a client would."""

import base64
import json
import os
import re
import signal
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
ONOS = os.path.join(os.path.dirname(HERE), "onos_standin.py")
VOLTHA = os.path.join(os.path.dirname(os.path.dirname(HERE)), "voltha-standin", "voltha_standin.py")
AUTH = "Basic " + base64.b64encode(b"onos:rocks").decode()

SUBSCRIBER = {
    "id": "BBSM00000001-1", "nasPortId": "BBSM00000001-1", "circuitId": "BBSM00000001-1", "remoteId": "olt0",
    "uniTagList": [{"serviceName": "hsia", "ponCTag": 900, "ponSTag": 900, "uniTagMatch": 0,
                    "technologyProfileId": 64, "upstreamBandwidthProfile": "User_Bandwidth1",
                    "downstreamBandwidthProfile": "User_Bandwidth2", "isDhcpRequired": True}],
}
TOPOLOGY = {"devices": [{"id": "of:00000a0a0a0a0a00", "ports": [
    {"port": 16777216, "name": "nni-16777216", "nni": True},
    {"port": 256, "name": "BBSM00000001-1"},
    {"port": 512, "name": "BBSM00000002-1"},
]}]}


def start(args):
    proc = subprocess.Popen([sys.executable, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = proc.stdout.readline().strip()
    return proc, line


def stop(proc):
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            return proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()  # never leave a server behind; the test fails on the return code
            proc.wait()
            return "did not stop on SIGTERM"
    return proc.returncode


class Onos:
    def __init__(self, *extra):
        self.proc, line = start([ONOS, "--port", "0", *extra])
        m = re.fullmatch(r"listening on (http://127\.0\.0\.1:\d+)", line)
        assert m, f"unexpected first line {line!r}: {self.proc.stderr.read()[:500]}"
        self.base = m.group(1)

    def call(self, method, path, body=None, auth=AUTH):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.base + path, data=data, method=method)
        if auth:
            req.add_header("Authorization", auth)
        if data is not None:
            req.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(req, timeout=10) as r:
                return r.status, r.read().decode()
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode()

    def json(self, path):
        status, text = self.call("GET", path)
        assert status == 200, text
        return json.loads(text)


@pytest.fixture
def onos(tmp_path):
    topo = tmp_path / "topology.json"
    topo.write_text(json.dumps(TOPOLOGY))
    o = Onos("--topology", str(topo))
    yield o
    assert stop(o.proc) == 0


def netcfg(onos, entries, url=None):
    cfg = {"sadis": {"integration": {"cache": {"enabled": False}}, "entries": entries},
           "bandwidthprofile": {"entries": [{"id": "User_Bandwidth1", "cir": 600, "cbs": 30, "eir": 400, "ebs": 30, "air": 100000}]}}
    if url:
        cfg["sadis"]["integration"]["url"] = url
    return onos.call("POST", "/onos/v1/network/configuration/apps/org.opencord.sadis", cfg)


def test_status_and_unknown_paths(onos):
    assert onos.call("GET", "/onos/olt/oltapp/status", auth=None)[0] == 200
    assert onos.call("GET", "/onos/nothing")[0] == 404


def test_provision_by_port_name_records_and_programs(onos):
    assert netcfg(onos, [SUBSCRIBER])[0] == 200
    assert onos.call("POST", "/onos/olt/oltapp/services/BBSM00000001-1") == (200, "")
    entries = onos.json("/onos/olt/oltapp/programmed-subscribers")["entries"]
    assert len(entries) == 1 and entries[0]["location"] == "of:00000a0a0a0a0a00/256"
    tag = entries[0]["tagInfo"]
    assert (tag["ponCTag"], tag["ponSTag"], tag["technologyProfileId"], tag["serviceName"]) == (900, 900, 64, "hsia")
    assert tag["usPonCTagPriority"] == -1 and tag["isIgmpRequired"] is False
    assert onos.json("/onos/olt/oltapp/programmed-subscribers/of:00000a0a0a0a0a00/512") == {"entries": []}
    calls = onos.json("/_standin/calls")["calls"]
    post = [c for c in calls if c["path"] == "/onos/olt/oltapp/services/BBSM00000001-1"]
    assert post[0]["method"] == "POST" and post[0]["status"] == 200 and post[0]["user"] == "onos"
    assert onos.call("DELETE", "/onos/olt/oltapp/services/BBSM00000001-1") == (200, "")
    assert onos.json("/onos/olt/oltapp/programmed-subscribers")["entries"] == []


def test_absent_uni_tag_match_reads_as_no_vid_0_as_onos(onos):
    # SubscriberAndDeviceInformationConfig.java:168-169 / UniTagInformationCodec.java:94-95: an absent
    # uniTagMatch is VlanId.NO_VID (0), not VlanId.NONE (-1); the REST answers and the programmed
    # service carry 0, as for an entry that writes "uniTagMatch": 0.
    untagged = dict(SUBSCRIBER, uniTagList=[{k: v for k, v in SUBSCRIBER["uniTagList"][0].items()
                                             if k != "uniTagMatch"}])
    assert netcfg(onos, [untagged])[0] == 200
    entry = onos.json("/onos/sadis/subscriber/BBSM00000001-1")["entry"][0]
    assert entry["uniTagList"][0]["uniTagMatch"] == 0
    assert onos.call("POST", "/onos/olt/oltapp/services/BBSM00000001-1") == (200, "")
    tag = onos.json("/onos/olt/oltapp/programmed-subscribers")["entries"][0]["tagInfo"]
    assert tag["uniTagMatch"] == 0
    explicit_none = dict(SUBSCRIBER, id="BBSM00000002-1",
                         uniTagList=[dict(SUBSCRIBER["uniTagList"][0], uniTagMatch=-1)])
    assert netcfg(onos, [untagged, explicit_none])[0] == 200
    assert onos.json("/onos/sadis/subscriber/BBSM00000002-1")["entry"][0]["uniTagList"][0]["uniTagMatch"] == -1


def test_unknown_port_name_is_500_connect_point_not_found(onos):
    assert onos.call("POST", "/onos/olt/oltapp/services/ALCL00000000-1") == (500, "ConnectPoint not found for ALCL00000000-1")
    assert onos.call("DELETE", "/onos/olt/oltapp/services/ALCL00000000-1/900/900/64")[0] == 500


def test_connect_point_form_always_accepts(onos):
    # No SADIS entry: ONOS still answers 200 (the work is queued) but programs nothing.
    assert onos.call("POST", "/onos/olt/oltapp/of:00000a0a0a0a0a00/512") == (200, "")
    assert onos.json("/onos/olt/oltapp/programmed-subscribers")["entries"] == []
    netcfg(onos, [SUBSCRIBER])
    assert onos.call("POST", "/onos/olt/oltapp/of:00000a0a0a0a0a00/256") == (200, "")
    assert len(onos.json("/onos/olt/oltapp/programmed-subscribers/of:00000a0a0a0a0a00")["entries"]) == 1
    assert onos.call("DELETE", "/onos/olt/oltapp/of:00000a0a0a0a0a00/256")[0] == 204
    assert onos.json("/onos/olt/oltapp/programmed-subscribers")["entries"] == []
    assert onos.call("POST", "/onos/olt/oltapp/of:00000a0a0a0a0a00/abc")[0] == 404


def test_single_service_form(onos):
    netcfg(onos, [SUBSCRIBER])
    assert onos.call("POST", "/onos/olt/oltapp/services/BBSM00000001-1/900/901/64")[0] == 204  # no such service
    assert onos.call("POST", "/onos/olt/oltapp/services/BBSM00000001-1/900/900/64") == (200, "")
    assert onos.call("POST", "/onos/olt/oltapp/services/BBSM00000001-1/900/900/64")[0] == 204  # already there
    assert onos.call("POST", "/onos/olt/oltapp/services/BBSM00000001-1/x/900/64")[0] == 500
    assert onos.call("DELETE", "/onos/olt/oltapp/services/BBSM00000001-1/900/900/64") == (200, "")
    assert onos.call("DELETE", "/onos/olt/oltapp/services/BBSM00000001-1/900/900/64")[0] == 204


def test_single_service_delete_looks_sadis_up_first_as_onos(onos):
    # Olt.java:442-479: the service is found in SADIS (c-tag, s-tag, tp id; an absent
    # technologyProfileId is -1, UniTagInformation.java:49-50) before it is removed; 204 = nothing removed.
    untyped = dict(SUBSCRIBER, uniTagList=[{k: v for k, v in SUBSCRIBER["uniTagList"][0].items()
                                            if k != "technologyProfileId"}])
    netcfg(onos, [untyped])
    assert onos.call("POST", "/onos/olt/oltapp/of:00000a0a0a0a0a00/256") == (200, "")
    assert onos.json("/onos/olt/oltapp/programmed-subscribers")["entries"][0]["tagInfo"]["technologyProfileId"] == -1
    assert onos.call("DELETE", "/onos/olt/oltapp/services/BBSM00000001-1/900/900/64")[0] == 204  # no tp 64 in SADIS
    assert len(onos.json("/onos/olt/oltapp/programmed-subscribers")["entries"]) == 1
    netcfg(onos, [])  # the SADIS entry is gone: ONOS cannot look the service up, removes nothing
    assert onos.call("DELETE", "/onos/olt/oltapp/services/BBSM00000001-1/900/900/-1")[0] == 204
    assert len(onos.json("/onos/olt/oltapp/programmed-subscribers")["entries"]) == 1
    netcfg(onos, [untyped])
    assert onos.call("DELETE", "/onos/olt/oltapp/services/BBSM00000001-1/900/900/-1") == (200, "")
    assert onos.json("/onos/olt/oltapp/programmed-subscribers")["entries"] == []


def test_injected_faults(onos):
    netcfg(onos, [SUBSCRIBER])
    assert onos.call("PUT", "/_standin/faults", {"add_service": "nope"})[0] == 400
    assert onos.call("PUT", "/_standin/faults", {"add_service": "500"})[0] == 204
    assert onos.call("POST", "/onos/olt/oltapp/services/BBSM00000001-1/900/900/64")[0] == 500
    assert onos.json("/onos/olt/oltapp/programmed-subscribers")["entries"] == []  # refused before programming
    assert onos.call("PUT", "/_standin/faults", {"add_service": "program-then-drop"})[0] == 204
    with pytest.raises((urllib.error.URLError, ConnectionError, OSError)):
        onos.call("POST", "/onos/olt/oltapp/services/BBSM00000001-1/900/900/64")
    assert len(onos.json("/onos/olt/oltapp/programmed-subscribers")["entries"]) == 1  # programmed all the same
    assert onos.call("PUT", "/_standin/faults", {"programmed_subscribers": "500"})[0] == 204
    assert onos.call("GET", "/onos/olt/oltapp/programmed-subscribers")[0] == 500
    assert onos.call("DELETE", "/_standin/faults")[0] == 204
    assert len(onos.json("/onos/olt/oltapp/programmed-subscribers")["entries"]) == 1


def test_sadis_rest_needs_auth_and_reads_entries(onos):
    assert onos.call("GET", "/onos/sadis/subscriber/BBSM00000001-1", auth=None)[0] == 401
    wrong = "Basic " + base64.b64encode(b"onos:wrong").decode()
    assert onos.call("GET", "/onos/sadis/subscriber/BBSM00000001-1", auth=wrong)[0] == 401
    assert onos.call("GET", "/onos/sadis/subscriber/BBSM00000001-1") == (
        404, json.dumps({"code": 404, "message": "Subscriber not found"}))
    netcfg(onos, [SUBSCRIBER])
    entry = onos.json("/onos/sadis/subscriber/BBSM00000001-1")["entry"][0]
    assert entry["id"] == "BBSM00000001-1" and entry["uniTagList"][0]["ponCTag"] == 900
    assert onos.json("/onos/sadis/bandwidthprofile/User_Bandwidth1")["entry"][0]["cir"] == 600
    assert onos.call("DELETE", "/onos/sadis/cache/subscriber/BBSM00000001-1")[0] == 204
    cfg = onos.json("/onos/v1/network/configuration/apps/org.opencord.sadis/sadis")
    assert cfg["entries"][0]["id"] == "BBSM00000001-1"


class _Sadis(BaseHTTPRequestHandler):
    requests = []

    def do_GET(self):
        self.requests.append(self.path)
        if self.path == "/subscribers/BBSM00000002-1":
            body = json.dumps(dict(SUBSCRIBER, id="BBSM00000002-1")).encode()
            self.send_response(200)
        else:
            body = b"{}"
            self.send_response(404)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def test_subscribers_fetched_from_the_sadis_url(onos):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Sadis)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/subscribers/%s"
        netcfg(onos, [], url=url)
        assert onos.call("POST", "/onos/olt/oltapp/services/BBSM00000002-1") == (200, "")
        assert "/subscribers/BBSM00000002-1" in _Sadis.requests
        entries = onos.json("/onos/olt/oltapp/programmed-subscribers")["entries"]
        assert [e["location"] for e in entries] == ["of:00000a0a0a0a0a00/512"]
    finally:
        server.shutdown()
        server.server_close()


def test_topology_and_flows_with_voltha_standin(tmp_path):
    import grpc
    from google.protobuf import empty_pb2
    from voltha_protos import common_pb2, voltha_pb2_grpc

    scenario = tmp_path / "s.yaml"
    scenario.write_text("timing: {step_ms: 0}\nolts: [{pon_ports: 1, onus_per_pon: 2, vendors: [BBSM]}]\n")
    voltha, line = start([VOLTHA, "--port", "0", "--scenario", str(scenario)])
    try:
        address = line.split()[-1]
        stub = voltha_pb2_grpc.VolthaServiceStub(grpc.insecure_channel(address))
        onos = Onos("--voltha", address)
        try:
            devices = onos.json("/_standin/topology")["devices"]
            assert len(devices) == 1 and devices[0]["id"] == "of:00000a0a0a0a0000"
            names = {p["name"] for p in devices[0]["ports"]}
            assert {"nni-16777216", "BBSM00000001-1", "BBSM00000002-1"} <= names
            sub = dict(SUBSCRIBER, id="BBSM00000002-1")
            assert netcfg(onos, [sub])[0] == 200
            assert onos.call("POST", "/onos/olt/oltapp/services/BBSM00000002-1") == (200, "")
            ld = stub.ListLogicalDevices(empty_pb2.Empty()).items[0]
            assert len(stub.ListLogicalDeviceFlows(common_pb2.ID(id=ld.id)).items) == 2
            onu = next(d for d in stub.ListDevices(empty_pb2.Empty()).items if d.serial_number == "BBSM00000002")
            assert stub.GetDevice(common_pb2.ID(id=onu.id)).reason == "omci-flows-pushed"
            assert onos.call("DELETE", "/onos/olt/oltapp/services/BBSM00000002-1") == (200, "")
            assert list(stub.ListLogicalDeviceFlows(common_pb2.ID(id=ld.id)).items) == []
            assert stub.GetDevice(common_pb2.ID(id=onu.id)).reason == "tech-profile-config-delete-success"
        finally:
            assert stop(onos.proc) == 0
    finally:
        assert stop(voltha) == 0


def test_bad_options_exit_64():
    p = subprocess.run([sys.executable, ONOS, "--sadis-url", "http://x/subscribers"], capture_output=True, text=True,
                       timeout=30)
    assert p.returncode == 64 and "must contain %s" in p.stderr
