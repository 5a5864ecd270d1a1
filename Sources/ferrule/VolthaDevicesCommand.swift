import ArgumentParser
import VOLTHA

/// `ferrule voltha devices`: OLTs and ONUs, as `voltctl device list` shows them.
struct VolthaDevicesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "devices",
        abstract: "List OLTs and ONUs (id, type, root, parent, serial, admin/oper/connect state, reason)."
    )

    @OptionGroup var voltha: VolthaOptions

    @Flag(help: "Only OLTs.") var olts = false
    @Flag(help: "Only ONUs.") var onus = false

    @Option(help: "table, json or csv.")
    var format: ListFormat = .table

    static let columns = [
        "id", "type", "root", "parentId", "serialNumber", "adminState", "operStatus", "connectStatus", "reason",
    ]

    static func row(_ d: Device) -> [String] {
        [
            d.id, d.type, d.isRoot ? "true" : "false", d.parentID, d.serialNumber, d.adminState.description,
            d.operStatus.description, d.connectStatus.description, d.reason,
        ]
    }

    func run() async throws {
        let devices = try await voltha.run { try await $0.devices() }
            .filter { (!olts || $0.isRoot) && (!onus || !$0.isRoot) }
        TableOutput.print(columns: Self.columns, rows: devices.map(Self.row), format: format)
    }
}

/// `ferrule voltha device ID`: one device's fields and ports.
struct VolthaDeviceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "device",
        abstract: "Show one device (by VOLTHA id, or an ONU by serial number): its fields and its ports."
    )

    @OptionGroup var voltha: VolthaOptions

    @Argument(help: "A VOLTHA device id or serial number.")
    var device: String

    @Option(help: "table, json or csv.")
    var format: ListFormat = .table

    func run() async throws {
        let (d, ports) = try await voltha.run { client in
            let d = try await client.device(idOrSerial: device)
            return (d, try await client.ports(deviceID: d.id))
        }
        var rows: [[String]] = [
            ["id", d.id], ["type", d.type], ["root", d.isRoot ? "true" : "false"], ["parentId", d.parentID],
            ["parentPortNo", String(d.parentPortNumber)], ["vendor", d.vendor], ["vendorId", d.vendorID],
            ["model", d.model], ["serialNumber", d.serialNumber], ["hardwareVersion", d.hardwareVersion],
            ["firmwareVersion", d.firmwareVersion], ["hostAndPort", d.hostAndPort], ["macAddress", d.macAddress],
            ["adapterEndpoint", d.adapterEndpoint], ["adminState", d.adminState.description],
            ["operStatus", d.operStatus.description], ["connectStatus", d.connectStatus.description],
            ["reason", d.reason],
        ]
        if let proxy = d.proxyAddress {
            rows += [
                ["proxyAddress.deviceId", proxy.deviceID], ["proxyAddress.channelId", String(proxy.channelID)],
                ["proxyAddress.onuId", String(proxy.onuID)],
            ]
        }
        for image in d.images {
            rows.append(["image.\(image.name)", "\(image.version)\(image.isActive ? " (active)" : "")"])
        }
        for port in ports {
            rows.append([
                "port.\(port.number)",
                "\(port.label) \(port.type) admin=\(port.adminState) oper=\(port.operStatus)",
            ])
        }
        TableOutput.print(columns: ["field", "value"], rows: rows, format: format)
    }
}
