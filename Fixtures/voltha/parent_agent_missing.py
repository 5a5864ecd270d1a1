"""A VOLTHA NBI with one ONU whose OLT has no device agent in the core, answering as voltha-go does.

voltha-go `rw_core/core/device/manager_nbi.go:101-113` (RebootDevice): the ONU's agent is found,
its parent's is not, and the answer is NOT_FOUND "device agent for parent id <olt> for child
<onu>"; GetDevice of the ONU succeeds (`manager.go:211-216`). Used by the end-to-end tests:

    .venv-tools/bin/python Fixtures/voltha/parent_agent_missing.py --port 0
"""

import argparse
from concurrent import futures

import grpc
from voltha_protos import common_pb2, device_pb2, voltha_pb2_grpc

ONU = device_pb2.Device(
    id="onu-1",
    type="brcm_openomci_onu",
    root=False,
    parent_id="olt-gone",
    serial_number="HWTC1a2b3c4d",
    admin_state=common_pb2.AdminState.ENABLED,
    oper_status=common_pb2.OperStatus.ACTIVE,
    connect_status=common_pb2.ConnectStatus.REACHABLE,
)


class Voltha(voltha_pb2_grpc.VolthaServiceServicer):
    def ListDevices(self, request, context):
        return device_pb2.Devices(items=[ONU])

    def GetDevice(self, request, context):
        if request.id == ONU.id:
            return ONU
        context.abort(grpc.StatusCode.NOT_FOUND, request.id)  # manager.go:215

    def RebootDevice(self, request, context):
        if request.id != ONU.id:
            context.abort(grpc.StatusCode.NOT_FOUND, request.id)  # manager_nbi.go:102
        # manager_nbi.go:111-112
        context.abort(grpc.StatusCode.NOT_FOUND, f"device agent for parent id {ONU.parent_id} for child {request.id}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    port_arg = parser.parse_args().port
    server = grpc.server(futures.ThreadPoolExecutor(4))
    voltha_pb2_grpc.add_VolthaServiceServicer_to_server(Voltha(), server)
    port = server.add_insecure_port(f"127.0.0.1:{port_arg}")
    server.start()
    print(f"listening on 127.0.0.1:{port}", flush=True)
    server.wait_for_termination()


if __name__ == "__main__":
    main()
