"""SimulateAlarm for the stand-in's core: the core's answer, plus the ONU alarm the OLT would report.

voltha-go forwards SimulateAlarm to the OLT's adapter and answers OPERATION_SUCCESS at once
(rw_core/core/device/manager_nbi.go:923-937, agent.go:997-1036); the openolt adapter itself does not
implement it (internal/pkg/core/openolt.go:738-741) — with BBSim, alarms are raised through
`bbsimctl`. The stand-in plays that OLT: it publishes the alarm event the openolt adapter sends for
the matching indication and, for loss of signal and dying gasp, takes the ONU down (and back up on
CLEAR), as the ONU indication that accompanies them does. A loss-of-signal CLEAR addressed to the ONU
itself (`id` = the ONU's device id) is the clear of an ONU rediscovered after a fibre repair, whose
resource is the ONU, not the OLT (internal/pkg/core/device_handler.go:1905-1935).
"""

import grpc
from voltha_protos import common_pb2, device_pb2

import events as ev
from model import CONN, OPER, Olt, Onu, RpcError, not_found

# indicator -> (event name, takes the ONU down) (openolt internal/pkg/core/openolt_eventmgr.go:39-55)
INDICATORS = {
    "los": ("ONU_LOSS_OF_SIGNAL", True),
    "dying_gasp": ("ONU_DYING_GASP", True),
    "lob": ("ONU_LOSS_OF_BURST", False),
    "lopc_miss": ("ONU_LOPC_MISS", False),
    "lopc_mic_error": ("ONU_LOPC_MIC_ERROR", False),
    "lofi": ("ONU_LOSS_OF_FRAME", False),
    "loami": ("ONU_LOSS_OF_PLOAM", False),
    "signal_degrade": ("ONU_SIGNAL_DEGRADE", False),
    "signals_fail": ("ONU_SIGNALS_FAIL", False),
    "drift_of_window": ("ONU_DRIFT_OF_WINDOW", False),
    "startup_failure": ("ONU_STARTUP_FAIL", False),
    "loss_of_omci_channel": ("ONU_LOSS_OF_OMCI_CHANNEL", False),
}


class Alarms:
    def simulate_alarm(self, request):
        with self.lock:
            entry = self.devices.get(request.id)
            if entry is None:
                raise not_found(request.id)  # manager_nbi.go:929-932
            olt = entry if isinstance(entry, Olt) else entry.olt
            if request.indicator not in INDICATORS:
                raise RpcError(grpc.StatusCode.INVALID_ARGUMENT,
                               f"standin: unknown indicator '{request.indicator[:40]}' "
                               f"(one of {', '.join(sorted(INDICATORS))})")
            onu = entry if isinstance(entry, Onu) else None
            if onu is None:
                if request.onu_device_id:
                    onu = olt.onus.get(request.onu_device_id)
                elif request.onu_serial_number:
                    onu = olt.by_serial.get(request.onu_serial_number)
            if onu is None:
                raise not_found(request.onu_device_id or request.onu_serial_number or request.id)
            raise_ = request.operation == device_pb2.SimulateAlarmRequest.RAISE
            self._alarm(olt, onu, request, raise_)
            return common_pb2.OperationResp(code=common_pb2.OperationResp.OPERATION_SUCCESS)

    def _alarm(self, olt, onu, request, raise_):
        name, takes_down = INDICATORS[request.indicator]
        if name == "ONU_LOSS_OF_SIGNAL":
            # openolt_eventmgr.go:470-494: LOS raised/cleared only once per ONU
            if raise_ == onu.los_raised:
                return
            onu.los_raised = raise_
        extra = {}
        if name in ("ONU_SIGNAL_DEGRADE", "ONU_SIGNALS_FAIL"):
            extra["inverse-bit-error-rate"] = str(request.inverse_bit_error_rate)
        if name == "ONU_DRIFT_OF_WINDOW":
            extra["drift"], extra["new-eqd"] = str(request.drift), str(request.new_eqd)
        resource = ""
        if name == "ONU_LOSS_OF_SIGNAL" and not raise_ and request.id == onu.device.id:
            # Addressed to the ONU: the clear the adapter sends when it rediscovers a known ONU after a
            # fibre repair (BAL sends no LOS off then), resource = the ONU's device id
            # (device_handler.go:1905-1935, :1927; called from onuDiscIndication :1979-1991).
            resource = onu.device.id
        self._publish(onu.device.id, ev.onu_alarm, olt.device, onu.device, onu.spec.pon, onu.spec.onu_id,
                      name, raise_, extra, resource)
        if not takes_down:
            return
        if raise_ and onu.device.connect_status == CONN.REACHABLE:
            # The ONU indication "down" that comes with it (openonu device_handler.go:2664-2716)
            onu.gen += 1
            self._set(onu, oper=OPER.DISCOVERED, conn=CONN.UNREACHABLE, reason="stopping-openomci")
            self._uni_logical_ports_down(onu)
        elif not raise_ and onu.device.connect_status == CONN.UNREACHABLE and olt.device.oper_status == OPER.ACTIVE:
            onu.gen += 1
            self._set(onu, oper=OPER.DISCOVERED, conn=CONN.REACHABLE)
            self._run(self._onu_bringup_steps(olt, onu))
