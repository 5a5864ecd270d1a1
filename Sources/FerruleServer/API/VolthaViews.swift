import FerruleJSON
import VOLTHA

/// VOLTHA's model (Ferrule's ``VOLTHA/Device`` and friends, from `voltha_protos/device.proto` and
/// `logical_device.proto`) in DotMac's JSON shapes. Empty strings are nulls, as DotMac's
/// pydantic models leave fields VOLTHA did not send.
enum VolthaViews {
    static func text(_ value: String) -> JSONValue { value.isEmpty ? .null : .string(value) }

    static func device(_ device: Device) -> JSONValue {
        .object([
            ("id", .string(device.id)),
            ("type", text(device.type)),
            ("root", .bool(device.isRoot)),
            ("parent_id", text(device.parentID)),
            ("parent_port_no", device.isRoot ? .null : .int(Int(device.parentPortNumber))),
            ("vendor", text(device.vendor)),
            ("model", text(device.model)),
            ("hardware_version", text(device.hardwareVersion)),
            ("firmware_version", text(device.firmwareVersion)),
            ("serial_number", text(device.serialNumber)),
            ("adapter", text(device.adapterEndpoint.isEmpty ? device.type : device.adapterEndpoint)),
            ("admin_state", .string(device.adminState.description)),
            ("oper_status", .string(device.operStatus.description)),
            ("connect_status", .string(device.connectStatus.description)),
            ("reason", text(device.reason)),
        ])
    }

    static func port(_ port: DevicePort) -> JSONValue {
        .object([
            ("port_no", .int(Int(port.number))),
            ("label", text(port.label)),
            ("type", .string(port.type.description)),
            ("admin_state", .string(port.adminState.description)),
            ("oper_status", .string(port.operStatus.description)),
            ("device_id", text(port.deviceID)),
            (
                "peers",
                .array(
                    port.peers.map {
                        .object([("device_id", .string($0.deviceID)), ("port_no", .int(Int($0.portNumber)))])
                    }
                )
            ),
        ])
    }

    /// A logical device; `ports` and `flows` are filled by the detail route (flows: none, the
    /// client reads no flow tables).
    static func logicalDevice(_ device: LogicalDevice, ports: [LogicalPort] = []) -> JSONValue {
        .object([
            ("id", .string(device.id)),
            ("datapath_id", .string(String(device.datapathID))),
            (
                "desc",
                .object([
                    ("mfr_desc", .string(device.manufacturer)), ("hw_desc", .string(device.hardware)),
                    ("sw_desc", .string(device.software)), ("serial_num", .string(device.serialNumber)),
                ])
            ),
            ("root_device_id", text(device.rootDeviceID)),
            ("ports", .array(ports.map(logicalPort))),
            ("flows", .array([])),
        ])
    }

    static func logicalPort(_ port: LogicalPort) -> JSONValue {
        .object([
            ("id", .string(port.id)),
            (
                "ofp_port",
                .object([("port_no", .int(Int(port.ofpPortNumber))), ("name", .string(port.name))])
            ),
            ("device_id", text(port.deviceID)),
            ("device_port_no", .int(Int(port.devicePortNumber))),
        ])
    }

    static func adapter(_ adapter: Adapter) -> JSONValue {
        .object([
            ("id", .string(adapter.id)),
            ("vendor", text(adapter.vendor)),
            ("version", text(adapter.version)),
            (
                "config",
                .object([
                    ("type", .string(adapter.type)), ("endpoint", .string(adapter.endpoint)),
                    ("current_replica", .int(Int(adapter.currentReplica))),
                    ("total_replicas", .int(Int(adapter.totalReplicas))),
                ])
            ),
        ])
    }

    static func deviceType(_ type: DeviceType) -> JSONValue {
        .object([
            ("id", .string(type.id)),
            ("vendor", text(type.vendorID)),
            ("model", .null),
            ("adapter", text(type.adapterType)),
        ])
    }
}
