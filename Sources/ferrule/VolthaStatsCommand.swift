import ArgumentParser
import FerruleCore
import FerruleJSON
import VOLTHA

/// `ferrule voltha stats ID`: PON / NNI / ONU counters through Extension.GetExtValue.
struct VolthaStatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "PON, NNI or ONU statistics (Extension.GetExtValue), as voltctl device getextval.",
        discussion: """
            For an OLT: --port pon-N or nni-N, or every PON and NNI port when omitted. For an ONU: \
            its optics (onuOpticalInfo) and its PON counters as the OLT sees them (onuPonInfo).
            """
    )
    @OptionGroup var voltha: VolthaOptions
    @Argument(help: "An OLT or ONU (device id or serial number).") var device: String
    @Option(help: "An OLT port label (pon-0, nni-0: openolt labels ports by interface id).") var port: String?
    @Option(help: "table, json or csv.") var format: ListFormat = .table

    func validate() throws { try requireDeviceKey(device, "<device>") }

    func run() async throws {
        let results = try await voltha.run { client in
            let target = try await client.device(idOrSerial: device)
            var requests: [StatisticsRequest] = []
            if target.isRoot {
                let known = try await client.ports(deviceID: target.id)
                    .filter { $0.type == .ponOLT || $0.type == .ethernetNNI }.map(\.label).sorted()
                var labels = known
                if let port {
                    // Checked here: VOLTHA answers an unknown label with a bare errReason
                    // (REASON_UNDEFINED from the OLT agent, INVALID_PORT_TYPE …) that names neither.
                    guard known.contains(port) else {
                        throw Self.unknownPort(port, of: target, known: known, at: client.address)
                    }
                    labels = [port]
                }
                requests = labels.map {
                    $0.hasPrefix("nni") ? .nniPort(oltID: target.id, label: $0) : .ponPort(oltID: target.id, label: $0)
                }
            } else {
                if let port {
                    throw VolthaError(
                        .invalidInput,
                        "--port \(DisplayText.value(port)) names an OLT port, and \(Self.name(target)) is an ONU: its "
                            + "statistics are its optics and PON counters; leave --port out, or give the OLT"
                            + (target.parentID.isEmpty ? "" : " (\(DisplayText.value(target.parentID)))"),
                        target: client.address
                    )
                }
                requests = [.onuOptical(onuDeviceID: target.id)]
                if let proxy = target.proxyAddress {
                    requests.append(.onuPon(oltID: proxy.deviceID, ponInterface: proxy.channelID, onuID: proxy.onuID))
                }
            }
            var results: [Statistics] = []
            for request in requests { results.append(try await client.statistics(request)) }
            return results
        }
        var rows: [[String]] = []
        var kinds: [Statistics.Counter.Kind] = []
        for result in results {
            let scope: String
            switch result.request {
            case .ponPort(_, let label), .nniPort(_, let label): scope = label
            case .onuPon(_, let intf, let onu): scope = "pon-\(intf)/onu-\(onu)"
            case .onuOptical: scope = "optical"
            }
            for counter in result.counters {
                rows.append([result.request.targetID, result.request.name, scope, counter.name, counter.value])
                kinds.append(counter.kind)
            }
        }
        let columns = ["device", "request", "scope", "counter", "value"]
        guard format == .json else {
            TableOutput.print(columns: columns, rows: rows, format: format)
            return
        }
        // JSON: each value as its reply typed it (numbers, 64-bit counters included, as numbers;
        // booleans; enum values by their proto names).
        let items = zip(rows, kinds).map { row, kind -> JSONValue in
            let value: JSONValue
            switch kind {
            case .number: value = CellType.number.json(row[4])
            case .boolean: value = CellType.boolean.json(row[4])
            case .text: value = .string(row[4])
            }
            return .object(zip(columns.dropLast(), row).map { ($0, JSONValue.string($1)) } + [("value", value)])
        }
        print(JSONValue.array(items).canonicalText, terminator: "")
    }

    /// The device as the error names it: its id, and its serial when it has one.
    static func name(_ device: Device) -> String {
        let id = "device \(DisplayText.value(device.id))"
        return device.serialNumber.isEmpty ? id : id + " (\(DisplayText.value(device.serialNumber)))"
    }

    /// A `--port` the OLT does not have: not found (exit 1), naming the ports it has.
    static func unknownPort(_ port: String, of olt: Device, known: [String], at address: String) -> VolthaError {
        let shown = known.prefix(64).joined(separator: ", ") + (known.count > 64 ? ", … (\(known.count) in all)" : "")
        return VolthaError(
            .notFound,
            "\(name(olt)) has no PON or NNI port \(DisplayText.value(port)); "
                + (known.isEmpty ? "it has none yet (an OLT not connected lists no ports)" : "its ports: \(shown)"),
            target: address
        )
    }
}
