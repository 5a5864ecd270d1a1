"""The `voltha.events` messages that accompany the stand-in's state machine, and where they go.

Events are binary `event.Event` protobufs built with the official voltha_protos classes, with the
header, names, categories, context keys and Kafka keys that VOLTHA uses (README lists the sources).
A sink receives (key, serialized event); `KafkaSink` publishes them to a broker with librdkafka.
"""

import sys
import time

from voltha_protos import common_pb2, events_pb2

TOPIC = "voltha.events"
TYPE_VERSION = "0.1"  # voltha-lib-go pkg/events/eventif/events_proxy_if.go EventTypeVersion
CAT = events_pb2.EventCategory
SUB = events_pb2.EventSubCategory
ADMIN, OPER, CONN = common_pb2.AdminState, common_pb2.OperStatus, common_pb2.ConnectStatus


def _event(name: str, resource_id: str, context: dict, category: int, sub_category: int, description: str = ""):
    """voltha-lib-go pkg/events/events_proxy.go:73-105 (header) and :129-150 (SendDeviceEventWithKey)."""
    parts = name.split("_")
    short = "_".join(parts[:-2]) if "_" in name else "UNKNOWN_EVENT"
    now_ns = time.time_ns()
    ev = events_pb2.Event()
    h = ev.header
    h.id = f"Voltha.openolt.{short}.{now_ns}"
    h.category = category
    h.sub_category = sub_category
    h.type = events_pb2.EventType.DEVICE_EVENT
    h.type_version = TYPE_VERSION
    h.raised_ts.FromSeconds(now_ns // 1_000_000_000)  # raisedTs has second precision
    h.reported_ts.FromNanoseconds(now_ns)
    de = ev.device_event
    de.resource_id = resource_id
    de.device_event_name = name
    de.description = description
    for k, v in context.items():
        de.context[k] = v
    return ev.SerializeToString()


def state_change(device, prev_admin: int, prev_oper: int, prev_conn: int) -> bytes:
    """DEVICE_STATE_CHANGE_RAISE_EVENT: voltha-lib-go pkg/events/utils.go:75-99; voltha-go
    rw_core/core/device/event/event.go:298-316 (EQUIPMENT, OLT if root else ONU, no key)."""
    context = {
        "serial-number": device.serial_number,
        "id": device.id,
        "parent-id": device.parent_id,
        "prev-oper-state": OPER.Types.Name(prev_oper),
        "prev-connect-state": CONN.Types.Name(prev_conn),
        "prev-admin-state": ADMIN.Types.Name(prev_admin),
        "oper-state": OPER.Types.Name(device.oper_status),
        "connect-state": CONN.Types.Name(device.connect_status),
        "admin-state": ADMIN.Types.Name(device.admin_state),
        "is-root": "true" if device.root else "false",
        "parent-port": str(device.parent_port_no),
    }
    return _event("DEVICE_STATE_CHANGE_RAISE_EVENT", device.id, context, CAT.EQUIPMENT,
                  SUB.OLT if device.root else SUB.ONU)


def deleted(device) -> bytes:
    """OLT_DELETED_RAISE_EVENT / ONU_DELETED_RAISE_EVENT: voltha-lib-go pkg/events/utils.go:101-125;
    voltha-go rw_core/core/device/event/event.go:318-335."""
    context = {"serial-number": device.serial_number, "id": device.id}
    if device.root:
        name, sub = "OLT_DELETED_RAISE_EVENT", SUB.OLT
    else:
        name, sub = "ONU_DELETED_RAISE_EVENT", SUB.ONU
        context["pon-id"] = str(device.proxy_address.channel_id)
        context["onu-id"] = str(device.proxy_address.onu_id)
        context["parent-id"] = device.parent_id
    return _event(name, device.id, context, CAT.EQUIPMENT, sub)


def onu_discovery(olt_device, onu_device, pon: int, onu_id: int, pon_technology: str) -> bytes:
    """ONU_DISCOVERY_RAISE_EVENT: voltha-openolt-adapter internal/pkg/core/openolt_eventmgr.go:217-243
    (resource id = OLT, Kafka key = ONU device id, EQUIPMENT / PON)."""
    context = {
        "onu-id": str(onu_id),
        "intf-id": str(pon),
        "serial-number": onu_device.serial_number,
        "onu-device-id": onu_device.id,
        "pon-technology": pon_technology,
        "port-label": f"pon-{pon}",
    }
    return _event("ONU_DISCOVERY_RAISE_EVENT", olt_device.id, context, CAT.EQUIPMENT, SUB.PON)


def onu_activated(olt_device, onu_device, spec, num_unis: int) -> bytes:
    """ONU_ACTIVATED_RAISE_EVENT: voltha-openonu-adapter-go internal/pkg/core/device_handler.go:3438-3503
    (resource id and Kafka key = ONU device id, EQUIPMENT / PON)."""
    context = {
        "pon-id": str(spec.pon),
        "onu-id": str(spec.onu_id),
        "serial-number": onu_device.serial_number,
        "olt-serial-number": olt_device.serial_number,
        "device-id": onu_device.id,
        "registration-id": onu_device.id,
        "num-of-unis": str(num_unis),
        "vendor-id": spec.vendor_id,
        "model": spec.version,  # PersVersion: ONU-G Version (mib_sync.go:1250-1260)
        "equipment-id": spec.model,  # PersEquipmentID: ONU2-G Equipment id (mib_sync.go:959)
        "software-version": spec.software_active,
        "inactive-software-version": spec.software_standby,
    }
    return _event("ONU_ACTIVATED_RAISE_EVENT", onu_device.id, context, CAT.EQUIPMENT, SUB.PON,
                  "ONU Event - ONU_ACTIVATED - Raised")


class RecordingSink:
    """Keeps (key, event bytes) in memory, at most `limit` of them (tests)."""

    def __init__(self, limit: int = 1_000_000):
        self.limit = limit
        self.items = []

    def publish(self, key: str, value: bytes):
        if len(self.items) < self.limit:
            self.items.append((key, value))

    def close(self):
        pass


class KafkaSink:
    """Publishes to `voltha.events` on a Kafka broker, creating the topic with one partition as the
    VOLTHA core does at start (voltha-go rw_core/core/core.go). Best effort, like VOLTHA: a failed send
    is reported on stderr and dropped."""

    def __init__(self, bootstrap: str, topic: str = TOPIC):
        from confluent_kafka import KafkaException, Producer
        from confluent_kafka.admin import AdminClient, NewTopic

        self.topic = topic
        admin = AdminClient({"bootstrap.servers": bootstrap})
        futures = admin.create_topics([NewTopic(topic, num_partitions=1, replication_factor=1)], request_timeout=10)
        for f in futures.values():
            try:
                f.result(timeout=15)
            except KafkaException as e:
                if "TOPIC_ALREADY_EXISTS" not in str(e):
                    raise OSError(f"cannot create topic {topic} on {bootstrap}: {e}") from None
        self.producer = Producer({"bootstrap.servers": bootstrap, "linger.ms": 5,
                                  "queue.buffering.max.messages": 200_000})

    def publish(self, key: str, value: bytes):
        try:
            self.producer.produce(self.topic, value=value, key=key.encode() if key else None)
        except BufferError:
            self.producer.poll(0.5)
            try:
                self.producer.produce(self.topic, value=value, key=key.encode() if key else None)
            except BufferError:
                print("voltha-standin: event queue full, event dropped", file=sys.stderr)
        self.producer.poll(0)

    def close(self):
        self.producer.flush(10)


def onu_alarm(olt_device, onu_device, pon: int, onu_id: int, name: str, raise_: bool, extra: dict,
              resource_id: str = "") -> bytes:
    """An openolt ONU alarm (`<NAME>_RAISE_EVENT` / `_CLEAR_EVENT`): resource id = OLT, Kafka key = ONU
    device id, COMMUNICATION / ONU, context intf-id, onu-id, port-label, serial-number, onu-device-id
    (voltha-openolt-adapter internal/pkg/core/openolt_eventmgr.go:304-316, 363-387, 456-505).
    `resource_id` replaces the OLT as resource: the LOS clear of a rediscovered ONU names the ONU itself
    (internal/pkg/core/device_handler.go:1905-1935, the ONU's device id passed at :1927)."""
    context = {
        "intf-id": str(pon),
        "onu-id": str(onu_id),
        "port-label": f"pon-{pon}",
        "serial-number": onu_device.serial_number,
        "onu-device-id": onu_device.id,
    }
    context.update(extra)
    suffix = "RAISE_EVENT" if raise_ else "CLEAR_EVENT"
    # openolt_eventmgr.go:628: the start-up failure is filed under PON, the other ONU alarms under ONU
    sub = SUB.PON if name == "ONU_STARTUP_FAIL" else SUB.ONU
    return _event(f"{name}_{suffix}", resource_id or olt_device.id, context, CAT.COMMUNICATION, sub)
