"""extension.Extension/GetExtValue as the core routes it and the openolt/openonu adapters answer it.

Failures the adapters detect come back inside a successful RPC (GetValueResponse.status = ERROR and
errReason); only an unknown target id is a gRPC error (voltha-go rw_core/core/device/extension_manager.go:62-66).
"""

import zlib

from voltha_protos import common_pb2, extensions_pb2 as ext

import core as vc

R = ext.GetValueResponse


def _error(reason):
    return ext.SingleGetValueResponse(response=R(status=R.ERROR, errReason=reason))


def _ok(**kwargs):
    return ext.SingleGetValueResponse(response=R(status=R.OK, **kwargs))


def _counter(seed: str, rate: int, uptime: float) -> int:
    """A counter that only grows: a per-port offset plus `rate` per second of stand-in uptime."""
    return (zlib.crc32(seed.encode()) % 100_000) * 10 + int(uptime * rate)


def _port_stats(olt, kind: str, intf: int, uptime: float, active_onus: int):
    key = f"{olt.device.id}/{kind}-{intf}"
    load = max(1, active_onus)
    rx_packets = _counter(key + "rxp", 800 * load, uptime)
    tx_packets = _counter(key + "txp", 1200 * load, uptime)
    return common_pb2.PortStatistics(
        intf_id=intf,
        rx_bytes=rx_packets * 420,
        rx_packets=rx_packets,
        rx_frames=rx_packets,
        rx_ucast_packets=rx_packets - rx_packets // 50,
        rx_mcast_packets=rx_packets // 100,
        rx_bcast_packets=rx_packets // 100,
        rx_error_packets=rx_packets // 1_000_000,
        rx_crc_errors=rx_packets // 2_000_000,
        rxGem=rx_packets if kind == "pon" else 0,
        tx_bytes=tx_packets * 900,
        tx_packets=tx_packets,
        tx_frames=tx_packets,
        tx_ucast_packets=tx_packets - tx_packets // 40,
        tx_mcast_packets=tx_packets // 80,
        tx_bcast_packets=tx_packets // 80,
        txGem=tx_packets if kind == "pon" else 0,
        bip_errors=rx_packets // 5_000_000 if kind == "pon" else 0,
        timestamp=int(uptime),
    )


def _label_intf(label: str, want: str):
    """voltha-openolt-adapter device_handler.go:4341-4352 (PON) / 4394-4405 (NNI): "<type>-<n>"."""
    parts = label.split("-")
    if len(parts) < 2 or not parts[1].isdigit():
        # Upstream indexes portInfo[1] unchecked; a label without '-' would crash the adapter.
        return None, R.INVALID_REQ_TYPE
    if parts[0] != want:
        return None, R.INVALID_PORT_TYPE
    return int(parts[1]), None


def get_ext_value(core: vc.Core, request):
    """Returns the SingleGetValueResponse, or raises core.RpcError for an unknown target."""
    with core.lock:
        entry = core.devices.get(request.targetId)
        kind = request.request.WhichOneof("request")
        if kind == "onuStatsFromOlt":
            # extension_manager.go:45-61: addressed to the ONU, answered by its parent OLT
            if entry is None or not isinstance(entry, vc.Onu):
                raise vc.not_found(f"target-id {request.targetId}")
            if entry.olt.device.oper_status != vc.OPER.ACTIVE:
                raise vc.failed_precondition(f"device not active: {entry.olt.device.id}")
            return _error(R.UNSUPPORTED)
        if entry is None:
            raise vc.not_found(f"target-id {request.targetId}")  # extension_manager.go:63-66
        uptime = core.uptime()
        if isinstance(entry, vc.Olt):
            return _olt_value(entry, kind, request.request, uptime)
        return _onu_value(entry, kind, uptime)


