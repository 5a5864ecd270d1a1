"""ONOS's view of the OLTs for onos-standin: devices `of:<datapath id>` and their named ports."""

import sys

REMOTE_TIMEOUT_S = 5.0


class Topology:
    """ONOS's view of the OLTs: device id `of:<datapath id>` and ports with number and name.

    With --voltha it is read from VOLTHA's logical devices on each use, as ONOS learns it through
    ofagent/OpenFlow; otherwise from --topology or PUT /_standin/topology.
    """

    def __init__(self, voltha_address=None, static=None):
        self.voltha_address = voltha_address
        self.static = static or {"devices": []}
        self._stub = None

    def devices(self):
        out = []
        if self.voltha_address:
            out.extend(self._from_voltha())
        for d in self.static.get("devices", []):
            out.append({"id": d["id"], "ports": [{"port": int(p["port"]), "name": p["name"],
                                                  "nni": bool(p.get("nni", False))} for p in d.get("ports", [])]})
        return out

    def _from_voltha(self):
        import grpc
        from google.protobuf import empty_pb2
        from voltha_protos import common_pb2, voltha_pb2_grpc

        if self._stub is None:
            channel = grpc.insecure_channel(self.voltha_address,
                                            options=[("grpc.max_receive_message_length", 256 << 20)])
            self._stub = voltha_pb2_grpc.VolthaServiceStub(channel)
        devices = []
        try:
            for ld in self._stub.ListLogicalDevices(empty_pb2.Empty(), timeout=REMOTE_TIMEOUT_S).items:
                ports = self._stub.ListLogicalDevicePorts(common_pb2.ID(id=ld.id), timeout=REMOTE_TIMEOUT_S).items
                devices.append({
                    "id": "of:%016x" % ld.datapath_id,
                    "ports": [{"port": p.ofp_port.port_no, "name": p.ofp_port.name, "nni": p.root_port} for p in ports],
                })
        except grpc.RpcError as e:
            print(f"onos-standin: VOLTHA {self.voltha_address} unavailable: {e.code().name}", file=sys.stderr)
        return devices

    def find_by_name(self, name):
        # opencord/olt impl/src/main/java/org/opencord/olt/impl/Olt.java:501-515 findSubscriberConnectPoint
        for d in self.devices():
            for p in d["ports"]:
                if p["name"] == name:
                    return d["id"], p
        return None, None

    def find(self, device_id, port_no):
        for d in self.devices():
            if d["id"] == device_id:
                for p in d["ports"]:
                    if p["port"] == port_no:
                        return p
        return None


def validate_topology(doc):
    if not isinstance(doc, dict) or not isinstance(doc.get("devices", []), list):
        raise ValueError('expected {"devices": [{"id": "of:...", "ports": [{"port": N, "name": "..."}]}]}')
    for i, d in enumerate(doc.get("devices", [])):
        if not isinstance(d, dict) or not isinstance(d.get("id"), str) or not isinstance(d.get("ports", []), list):
            raise ValueError(f"devices[{i}]: needs a string id and a list of ports")
        for j, p in enumerate(d.get("ports", [])):
            if not isinstance(p, dict) or not isinstance(p.get("port"), int) or not isinstance(p.get("name"), str):
                raise ValueError(f"devices[{i}].ports[{j}]: needs an integer port and a string name")
