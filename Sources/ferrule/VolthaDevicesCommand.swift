import ArgumentParser
import FerruleJSON
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

    /// JSON types: `root` is a boolean; the states are their proto enum names.
    static let types: [String: CellType] = ["root": .boolean]

    static func row(_ d: Device) -> [String] {
        [
            d.id, d.type, d.isRoot ? "true" : "false", d.parentID, d.serialNumber, d.adminState.description,
            d.operStatus.description, d.connectStatus.description, d.reason,
        ]
    }

    func run() async throws {
        let devices = try await voltha.run { try await $0.devices() }
            .filter { (!olts || $0.isRoot) && (!onus || !$0.isRoot) }
        TableOutput.print(columns: Self.columns, rows: devices.map(Self.row), format: format, types: Self.types)
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

    func validate() throws { try requireDeviceKey(device, "<device>") }

    func run() async throws {
        let (d, ports, onuImages) = try await voltha.run { client in
            let d = try await client.device(idOrSerial: device)
            let ports = try await client.ports(deviceID: d.id)
            // An ONU's images are not in its device record: its adapter reads them over OMCI when
            // asked, and only while the ONU is ACTIVE and REACHABLE (OnuSoftware).
            guard !d.isRoot, d.operStatus == .active, d.connectStatus == .reachable else {
                return (d, ports, Result<[OnuImage], VolthaError>?.none)
            }
            do {
                return (d, ports, .success(try await client.onuImages(deviceID: d.id)))
            } catch let error as VolthaError {
                return (d, ports, .failure(error))
            }
        }
        var images = d.images.map {
            ImageRow(
                name: $0.name,
                version: $0.version,
                isActive: $0.isActive,
                isCommitted: $0.isCommitted,
                isValid: $0.isValid
            )
        }
        switch onuImages {
        case .success(let list)?:
            // Named by the software image ME instance, 0 and 1 (openonu onu_image_status.go:78).
            images += list.enumerated().map {
                ImageRow(
                    name: String($0.offset),
                    version: $0.element.version,
                    isActive: $0.element.isActive,
                    isCommitted: $0.element.isCommitted,
                    isValid: $0.element.isValid
                )
            }
        case .failure(let error)?:
            StandardError.write(
                "warning: the ONU's software images could not be read, none is shown: \(error.untargeted)\n"
            )
        case nil where !d.isRoot:
            StandardError.write(
                "note: no software images: the ONU is \(d.operStatus)/\(d.connectStatus), and its adapter reads them "
                    + "(GetOnuImages) only while it is ACTIVE/REACHABLE\n"
            )
        case nil:
            break
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
        for image in images {
            let flags = [image.isActive ? "active" : nil, image.isCommitted ? "committed" : nil].compactMap(\.self)
            rows.append([
                "image.\(image.name)", image.version + (flags.isEmpty ? "" : " (\(flags.joined(separator: ", ")))"),
            ])
        }
        for port in ports {
            rows.append([
                "port.\(port.number)",
                "\(port.label) \(port.type) admin=\(port.adminState) oper=\(port.operStatus)",
            ])
        }
        guard format == .json else {
            TableOutput.print(columns: ["field", "value"], rows: rows, format: format)
            return
        }
        // JSON: the same field/value list, each value typed (numbers, booleans), and each port and
        // image an object rather than the table's one-line summary.
        var items: [JSONValue] = []
        for row in rows where !row[0].hasPrefix("port.") && !row[0].hasPrefix("image.") {
            items.append(
                .object([("field", .string(row[0])), ("value", (Self.fieldTypes[row[0]] ?? .string).json(row[1]))])
            )
        }
        for image in images {
            items.append(
                .object([
                    ("field", .string("image.\(image.name)")),
                    (
                        "value",
                        .object([
                            ("name", .string(image.name)), ("version", .string(image.version)),
                            ("isActive", .bool(image.isActive)), ("isCommitted", .bool(image.isCommitted)),
                            ("isValid", .bool(image.isValid)),
                        ])
                    ),
                ])
            )
        }
        for port in ports {
            items.append(
                .object([
                    ("field", .string("port.\(port.number)")),
                    (
                        "value",
                        .object([
                            ("portNo", .number(String(port.number))), ("label", .string(port.label)),
                            ("type", .string(port.type.description)),
                            ("adminState", .string(port.adminState.description)),
                            ("operStatus", .string(port.operStatus.description)),
                        ])
                    ),
                ])
            )
        }
        print(JSONValue.array(items).canonicalText, terminator: "")
    }

    /// One software image: the device record's (`Device.images`) or an ONU's (`GetOnuImages`).
    struct ImageRow {
        var name: String
        var version: String
        var isActive: Bool
        var isCommitted: Bool
        var isValid: Bool
    }

    /// The JSON type of each field's value that is not a string.
    static let fieldTypes: [String: CellType] = [
        "root": .boolean, "parentPortNo": .number, "proxyAddress.channelId": .number, "proxyAddress.onuId": .number,
    ]
}