def _olt_value(olt, kind, req, uptime):
    # voltha-openolt-adapter internal/pkg/core/openolt.go:533-579 GetSingleValue
    if olt.spec is None or olt.device.admin_state == vc.ADMIN.PREPROVISIONED or not olt.ports:
        return _error(R.INVALID_DEVICE_ID)  # openolt.go:577-578: no device handler for the target
    active = sum(1 for o in olt.onus.values() if o.device.oper_status == vc.OPER.ACTIVE)
    if kind == "oltPonStats":
        label = req.oltPonStats.portLabel or f"pon-{req.oltPonStats.portId}"
        intf, err = _label_intf(label, "pon")
        if err is not None:
            return _error(err)
        if intf >= olt.spec.pon_ports:
            # The OLT agent rejects an unknown interface; device_handler.go:4356-4359 maps its
            # gRPC error through generateSingleGetValueErrorResponse.
            return _error(R.REASON_UNDEFINED)
        on_pon = sum(1 for o in olt.onus.values() if o.spec.pon == intf and o.device.oper_status == vc.OPER.ACTIVE)
        stats = _port_stats(olt, "pon", intf, uptime, on_pon)
        return _ok(oltPonStatsResponse=ext.GetPonStatsResponse(ponPort=intf, portStatistics=stats))
    if kind == "oltNniStats":
        label = req.oltNniStats.portLabel or f"nni-{req.oltNniStats.portId}"
        intf, err = _label_intf(label, "nni")
        if err is not None:
            return _error(err)
        if intf >= olt.spec.nni_ports:
            return _error(R.REASON_UNDEFINED)
        stats = _port_stats(olt, "nni", intf, uptime, active)
        return _ok(oltNniStatsResponse=ext.GetNNIStatsResponse(nniPort=intf, portStatistics=stats))
    if kind == "oltPortInfo":
        info = req.oltPortInfo
        if info.portType == ext.GetOltPortCounters.Port_PON_OLT:
            intf, limit, name = info.portNo & 0xFFFF, olt.spec.pon_ports, "pon"
        elif info.portType == ext.GetOltPortCounters.Port_ETHERNET_NNI:
            intf, limit, name = info.portNo & 0xFFFF, olt.spec.nni_ports, "nni"
        else:
            return _error(R.INVALID_PORT_TYPE)
        if intf >= limit:
            return _error(R.INVALID_DEVICE)
        s = _port_stats(olt, name, intf, uptime, active)
        return _ok(portCoutners=ext.GetOltPortCountersResponse(
            txBytes=s.tx_bytes, rxBytes=s.rx_bytes, txPackets=s.tx_packets, rxPackets=s.rx_packets,
            txErrorPackets=s.tx_error_packets, rxErrorPackets=s.rx_error_packets,
            txBcastPackets=s.tx_bcast_packets, rxBcastPackets=s.rx_bcast_packets,
            txUcastPackets=s.tx_ucast_packets, rxUcastPackets=s.rx_ucast_packets,
            txMcastPackets=s.tx_mcast_packets, rxMcastPackets=s.rx_mcast_packets,
        ))
    if kind == "onuPonInfo":
        # device_handler.go:4016-4046 getOnuPonCounters: unknown (intf, onu) -> INVALID_DEVICE
        info = req.onuPonInfo
        onu = next((o for o in olt.onus.values() if o.spec.pon == info.intf_id and o.spec.onu_id == info.onu_id), None)
        if onu is None or onu.device.connect_status != vc.CONN.REACHABLE:
            return _error(R.INVALID_DEVICE)
        key = f"{onu.device.id}/pon"
        rx = _counter(key + "rx", 500, uptime)
        tx = _counter(key + "tx", 700, uptime)
        return _ok(onuPonCounters=ext.GetOnuCountersResponse(
            intf_id=info.intf_id, onu_id=info.onu_id, rx_bytes=rx * 400, rx_packets=rx, tx_bytes=tx * 800,
            tx_packets=tx, rx_omci=_counter(key + "omci", 2, uptime), tx_omci=_counter(key + "omci", 2, uptime),
            fec_codewords=rx * 3, bip_units=rx * 400, timestamp=int(uptime),
        ))
    return _error(R.UNSUPPORTED)  # openolt.go:573-574


def _onu_value(onu, kind, uptime):
    # voltha-openonu-adapter-go internal/pkg/core/openonu.go:541-581 GetSingleValue
    if kind == "onuOpticalInfo":
        if onu.device.oper_status != vc.OPER.ACTIVE or onu.device.connect_status != vc.CONN.REACHABLE:
            # openonu.go:552-558: the OMCI self-test cannot start on an ONU that is not up
            return _error(R.INTERNAL_ERROR)
        h = zlib.crc32(onu.spec.serial.encode())
        return _ok(onuOpticalInfo=ext.GetOnuPonOpticalInfoResponse(
            powerFeedVoltage=3.28 + (h % 7) / 100,
            receivedOpticalPower=-18.0 - (h % 90) / 10,
            meanOpticalLaunchPower=2.1 + (h % 10) / 10,
            laserBiasCurrent=12.0 + (h % 50) / 10,
            temperature=38.0 + (h % 120) / 10,
        ))
    if kind == "onuActiveAlarms":
        return _ok(onuActiveAlarms=ext.GetOnuOmciActiveAlarmsResponse())
    return _error(R.UNSUPPORTED)  # openonu.go:577-578

