"""Logical-device flow tables for the stand-in's core, as the SDN controller (ONOS via ofagent) fills them.

UpdateLogicalDeviceFlowTable stores flows (voltha-go rw_core/core/device/logical_agent_flow.go); a
first flow on an ONU's UNI port makes that ONU download its technology profile and push its OMCI
flows (openonu device reasons), removing its last flow rolls that back. This is how subscriber
provisioning through the ONOS olt app shows up in VOLTHA.
"""

import hashlib

import grpc
from voltha_protos import openflow_13_pb2 as of

from model import ADMIN, OPER, PORT, RpcError, not_found, plain_error


def _ports(flow):
    """The ports a flow touches: its IN_PORT match and OUTPUT actions."""
    ports = set()
    for f in flow.match.oxm_fields:
        if f.ofb_field.type == of.OFPXMT_OFB_IN_PORT:
            ports.add(f.ofb_field.port)
    for ins in flow.instructions:
        for a in ins.actions.actions:
            if a.type == of.OFPAT_OUTPUT:
                ports.add(a.output.port)
    return ports


def _flow_id(stats) -> int:
    # voltha-lib-go pkg/flows/flow_utils.go:741-790 HashFlowStats hashes table, priority, flags, cookie,
    # match and instructions; the stand-in hashes the same fields (serialized) with MD5.
    key = of.ofp_flow_stats(table_id=stats.table_id, priority=stats.priority, flags=stats.flags,
                            cookie=stats.cookie, match=stats.match, instructions=stats.instructions)
    return int.from_bytes(hashlib.md5(key.SerializeToString(deterministic=True)).digest()[:8], "big")


class FlowTables:
    MAX_FLOWS_PER_DEVICE = 200_000

    def update_flow_table(self, update):
        with self.lock:
            olt = self.logical.get(update.id)
            if olt is None:
                raise not_found(update.id)  # rw_core/core/device/logical_manager.go:499-502
            mod = update.flow_mod
            if mod.command == of.OFPFC_MODIFY:
                raise plain_error("flowModify not implemented")  # logical_agent_flow.go:535-538
            if mod.command == of.OFPFC_MODIFY_STRICT:
                raise plain_error("flowModifyStrict not implemented")  # logical_agent_flow.go:540-543
            stats = of.ofp_flow_stats(
                table_id=mod.table_id, priority=mod.priority, idle_timeout=mod.idle_timeout,
                hard_timeout=mod.hard_timeout, flags=mod.flags, cookie=mod.cookie, match=mod.match,
                instructions=mod.instructions,
            )
            stats.id = _flow_id(stats)  # voltha-lib-go flow_utils.go:963-982 FlowStatsEntryFromFlowModMessage
            added, removed = [], []
            if mod.command == of.OFPFC_ADD:  # logical_agent_flow.go:75-102 flowAdd
                if stats.id not in olt.flows:
                    if len(olt.flows) >= self.MAX_FLOWS_PER_DEVICE:
                        raise RpcError(grpc.StatusCode.RESOURCE_EXHAUSTED,
                                       f"more than {self.MAX_FLOWS_PER_DEVICE} flows on {update.id}")
                    added.append(stats)
                olt.flows[stats.id] = stats
            elif mod.command == of.OFPFC_DELETE_STRICT:  # logical_agent_flow.go:413-533
                if stats.id in olt.flows:
                    removed.append(olt.flows.pop(stats.id))
            elif mod.command == of.OFPFC_DELETE:  # logical_agent_flow.go:278-411: every flow the match covers
                wanted = {f.SerializeToString(deterministic=True) for f in mod.match.oxm_fields}
                for fid in [fid for fid, f in olt.flows.items()
                            if wanted <= {x.SerializeToString(deterministic=True) for x in f.match.oxm_fields}]:
                    removed.append(olt.flows.pop(fid))
            else:
                # logical_agent_flow.go:70-71
                raise RpcError(grpc.StatusCode.INTERNAL,
                               f"unhandled-command: lDeviceId:{update.id}, command:{mod.command}")
            touched = {olt.uni_owner[p] for f in added + removed for p in _ports(f) if p in olt.uni_owner}
            before = {onu for onu in touched if self._onu_has_flows(onu)}
            for flow in added:
                for p in _ports(flow):
                    olt.port_flows[p] = olt.port_flows.get(p, 0) + 1
            for flow in removed:
                for p in _ports(flow):
                    left = olt.port_flows.get(p, 0) - 1
                    if left > 0:
                        olt.port_flows[p] = left
                    else:
                        olt.port_flows.pop(p, None)
            after = {onu for onu in touched if self._onu_has_flows(onu)}
            for onu in after - before:
                self._flows_added(onu)
            for onu in before - after:
                self._flows_removed(onu)

    def logical_flows(self, ld_id: str):
        with self.lock:
            olt = self.logical.get(ld_id)
            if olt is None:
                raise not_found(ld_id)  # logical_manager.go:309-312
            return list(olt.flows.values())

    def _onu_has_flows(self, onu) -> bool:
        return any(onu.olt.port_flows.get(p.port_no) for p in onu.ports if p.type == PORT.ETHERNET_UNI)

    def _onus_with_flows(self, olt):
        """The ONUs with at least one flow on a UNI: O(ports that carry flows)."""
        return {olt.uni_owner[p] for p in olt.port_flows if p in olt.uni_owner}

    def _flows_added(self, onu):
        gen = onu.gen

        def tp_downloaded():
            if onu.gen == gen and onu.device.id in self.devices and onu.device.oper_status == OPER.ACTIVE:
                # openonu internal/pkg/core/device_handler.go:3179-3181
                self._set(onu, reason="tech-profile-config-download-success")

        def flows_pushed():
            if onu.gen == gen and onu.device.id in self.devices and onu.device.admin_state == ADMIN.ENABLED:
                self._set(onu, reason="omci-flows-pushed")  # device_handler.go:3214-3217

        self._run([tp_downloaded, flows_pushed])

    def _flows_removed(self, onu):
        gen = onu.gen

        def flows_deleted():
            if onu.gen == gen and onu.device.id in self.devices:
                self._set(onu, reason="omci-flows-deleted")  # device_handler.go:3220-3222

        def tp_deleted():
            if onu.gen == gen and onu.device.id in self.devices:
                self._set(onu, reason="tech-profile-config-delete-success")  # device_handler.go:3200-3202

        self._run([flows_deleted, tp_deleted])
