"""The stand-in's data model: device records, VOLTHA's port numbering and the errors the core answers.

Port numbers follow voltha-lib-go pkg/platform/platform.go; error texts and codes are those of
voltha-go rw_core (see README.md).
"""

import grpc
from voltha_protos import common_pb2, device_pb2

ADMIN = common_pb2.AdminState
OPER = common_pb2.OperStatus
CONN = common_pb2.ConnectStatus
PORT = device_pb2.Port

OLT_TYPE = "openolt"
ONU_TYPE = "brcm_openomci_onu"
OLT_ADAPTER_ENDPOINT = "adapter-open-olt"  # voltha-openolt-adapter internal/pkg/config/config.go:64
ONU_ADAPTER_ENDPOINT = "adapter-open-onu"


class RpcError(Exception):
    """An error the core answers with: a gRPC status code and VOLTHA's own message text."""

    def __init__(self, code: grpc.StatusCode, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def not_found(message: str) -> RpcError:
    return RpcError(grpc.StatusCode.NOT_FOUND, message)


def failed_precondition(message: str) -> RpcError:
    return RpcError(grpc.StatusCode.FAILED_PRECONDITION, message)


def plain_error(message: str) -> RpcError:
    # A plain Go error (errors.New / fmt.Errorf) returned by a grpc-go handler reaches the client
    # as code UNKNOWN with the error text as message.
    return RpcError(grpc.StatusCode.UNKNOWN, message)


# voltha-lib-go pkg/platform/platform.go:104-142
def nni_port_no(intf: int) -> int:
    return (1 << 24) | intf


def pon_port_no(intf: int) -> int:
    return (0x2 << 28) | intf


def uni_port_no(pon: int, onu_id: int, uni: int) -> int:
    return (pon << 16) | (onu_id << 8) | uni


def _mac_words(mac: str) -> list:
    return [int(p, 16) for p in mac.split(":")]


class Olt:
    def __init__(self, device, spec):
        self.device = device
        self.spec = spec  # None when the address matches no scenario OLT (the adapter never connects)
        self.ports = []
        self.logical = None
        self.logical_ports = {}  # logical port id -> LogicalPort
        self.flows = {}  # flow id -> ofp_flow_stats of the logical device
        self.port_flows = {}  # port number -> how many of those flows match or output on it
        self.uni_owner = {}  # UNI port number -> Onu
        self.onus = {}  # ONU device id -> Onu
        self.by_serial = {}  # ONU serial -> Onu
        self.blocked_serials = set()
        self.gen = 0


class Onu:
    def __init__(self, device, spec, olt):
        self.device = device
        self.spec = spec
        self.olt = olt
        self.ports = []
        self.gen = 0
        self.los_raised = False


def _varint(n: int) -> bytes:
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)
