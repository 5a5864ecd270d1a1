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
                    "logical_device_id": ld.id,
                    "ports": [{"port": p.ofp_port.port_no, "name": p.ofp_port.name, "nni": p.root_port} for p in ports],
                })
        except grpc.RpcError as e:
            print(f"onos-standin: VOLTHA {self.voltha_address} unavailable: {e.code().name}", file=sys.stderr)
        return devices

    def push_flows(self, device_id, uni, services, add):
        """Sends the subscriber's flows to VOLTHA (UpdateLogicalDeviceFlowTable), as ONOS does through
        ofagent; only when the topology comes from --voltha. Failures are reported on stderr."""
        if not self.voltha_address:
            return
        import grpc
        from voltha_protos import openflow_13_pb2 as of

        device = next((d for d in self._from_voltha() if d["id"] == device_id), None)
        if device is None:
            return
        nni = next((p["port"] for p in device["ports"] if p["nni"]), None)
        if nni is None:
            return
        command = of.OFPFC_ADD if add else of.OFPFC_DELETE_STRICT
        try:
            for service in services:
                for mod in subscriber_flows(uni, nni, service):
                    mod.command = command
                    self._stub.UpdateLogicalDeviceFlowTable(
                        of.FlowTableUpdate(id=device["logical_device_id"], flow_mod=mod), timeout=REMOTE_TIMEOUT_S)
        except grpc.RpcError as e:
            print(f"onos-standin: flows for {device_id}/{uni} not sent: {e.code().name} {e.details()}", file=sys.stderr)

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


def subscriber_flows(uni: int, nni: int, service: dict):
    """One upstream and one downstream data-plane flow for a service, shaped like the olt app's
    (opencord/olt impl/src/main/java/org/opencord/olt/impl/OltFlowService.java): match the UNI (and
    the RG's VLAN), push the C-tag and go to the NNI with the technology profile in the metadata;
    back from the NNI on the S-tag to the UNI. EAPOL/DHCP trap flows and meters are left out."""
    from voltha_protos import openflow_13_pb2 as of

    def field(**kwargs):
        return of.ofp_oxm_field(oxm_class=of.OFPXMC_OPENFLOW_BASIC, ofb_field=of.ofp_oxm_ofb_field(**kwargs))

    def output(port):
        return of.ofp_action(type=of.OFPAT_OUTPUT, output=of.ofp_action_output(port=port))

    present = 0x1000  # OFPVID_PRESENT
    tp = max(service.get("technologyProfileId", 64), 0)
    c_tag, s_tag = service.get("ponCTag", -1), service.get("ponSTag", -1)
    match_vlan = service.get("uniTagMatch", 0)  # NO_VID when absent, as sadis.UNI_TAG_DEFAULTS
    up_match = [field(type=of.OFPXMT_OFB_IN_PORT, port=uni)]
    if match_vlan >= 0:
        up_match.append(field(type=of.OFPXMT_OFB_VLAN_VID, vlan_vid=present | match_vlan))
    up = of.ofp_flow_mod(
        table_id=0, priority=1000, cookie=(uni << 16) | max(c_tag, 0),
        match=of.ofp_match(type=of.OFPMT_OXM, oxm_fields=up_match),
        instructions=[
            of.ofp_instruction(type=of.OFPIT_APPLY_ACTIONS, actions=of.ofp_instruction_actions(actions=[
                of.ofp_action(type=of.OFPAT_PUSH_VLAN, push=of.ofp_action_push(ethertype=0x8100)),
                of.ofp_action(type=of.OFPAT_SET_FIELD, set_field=of.ofp_action_set_field(
                    field=field(type=of.OFPXMT_OFB_VLAN_VID, vlan_vid=present | max(c_tag, 0)))),
                output(nni),
            ])),
            of.ofp_instruction(type=of.OFPIT_WRITE_METADATA, write_metadata=of.ofp_instruction_write_metadata(
                metadata=(tp << 32) | nni)),
        ],
    )
    down = of.ofp_flow_mod(
        table_id=0, priority=1000, cookie=(nni << 16) | max(s_tag, 0),
        match=of.ofp_match(type=of.OFPMT_OXM, oxm_fields=[
            field(type=of.OFPXMT_OFB_IN_PORT, port=nni),
            field(type=of.OFPXMT_OFB_VLAN_VID, vlan_vid=present | max(s_tag, 0)),
            field(type=of.OFPXMT_OFB_METADATA, table_metadata=uni),
        ]),
        instructions=[of.ofp_instruction(type=of.OFPIT_APPLY_ACTIONS, actions=of.ofp_instruction_actions(
            actions=[of.ofp_action(type=of.OFPAT_POP_VLAN), output(uni)]))],
    )
    return [up, down]
