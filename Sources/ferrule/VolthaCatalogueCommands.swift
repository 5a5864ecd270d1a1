import ArgumentParser
import FerruleJSON
import VOLTHA

/// `ferrule voltha logical-devices`.
struct VolthaLogicalDevicesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logical-devices",
        abstract: "List logical devices (the OpenFlow switch of each OLT, with its ONOS device id)."
    )
    @OptionGroup var voltha: VolthaOptions
    @Option(help: "table, json or csv.") var format: ListFormat = .table

    func run() async throws {
        let list = try await voltha.run { try await $0.logicalDevices() }
        let rows = list.map {
            [$0.id, $0.onosDeviceID, $0.rootDeviceID, $0.serialNumber, $0.manufacturer, $0.software]
        }
        TableOutput.print(
            columns: ["id", "datapathId", "rootDeviceId", "serialNumber", "manufacturer", "software"],
            rows: rows,
            format: format
        )
    }
}

/// `ferrule voltha logical-device ID`: its ports (NNI and UNIs).
struct VolthaLogicalDeviceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logical-device",
        abstract: "List a logical device's ports: the NNI and each ONU UNI (<serial>-<n>, the SADIS key)."
    )
    @OptionGroup var voltha: VolthaOptions
    @Argument(help: "The logical device id.") var id: String
    @Option(help: "table, json or csv.") var format: ListFormat = .table

    func validate() throws {
        if VolthaClient.isBlank(id) {
            throw ValidationError(
                "<id> is empty; give a logical device id (\"ferrule voltha logical-devices\" lists them)"
            )
        }
    }

    func run() async throws {
        let (device, ports) = try await voltha.run { client in
            (try await client.logicalDevice(id: id), try await client.logicalDevicePorts(id: id))
        }
        let rows = ports.map {
            [
                device.onosDeviceID, $0.id, $0.name, String($0.ofpPortNumber), $0.deviceID, String($0.devicePortNumber),
                $0.isRootPort ? "true" : "false",
            ]
        }
        TableOutput.print(
            columns: ["datapathId", "portId", "name", "ofpPort", "deviceId", "devicePort", "rootPort"],
            rows: rows,
            format: format,
            types: ["ofpPort": .number, "devicePort": .number, "rootPort": .boolean]
        )
    }
}

/// `ferrule voltha adapters`.
struct VolthaAdaptersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "adapters",
        abstract: "List the adapters registered with the VOLTHA core."
    )
    @OptionGroup var voltha: VolthaOptions
    @Option(help: "table, json or csv.") var format: ListFormat = .table

    func run() async throws {
        let list = try await voltha.run { try await $0.adapters() }
        if format == .json {
            // JSON: the replica pair as two numbers rather than the table's "1/2".
            let items = list.map {
                JSONValue.object([
                    ("id", .string($0.id)), ("vendor", .string($0.vendor)), ("type", .string($0.type)),
                    ("version", .string($0.version)), ("endpoint", .string($0.endpoint)),
                    ("currentReplica", .number(String($0.currentReplica))),
                    ("totalReplicas", .number(String($0.totalReplicas))),
                    ("lastCommunication", .number(String($0.lastCommunication))),
                ])
            }
            print(JSONValue.array(items).canonicalText, terminator: "")
            return
        }
        let rows = list.map {
            [
                $0.id, $0.vendor, $0.type, $0.version, $0.endpoint, "\($0.currentReplica)/\($0.totalReplicas)",
                String($0.lastCommunication),
            ]
        }
        TableOutput.print(
            columns: ["id", "vendor", "type", "version", "endpoint", "replica", "lastCommunication"],
            rows: rows,
            format: format
        )
    }
}

/// `ferrule voltha device-types`.
struct VolthaDeviceTypesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "device-types",
        abstract: "List device types and the ONU vendor ids each claims."
    )
    @OptionGroup var voltha: VolthaOptions
    @Option(help: "table, json or csv.") var format: ListFormat = .table

    func run() async throws {
        let list = try await voltha.run { try await $0.deviceTypes() }
        let rows = list.map { [$0.id, $0.adapterType, $0.vendorID, $0.vendorIDs.joined(separator: " ")] }
        TableOutput.print(columns: ["id", "adapterType", "vendorId", "vendorIds"], rows: rows, format: format)
    }
}
