"""The stand-in's VOLTHA core: devices, ports, logical devices and their state machine.

Behaviour follows voltha-go rw_core (device/agent.go, device/manager_nbi.go, device/state/transitions.go)
and what the openolt and openonu adapters report back to it; the README lists each behaviour with the
upstream file:line. All state lives in one `Core` guarded by one lock. Lifecycle steps that real
VOLTHA performs asynchronously (adapter activation, ONU discovery, OMCI MIB upload) are queued as
numbered steps and applied lazily at the start of the next RPC, so clients observe them in order:
in "time" mode step n is due n*step_ms after the operation, in "reads" mode each later RPC reveals
one more step.
"""

import heapq
import random
import threading
import time
import uuid

from voltha_protos import device_pb2, logical_device_pb2, openflow_13_pb2 as of

import events as ev
import scenario as sc
from alarms import Alarms
from flows import FlowTables
from onu_lifecycle import OnuLifecycle
from model import (  # noqa: F401 - re-exported for the servicers
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
    RpcError,
    _mac_words,
    _varint,
    failed_precondition,
    nni_port_no,
    not_found,
    plain_error,
    pon_port_no,
)

class Core(OnuLifecycle, FlowTables, Alarms):
    """All devices and logical devices of the stand-in; every public method holds the lock."""

    def __init__(self, scenario: sc.Scenario, clock=time.monotonic):
        self.scenario = scenario
        self.clock = clock
        self.lock = threading.RLock()
        self.rng = random.Random(scenario.seed)
        self.devices = {}  # id -> Olt | Onu, in creation order
        self.logical = {}  # logical device id -> Olt
        self.started = clock()
        self._bytes = {}  # device id -> serialized Device
        self._list_bytes = None
        self._queue = []  # (due, seq, fn)
        self._seq = 0
        self._reads = 0
        self._immediate = False
        self._states = {}  # device id -> (admin, oper, connect) last seen, for state-change events
        self.events = None  # a sink (events.KafkaSink, events.RecordingSink) once attached
        for spec in scenario.olts:
            if spec.state == "absent":
                continue
            device = device_pb2.Device(type=OLT_TYPE, host_and_port=spec.host_and_port)
            olt = self._create_olt(device, spec)
            if spec.state in ("enabled", "disabled"):
                self._immediate = True
                self._enable(olt)
                if spec.state == "disabled":
                    self._disable(olt)
                self._immediate = False
        self.list_devices_bytes()  # encode once now: the first ListDevices is as fast as later ones

    # ----- clock and lifecycle steps -------------------------------------------------------------

    def advance(self):
        """Applies every lifecycle step that is due; called at the start of each RPC."""
        with self.lock:
            reads = self.scenario.timing_mode == "reads"
            if reads:
                now = self._reads
                self._reads += 1
            while self._queue:
                if not reads:
                    now = self.clock()  # re-read: with step_ms 0 a step's follow-up steps run now too
                if self._queue[0][0] > now:
                    break
                _, _, fn = heapq.heappop(self._queue)
                fn()

    def _run(self, steps):
        """Queues steps[i] as step i+1 after now, or runs them all at once while loading the scenario."""
        if self._immediate:
            for fn in steps:
                fn()
            return
        if self.scenario.timing_mode == "reads":
            base, unit = self._reads, 1
        else:
            base, unit = self.clock(), self.scenario.step_ms / 1000.0
        for i, fn in enumerate(steps):
            self._seq += 1
            heapq.heappush(self._queue, (base + (i + 1) * unit, self._seq, fn))

    def _new_id(self) -> str:
        # rw_core/utils/id.go:30 CreateDeviceID: a UUID (here from the scenario's seed, so reproducible)
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def _changed(self, device_id: str):
        self._bytes.pop(device_id, None)
        self._list_bytes = None
        entry = self.devices.get(device_id)
        if entry is None:
            self._states.pop(device_id, None)
            return
        d = entry.device
        now = (d.admin_state, d.oper_status, d.connect_status)
        prev = self._states.get(device_id)
        if prev != now:
            # rw_core/core/device/agent.go:1055-1058: an event for every admin/oper/connect change;
            # agent.go:185: on creation with prev admin UNKNOWN and prev oper/connect = current.
            self._states[device_id] = now
            if self.events is not None:
                if prev is None:
                    prev = (ADMIN.UNKNOWN, d.oper_status, d.connect_status)
                self.events.publish("", ev.state_change(d, *prev))

    def _publish(self, key: str, build, *args):
        """Publishes build(*args) when an event sink is attached (built lazily: no cost otherwise)."""
        if self.events is not None:
            self.events.publish(key, build(*args))

    # ----- reads ---------------------------------------------------------------------------------

    def list_devices_bytes(self) -> bytes:
        """ListDevices as serialized device.Devices, assembled from per-device cached encodings."""
        with self.lock:
            if self._list_bytes is None:
                parts = []
                for dev_id, entry in self.devices.items():
                    b = self._bytes.get(dev_id)
                    if b is None:
                        b = entry.device.SerializeToString()
                        self._bytes[dev_id] = b
                    parts.append(b"\x0a" + _varint(len(b)) + b)  # field 1 (items), length-delimited
                self._list_bytes = b"".join(parts)
            return self._list_bytes

    def list_device_ids(self):
        with self.lock:
            return list(self.devices)

    def get(self, device_id: str):
        entry = self.devices.get(device_id)
        if entry is None:
            raise not_found(device_id)  # rw_core/core/device/manager.go:216
        return entry

    def device(self, device_id: str):
        with self.lock:
            d = device_pb2.Device()
            d.CopyFrom(self.get(device_id).device)
            return d

    def ports(self, device_id: str):
        with self.lock:
            entry = self.devices.get(device_id)
            if entry is None:
                raise not_found(device_id)  # manager.go:223 listDevicePorts
            return device_pb2.Ports(items=entry.ports)

    def logical_devices(self):
        with self.lock:
            return [olt.logical for olt in self.logical.values()]

    def logical_device(self, ld_id: str):
        with self.lock:
            olt = self.logical.get(ld_id)
            if olt is None:
                raise not_found(ld_id)  # rw_core/core/device/logical_manager.go:115
            return olt.logical

    def logical_ports(self, ld_id: str):
        with self.lock:
            olt = self.logical.get(ld_id)
            if olt is None:
                raise not_found(ld_id)  # logical_manager.go:311
            return list(olt.logical_ports.values())

    def logical_port(self, ld_id: str, port_id: str):
        with self.lock:
            olt = self.logical.get(ld_id)
            if olt is None:
                raise not_found(ld_id)  # logical_manager.go:368
            port = olt.logical_ports.get(port_id)
            if port is None:
                raise not_found(f"{ld_id}-{port_id}")  # logical_manager.go:376
            return port

    # ----- CreateDevice --------------------------------------------------------------------------

    def create_device(self, request):
        with self.lock:
            host = request.host_and_port if request.WhichOneof("address") == "host_and_port" else ""
            if not request.mac_address and not host:
                # manager_nbi.go:38-40
                raise plain_error("no-device-info-present; MAC or HOSTIP&PORT")
            for entry in self.devices.values():  # manager.go:235-264 isParentDeviceExist
                d = entry.device
                if request.id and d.id == request.id:
                    raise plain_error("device is already pre-provisioned")
                if not d.root:
                    continue
                if (host and d.host_and_port == host) or (request.mac_address and d.mac_address == request.mac_address):
                    raise plain_error("device is already pre-provisioned")  # manager_nbi.go:50-52
            device = device_pb2.Device()
            device.CopyFrom(request)
            spec = self.scenario.olt_for(host, request.mac_address)
            olt = self._create_olt(device, spec)
            d = device_pb2.Device()
            d.CopyFrom(olt.device)
            return d

    def _create_olt(self, device, spec) -> Olt:
        device.id = device.id or self._new_id()
        device.root = True  # manager_nbi.go:55
        device.admin_state = ADMIN.PREPROVISIONED  # agent.go:172
        device.oper_status = OPER.UNKNOWN
        device.connect_status = CONN.UNKNOWN
        olt = Olt(device, spec)
        self.devices[device.id] = olt
        self._changed(device.id)
        return olt

    # ----- EnableDevice --------------------------------------------------------------------------

    def enable(self, device_id: str):
        with self.lock:
            entry = self.get(device_id)  # manager_nbi.go:75-77
            d = entry.device
            if d.admin_state == ADMIN.ENABLED and d.oper_status != OPER.FAILED:
                # agent.go:435-439
                raise failed_precondition(f"cannot-enable-an-already-enabled-device: {d.id}")
            if d.type not in (OLT_TYPE, ONU_TYPE):
                # agent.go:442-447 -> rw_core/core/adapter/manager.go:451
                raise plain_error(f"adapter-not-registered-for-device-type {d.type}")
            if isinstance(entry, Olt):
                self._enable(entry)
            else:
                self._enable_onu(entry)

    def _enable(self, olt: Olt):
        d = olt.device
        was_preprovisioned = d.admin_state == ADMIN.PREPROVISIONED
        olt.gen += 1
        gen = olt.gen
        d.adapter_endpoint = OLT_ADAPTER_ENDPOINT
        d.admin_state = ADMIN.ENABLED  # agent.go:461-462
        d.oper_status = OPER.ACTIVATING
        self._changed(d.id)
        if olt.spec is None:
            return  # no OLT answers at that address: the adapter keeps trying, the device stays ACTIVATING
        if was_preprovisioned or not olt.ports:
            self._run(self._olt_activation_steps(olt, gen))
        else:
            self._run(self._olt_reenable_steps(olt, gen))

    def _olt_activation_steps(self, olt: Olt, gen: int):
        spec = olt.spec

        def live():
            return olt.gen == gen and olt.device.id in self.devices

        def connected():
            if not live():
                return
            d = olt.device
            # device_handler.go:1381-1420 populateDeviceInfo: what the OLT's GetDeviceInfo reports
            d.vendor, d.model, d.serial_number = spec.vendor, spec.model, spec.serial_number
            d.hardware_version, d.firmware_version = spec.hardware_version, spec.firmware_version
            d.mac_address = spec.mac_address
            d.connect_status = CONN.REACHABLE
            self._changed(d.id)
            olt.ports = []
            for i in range(spec.nni_ports):
                olt.ports.append(self._olt_port(olt, i, PORT.ETHERNET_NNI))
            for i in range(spec.pon_ports):
                olt.ports.append(self._olt_port(olt, i, PORT.PON_OLT))

        def active():
            if not live():
                return
            olt.device.oper_status = OPER.ACTIVE
            self._changed(olt.device.id)
            self._create_logical_device(olt)  # state/transitions.go:118-121 CreateLogicalDevice

        def discovered():
            if not live():
                return
            for onu_spec in spec.onus:
                if onu_spec.serial not in olt.blocked_serials:
                    self._discover_onu(olt, onu_spec)

        steps = [connected, active, discovered]
        steps.extend(self._onu_bringup_steps(olt, None))
        return steps

    def _olt_reenable_steps(self, olt: Olt, gen: int):
        def up():
            if olt.gen != gen or olt.device.id not in self.devices:
                return
            # device_handler.go:2554-2600 ReenableDevice: OLT ACTIVE, ports back up
            olt.device.oper_status = OPER.ACTIVE
            self._changed(olt.device.id)
            for p in olt.ports:
                p.oper_status = OPER.ACTIVE
            if olt.logical is None:
                self._create_logical_device(olt)
            for onu in olt.onus.values():
                onu.gen += 1
                self._set(onu, oper=OPER.DISCOVERED, conn=CONN.REACHABLE)

        return [up] + self._onu_bringup_steps(olt, None)

    def _olt_port(self, olt: Olt, intf: int, kind: int):
        # device_handler.go:369-377 GetportLabel, 422-470 addPort
        no = nni_port_no(intf) if kind == PORT.ETHERNET_NNI else pon_port_no(intf)
        label = f"nni-{intf}" if kind == PORT.ETHERNET_NNI else f"pon-{intf}"
        speed = 10000 if kind == PORT.ETHERNET_NNI else 10000
        ofp = of.ofp_port(
            hw_addr=_mac_words(olt.spec.mac_address),
            state=of.OFPPS_LIVE,
            curr=of.OFPPF_10GB_FD | of.OFPPF_FIBER,
            advertised=of.OFPPF_10GB_FD | of.OFPPF_FIBER,
            peer=of.OFPPF_10GB_FD | of.OFPPF_FIBER,
            curr_speed=speed,
            max_speed=speed,
        )
        return device_pb2.Port(
            port_no=no, label=label, type=kind, admin_state=ADMIN.ENABLED,
            oper_status=OPER.ACTIVE, device_id=olt.device.id, ofp_port=ofp,
        )

    def _create_logical_device(self, olt: Olt):
        # rw_core/core/device/logical_manager.go:139-165: a UUID id, datapath id from the OLT's MAC;
        # logical_agent.go:144-153 desc/switch features from the adapter (device_handler.go:1517-1534).
        ld_id = self._new_id()
        mac = olt.device.mac_address.replace(":", "")
        ld = logical_device_pb2.LogicalDevice(
            id=ld_id,
            datapath_id=int(mac, 16),
            root_device_id=olt.device.id,
            desc=of.ofp_desc(
                mfr_desc="VOLTHA Project", hw_desc="open_pon", sw_desc="open_pon",
                serial_num=olt.device.serial_number,
            ),
            switch_features=of.ofp_switch_features(
                n_buffers=256, n_tables=2,
                capabilities=of.OFPC_FLOW_STATS | of.OFPC_TABLE_STATS | of.OFPC_PORT_STATS | of.OFPC_GROUP_STATS,
            ),
        )
        olt.logical = ld
        olt.logical_ports = {}
        self.logical[ld_id] = olt
        olt.device.parent_id = ld_id  # logical_manager.go:162 setParentID
        self._changed(olt.device.id)
        for p in olt.ports:
            if p.type == PORT.ETHERNET_NNI:
                # logical_agent_port.go:304-318 addNNILogicalPort
                label = f"nni-{p.port_no}"
                ofp = of.ofp_port()
                ofp.CopyFrom(p.ofp_port)
                ofp.port_no, ofp.name = p.port_no, label
                olt.logical_ports[label] = logical_device_pb2.LogicalPort(
                    id=label, ofp_port=ofp, device_id=olt.device.id, device_port_no=p.port_no,
                    root_port=True, ofp_port_stats=of.ofp_port_stats(),
                )
        for onu in olt.onus.values():
            if onu.device.oper_status == OPER.ACTIVE:
                self._add_uni_logical_ports(onu)

    def _delete_logical_device(self, olt: Olt):
        if olt.logical is not None:
            self.logical.pop(olt.logical.id, None)
        olt.logical = None
        olt.logical_ports = {}
        olt.flows = {}  # transitions.go:184-193 DeleteAllDeviceFlows
        olt.port_flows = {}
        olt.device.parent_id = ""
        self._changed(olt.device.id)

    # ----- DisableDevice -------------------------------------------------------------------------

    def disable(self, device_id: str):
        with self.lock:
            entry = self.get(device_id)  # manager_nbi.go:88-90
            d = entry.device
            if d.admin_state == ADMIN.DISABLED:
                return  # agent.go:579-583: already disabled is not an error (desc "device-already-disabled")
            if d.admin_state == ADMIN.PREPROVISIONED:
                # agent.go:584-587
                raise failed_precondition(f"deviceId:{d.id}, invalid-admin-state:PREPROVISIONED")
            if isinstance(entry, Olt):
                self._disable(entry)
            else:
                self._disable_onu(entry)

    def _disable(self, olt: Olt):
        d = olt.device
        olt.gen += 1
        d.admin_state = ADMIN.DISABLED  # agent.go:591-592
        d.oper_status = OPER.UNKNOWN
        self._changed(d.id)
        # openolt device_handler.go:2512-2519 DisableDevice: PortTypeFilter ^(1<<PON_OLT), and
        # voltha-go rw_core/core/device/agent_port.go:69-75 updatePortsOperState updates only the
        # port types NOT in the mask: the PON ports go UNKNOWN, the NNI stays ACTIVE (it "remains
        # active in openolt agent").
        for p in olt.ports:
            if p.type == PORT.PON_OLT:
                p.oper_status = OPER.UNKNOWN
        onus = list(olt.onus.values())
        for onu in onus:
            onu.gen += 1
        gens = {onu.device.id: onu.gen for onu in onus}

        def children_unreachable():
            # device_handler.go:2509 notifyChildDevices("unreachable") -> openonu UpdateInterface
            # (device_handler.go:2664-2716): reason stopping-openomci, UNREACHABLE, DISCOVERED.
            for onu in onus:
                if onu.device.id in self.devices and gens[onu.device.id] == onu.gen:
                    self._set(onu, oper=OPER.DISCOVERED, conn=CONN.UNREACHABLE, reason="stopping-openomci")
                    self._uni_logical_ports_down(onu)

        self._run([children_unreachable])

    # ----- RebootDevice --------------------------------------------------------------------------

    def reboot(self, device_id: str):
        with self.lock:
            entry = self.get(device_id)  # manager_nbi.go:101-103
            d = entry.device
            if isinstance(entry, Onu):
                p = entry.olt.device
                if p.connect_status != CONN.REACHABLE:
                    # manager_nbi.go:105-110
                    raise failed_precondition(
                        f"cannot complete operation as parent device :{p.id} is in "
                        f"operstatus:{OPER.Types.Name(p.oper_status)} ,"
                        f"connect-status:{CONN.Types.Name(p.connect_status)}"
                    )
            if d.connect_status != CONN.REACHABLE:
                # agent.go:643-646
                raise failed_precondition(
                    f"cannot complete operation as device :{d.id} is in "
                    f"operstatus:{OPER.Types.Name(d.oper_status)} ,connect-status:{CONN.Types.Name(d.connect_status)}"
                )
            if isinstance(entry, Olt):
                self._reboot_olt(entry)
            else:
                self._reboot_onu(entry)

    def _reboot_olt(self, olt: Olt):
        olt.gen += 1
        gen = olt.gen
        admin_enabled = olt.device.admin_state == ADMIN.ENABLED

        def down():
            if olt.gen != gen or olt.device.id not in self.devices:
                return
            # openolt device_handler.go:3092-3100: heartbeat lost -> UNREACHABLE, oper UNKNOWN
            olt.device.connect_status = CONN.UNREACHABLE
            olt.device.oper_status = OPER.UNKNOWN
            self._changed(olt.device.id)

        def back():
            if olt.gen != gen or olt.device.id not in self.devices:
                return
            # device_handler.go:3176-3183: REACHABLE + REBOOTED; transitions.go:184-193: children,
            # logical ports and the logical device are deleted.
            olt.device.connect_status = CONN.REACHABLE
            olt.device.oper_status = OPER.REBOOTED
            self._changed(olt.device.id)
            self._delete_children(olt)
            self._delete_logical_device(olt)
            if admin_enabled:
                self._run(self._olt_activation_steps(olt, gen)[1:])

        self._run([down, back])

    # ----- DeleteDevice --------------------------------------------------------------------------

    def delete(self, device_id: str):
        with self.lock:
            entry = self.get(device_id)  # manager_nbi.go:125-127
            if isinstance(entry, Olt):
                # transitions.go:166-169: DeleteAllLogicalPorts, DeleteAllChildDevices, RunPostDeviceDelete
                entry.gen += 1
                self._delete_children(entry)
                self._delete_logical_device(entry)
                self._publish("", ev.deleted, entry.device)  # agent.go:217
                self.devices.pop(entry.device.id, None)
                self._changed(entry.device.id)
            else:
                self._delete_onu(entry)
                olt = entry.olt
                if self.scenario.rediscover_deleted_onus and olt.device.oper_status == OPER.ACTIVE:
                    # The ONU is still on the fibre: it ranges again and is rediscovered with a new
                    # device id (a new ONU_DISCOVERY, manager_sbi.go:148).
                    spec, gen = entry.spec, olt.gen

                    def rediscover():
                        if olt.gen == gen and olt.device.id in self.devices and spec.serial not in olt.blocked_serials:
                            onu = self._discover_onu(olt, spec)
                            if onu is not None:
                                self._run(self._onu_bringup_steps(olt, onu))

                    self._run([rediscover])

    def _delete_children(self, olt: Olt):
        for onu in list(olt.onus.values()):
            self._delete_onu(onu)

    # ----- ONU enable/disable at the OLT (protos >= 5.7) -----------------------------------------

    def onu_by_serial(self, olt_id: str, serial: str):
        with self.lock:
            olt = self.devices.get(olt_id)
            if not isinstance(olt, Olt):
                raise not_found(olt_id)  # manager_nbi.go:997-999
            return olt, olt.by_serial.get(serial)

    def set_serial_blocked(self, olt_id: str, serial: str, blocked: bool):
        with self.lock:
            olt, onu = self.onu_by_serial(olt_id, serial)
            if onu is None:
                # manager_nbi.go:1001-1004
                raise not_found(f"onu-device-id-not-found-for-serial-number-{serial}")
            if blocked:
                olt.blocked_serials.add(serial)
                if onu.device.admin_state != ADMIN.DISABLED:
                    self._disable_onu(onu)
            else:
                olt.blocked_serials.discard(serial)
                if onu.device.admin_state == ADMIN.DISABLED:
                    self._enable_onu(onu)

    # ----- statistics ----------------------------------------------------------------------------

    def uptime(self) -> float:
        return max(0.0, time.monotonic() - self.started)
