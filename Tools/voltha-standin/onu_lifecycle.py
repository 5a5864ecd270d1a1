"""ONU life cycle for the stand-in's core: discovery, OMCI start-up, UNI ports, enable/disable/reboot.

What the openolt adapter (ONU discovery), the core (ChildDeviceDetected) and the openonu adapter
(OMCI, device reasons, UNI ports) do for one ONU; mixed into `core.Core`, whose lock is held.
"""

from voltha_protos import device_pb2, logical_device_pb2, openflow_13_pb2 as of

import events as ev
import scenario as sc
from model import (
    ADMIN,
    CONN,
    OLT_ADAPTER_ENDPOINT,
    OLT_TYPE,
    ONU_ADAPTER_ENDPOINT,
    ONU_TYPE,
    OPER,
    PORT,
    Olt,
    Onu,
    pon_port_no,
    uni_port_no,
)


class OnuLifecycle:
    def _discover_onu(self, olt: Olt, spec):
        """The openolt ONU discovery path and the core's ChildDeviceDetected."""
        if spec.vendor_id not in sc.ONU_VENDOR_IDS:
            # rw_core/core/device/manager_sbi.go:97-106: no adapter claims the vendor id -> NOT_FOUND,
            # the ONU device is never created.
            return None
        if spec.serial in olt.by_serial:
            return olt.by_serial[spec.serial]  # manager_sbi.go:129-136 GetChildDevice: the child exists
        pon_no = pon_port_no(spec.pon)
        d = device_pb2.Device(
            id=self._new_id(),  # manager_sbi.go:148
            type=ONU_TYPE,
            root=False,
            parent_id=olt.device.id,  # manager_sbi.go:110-116
            parent_port_no=pon_no,
            vendor_id=spec.vendor_id,
            serial_number=spec.serial,
            adapter_endpoint=ONU_ADAPTER_ENDPOINT,
            vlan=spec.pon,  # agent.go:173-176: default VLAN = the proxy address' channel id
            proxy_address=device_pb2.Device.ProxyAddress(  # manager_sbi.go:145
                device_id=olt.device.id, device_type=OLT_TYPE, channel_id=spec.pon,
                onu_id=spec.onu_id, adapter_endpoint=OLT_ADAPTER_ENDPOINT,
            ),
            admin_state=ADMIN.PREPROVISIONED,  # agent.go:172
            oper_status=OPER.UNKNOWN,
            connect_status=CONN.UNKNOWN,
        )
        onu = Onu(d, spec, olt)
        olt.onus[d.id] = onu
        olt.by_serial[spec.serial] = onu
        self.devices[d.id] = onu
        self._changed(d.id)
        self._publish(d.id, ev.onu_discovery, olt.device, d, spec.pon, spec.onu_id, olt.spec.pon_technology)
        # The core enables a detected child at once (manager_sbi.go:165-175, agent.go:461-462); the
        # openolt adapter then reports it DISCOVERED and REACHABLE (device_handler.go:2103-2110).
        d.admin_state, d.oper_status = ADMIN.ENABLED, OPER.ACTIVATING
        self._changed(d.id)
        d.oper_status, d.connect_status = OPER.DISCOVERED, CONN.REACHABLE
        self._changed(d.id)
        return onu

    def _set(self, onu: Onu, oper=None, conn=None, reason=None):
        d = onu.device
        if oper is not None:
            d.oper_status = oper
        if conn is not None:
            d.connect_status = conn
        if reason is not None:
            d.reason = reason
        self._changed(d.id)

    def _onu_bringup_steps(self, olt: Olt, only):
        """ONU start-up as the openonu adapter reports it (internal/pkg/core/device_handler.go).

        `only` limits the steps to one ONU (enable, reboot); None means every ONU of the OLT that is
        admin-enabled when the step runs. Each ONU's generation guards against stale steps.
        """
        gens = {} if only is None else {only.device.id: only.gen}

        def targets():
            if only is not None:
                onus = [only]
            else:
                onus = list(olt.onus.values())
            out = []
            for onu in onus:
                if onu.device.id not in self.devices or onu.device.admin_state != ADMIN.ENABLED:
                    continue
                g = gens.setdefault(onu.device.id, onu.gen)
                if g == onu.gen:
                    out.append(onu)
            return out

        def activating():
            for onu in targets():
                # device_handler.go:2078-2079 reason activating-onu; 2417-2421 oper ACTIVATING
                self._set(onu, oper=OPER.ACTIVATING, conn=CONN.REACHABLE, reason="activating-onu")

        def omci_started():
            for onu in targets():
                self._set(onu, reason="starting-openomci")  # device_handler.go:2509
                if not any(p.type == PORT.PON_ONU for p in onu.ports):
                    # device_handler.go:2113-2128: the ONU's PON port, peer = the OLT's PON port
                    pno = onu.device.parent_port_no
                    onu.ports.append(device_pb2.Port(
                        port_no=pno, label=f"pon-{pno}", type=PORT.PON_ONU, admin_state=ADMIN.ENABLED,
                        oper_status=OPER.ACTIVE, device_id=onu.device.id,
                        peers=[device_pb2.Port.PeerPort(device_id=olt.device.id, port_no=pno)],
                    ))

        def mib_synced():
            for onu in targets():
                # The MIB upload reads ONU-G / ONU2-G / the software image MEs into the adapter's own
                # data (internal/pkg/mib/mib_sync.go:959, 1209, 1259, 1081-1130); nothing of it goes
                # to the core here. Device.images, firmware_version and hardware_version stay empty:
                # openonu never writes them (the images are read over OMCI on GetOnuImages).
                self._set(onu, reason="discovery-mibsync-complete")  # device_handler.go:2883

        def mib_downloaded():
            for onu in targets():
                d = onu.device
                # device_handler.go:2957-2959: Vendor and VendorId = ONU-G vendor id, Model = ONU-G
                # Version (PersVersion), the only device fields openonu writes to the core.
                d.vendor, d.vendor_id, d.model = onu.spec.vendor_id, onu.spec.vendor_id, onu.spec.version
                # device_handler.go:2954-2984: oper ACTIVE, reason initial-mib-downloaded; UNI ports
                # (common/onu_uni_port.go:60-128) and their logical ports (transitions.go:130-145).
                self._set(onu, oper=OPER.ACTIVE, reason="initial-mib-downloaded")
                self._ensure_uni_ports(onu)
                self._add_uni_logical_ports(onu)
                self._publish(onu.device.id, ev.onu_activated, olt.device, onu.device, onu.spec, onu.spec.unis)

        def tp_downloaded():
            flowed = self._onus_with_flows(olt) if olt.flows else set()
            for onu in targets():
                if onu.spec.provisioned or onu in flowed:
                    self._set(onu, reason="tech-profile-config-download-success")  # device_handler.go:3181

        def flows_pushed():
            flowed = self._onus_with_flows(olt) if olt.flows else set()
            for onu in targets():
                if onu.spec.provisioned or onu in flowed:
                    self._set(onu, reason="omci-flows-pushed")  # device_handler.go:3214-3217

        return [activating, omci_started, mib_synced, mib_downloaded, tp_downloaded, flows_pushed]

    def _ensure_uni_ports(self, onu: Onu):
        if any(p.type == PORT.ETHERNET_UNI for p in onu.ports):
            for p in onu.ports:
                p.oper_status = OPER.ACTIVE
            return
        s = onu.spec
        for uni in range(s.unis):
            no = uni_port_no(s.pon, s.onu_id, uni)
            name = f"{s.serial}-{uni + 1}"  # onu_uni_port.go:70-72: <serial>-<MacBpNo>
            mac = [0x08, (onu.device.parent_port_no >> 8) & 0xFF, onu.device.parent_port_no & 0xFF,
                   (no >> 16) & 0xFF, (no >> 8) & 0xFF, no & 0xFF]
            cap = of.OFPPF_COPPER | of.OFPPF_1GB_FD
            onu.olt.uni_owner[no] = onu
            onu.ports.append(device_pb2.Port(
                port_no=no, label=f"uni-{no}", type=PORT.ETHERNET_UNI,  # onu_uni_port.go:45, 97-112
                admin_state=ADMIN.ENABLED, oper_status=OPER.ACTIVE, device_id=onu.device.id,
                ofp_port=of.ofp_port(name=name, hw_addr=list(reversed(mac)), state=of.OFPPS_LINK_DOWN,
                                     curr=cap, advertised=cap, peer=cap, curr_speed=1000, max_speed=1000),
            ))

    def _add_uni_logical_ports(self, onu: Onu):
        """The ONU's UNIs are up: their logical ports are added, or set up again when they are there.

        openonu EnableUniPortStateUpdate -> core UpdatePortState(ACTIVE) -> voltha-go
        rw_core/core/device/logical_agent_port.go:167-175 clonePortSetState: PORT_DOWN cleared, LIVE.
        """
        olt = onu.olt
        if olt.logical is None:
            return
        for p in onu.ports:
            if p.type != PORT.ETHERNET_UNI:
                continue
            # logical_agent_port.go:354-372 addUNILogicalPort: id = the device port label
            ofp = of.ofp_port()
            ofp.CopyFrom(p.ofp_port)
            ofp.port_no = p.port_no
            ofp.config &= ~of.OFPPC_PORT_DOWN
            ofp.state = of.OFPPS_LIVE
            olt.logical_ports[p.label] = logical_device_pb2.LogicalPort(
                id=p.label, ofp_port=ofp, device_id=onu.device.id, device_port_no=p.port_no,
                root_port=False, ofp_port_stats=of.ofp_port_stats(),
            )

    def _uni_logical_ports_down(self, onu: Onu):
        """The ONU went down (disabled, unreachable, rebooting, LOS): its UNI logical ports stay, down.

        openonu internal/pkg/core/device_handler.go:3406-3434 DisableUniPortStateUpdate sends the UNI
        ports' state UNKNOWN to the core; voltha-go logical_agent_port.go:150-177 updatePortState
        keeps the logical port with PORT_DOWN and LINK_DOWN. Only a device delete removes them
        (rw_core/core/device/state/transitions.go:212-223 DeleteLogicalPorts).
        """
        olt = onu.olt
        for p in onu.ports:
            if p.type != PORT.ETHERNET_UNI:
                continue
            port = olt.logical_ports.get(p.label)
            if port is not None:
                port.ofp_port.config |= of.OFPPC_PORT_DOWN
                port.ofp_port.state = of.OFPPS_LINK_DOWN

    def _remove_uni_logical_ports(self, onu: Onu):
        olt = onu.olt
        for p in onu.ports:
            if p.type == PORT.ETHERNET_UNI:
                olt.logical_ports.pop(p.label, None)

    def _enable_onu(self, onu: Onu):
        d = onu.device
        onu.gen += 1
        was_disabled = d.admin_state == ADMIN.DISABLED
        d.admin_state = ADMIN.ENABLED  # agent.go:461-462
        d.oper_status = OPER.ACTIVATING
        self._changed(d.id)
        if was_disabled:
            gen = onu.gen

            def reenabled():
                if onu.gen == gen and d.id in self.devices:
                    # openonu device_handler.go:3125-3142 reEnableDevice: ACTIVE, reason onu-reenabled
                    self._set(onu, oper=OPER.ACTIVE, reason="onu-reenabled")
                    self._ensure_uni_ports(onu)
                    self._add_uni_logical_ports(onu)

            self._run([reenabled])
        else:
            self._run(self._onu_bringup_steps(onu.olt, onu))

    def _disable_onu(self, onu: Onu):
        d = onu.device
        onu.gen += 1
        d.admin_state = ADMIN.DISABLED  # agent.go:591-592
        d.oper_status = OPER.UNKNOWN
        self._changed(d.id)
        gen = onu.gen

        def locked():
            if onu.gen == gen and d.id in self.devices:
                # openonu device_handler.go:830-867 disableDevice: UNIs locked, reason omci-admin-lock
                self._set(onu, oper=OPER.UNKNOWN, reason="omci-admin-lock")
                for p in onu.ports:
                    if p.type == PORT.ETHERNET_UNI:
                        p.oper_status = OPER.UNKNOWN
                self._uni_logical_ports_down(onu)

        self._run([locked])

    def _reboot_onu(self, onu: Onu):
        onu.gen += 1
        gen = onu.gen
        d = onu.device

        def rebooting():
            if onu.gen != gen or d.id not in self.devices:
                return
            # openonu device_handler.go:1655-1680: oper DISCOVERED, reason rebooting
            self._set(onu, oper=OPER.DISCOVERED, reason="rebooting")
            self._uni_logical_ports_down(onu)
            if d.admin_state == ADMIN.ENABLED:
                onu.gen += 1
                self._run(self._onu_bringup_steps(onu.olt, onu))

        self._run([rebooting])

    def _delete_onu(self, onu: Onu):
        onu.gen += 1
        self._remove_uni_logical_ports(onu)  # transitions.go:220-223 DeleteLogicalPorts
        self._publish("", ev.deleted, onu.device)  # agent.go:217
        for p in onu.ports:
            if onu.olt.uni_owner.get(p.port_no) is onu:
                del onu.olt.uni_owner[p.port_no]
        onu.olt.onus.pop(onu.device.id, None)
        onu.olt.by_serial.pop(onu.spec.serial, None)
        self.devices.pop(onu.device.id, None)
        self._changed(onu.device.id)
