import ArgumentParser
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
    @Option(help: "An OLT port label (pon-0, nni-1048576).") var port: String?
    @Option(help: "table, json or csv.") var format: ListFormat = .table

    func validate() throws { try requireDeviceKey(device, "<device>") }

    func run() async throws {
        let results = try await voltha.run { client in
            let target = try await client.device(idOrSerial: device)
            var requests: [StatisticsRequest] = []
            if target.isRoot {
                var labels: [String]
                if let port {
                    labels = [port]
                } else {
                    labels = try await client.ports(deviceID: target.id)
                        .filter { $0.type == .ponOLT || $0.type == .ethernetNNI }.map(\.label)
                }
                labels.sort()
                requests = labels.map {
                    $0.hasPrefix("nni") ? .nniPort(oltID: target.id, label: $0) : .ponPort(oltID: target.id, label: $0)
                }
            } else {
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
}
