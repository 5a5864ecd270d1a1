import FerruleCore
public import FerruleJSON
public import GenieACS
import PONEvents
public import Rules

/// Finds the CPE behind an ONU in GenieACS, by the settings of ``CorrelationSettings``.
///
/// One NBI query per ONU: `{"$or": [{"_deviceId._SerialNumber": <form>}, …, {"<parameter>": <serial>}]}`
/// with `limit: 2` and projection `_id` (GenieACS appends `._value` to parameter paths, lib/query.ts
/// `expand` at v1.2.16). One device is the match; none or several are reported as such, never guessed.
public struct CPECorrelator: Sendable {
    public let acs: any GenieACSNBI
    public let settings: CorrelationSettings

    public init(acs: any GenieACSNBI, settings: CorrelationSettings = CorrelationSettings()) {
        self.acs = acs
        self.settings = settings
    }

    /// The serial numbers asked for, in order: the forms of the vendor's strategy (a serial that is
    /// not a GPON serial is only asked for as itself).
    public static func serialCandidates(_ serial: String, _ strategy: CorrelationSettings.Strategy) -> [String] {
        var out: [String] = []
        for form in strategy.serialForms {
            switch form {
            case .gpon:
                out.append(serial)
                // VOLTHA prints the hex part in lower case (GPONSerial.canonical), a CPE's
                // SerialNumber often in upper case: both spellings are the same ONU.
                if GPONSerial.isValid(serial) {
                    out.append(serial.prefix(4) + serial.dropFirst(4).uppercased())
                    out.append(GPONSerial.canonical(serial))
                }
            case .hexVendor:
                if let hex = GPONSerial.hexVendorForm(serial) {
                    out.append(hex)
                    out.append(String(hex.prefix(8)) + hex.dropFirst(8).lowercased())
                    out.append(hex.lowercased())
                }
            }
        }
        if !GPONSerial.isValid(serial) && !out.contains(serial) { out.insert(serial, at: 0) }
        var seen: Set<String> = []
        return out.filter { seen.insert($0).inserted }
    }

    /// The NBI device query for `serial`.
    public func query(forSerial serial: String, vendor: String?) -> JSONValue {
        let strategy = settings.strategy(forVendor: vendor ?? GPONSerial.vendor(serial))
        var clauses: [JSONValue] = Self.serialCandidates(serial, strategy).map {
            .object([("_deviceId._SerialNumber", .string($0))])
        }
        if let parameter = strategy.parameter { clauses.append(.object([(parameter, .string(serial))])) }
        return clauses.count == 1 ? clauses[0] : .object([("$or", .array(clauses))])
    }

    /// The CPE of the ONU with `serial`.
    ///
    /// - Throws: the NBI's error when GenieACS cannot be asked.
    public func correlate(serial: String, vendor: String? = nil) async throws -> CorrelationResult {
        guard !serial.isEmpty, serial.utf8.count <= 64 else { return .unmatched(serial: serial, query: "") }
        let query = query(forSerial: serial, vendor: vendor)
        let page = try await acs.query(.devices, CollectionQuery(query: query, projection: ["_id"], limit: 2))
        let ids = page.items.compactMap { $0["_id"]?.stringValue }
        switch ids.count {
        case 0: return .unmatched(serial: serial, query: query.compactText)
        case 1: return .matched(deviceID: ids[0])
        default: return .ambiguous(serial: serial, deviceIDs: ids.sorted(), total: page.total ?? ids.count)
        }
    }
}

/// What correlation found for one ONU.
public enum CorrelationResult: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Exactly one CPE.
    case matched(deviceID: String)
    /// No CPE matched the query.
    case unmatched(serial: String, query: String)
    /// Several CPEs matched (the first two and how many in all).
    case ambiguous(serial: String, deviceIDs: [String], total: Int)

    public var description: String {
        switch self {
        case .matched(let id): "CPE \(id)"
        case .unmatched(let serial, let query):
            "no CPE matches ONU \(DisplayText.value(serial))"
                + (query.isEmpty ? "" : " (GenieACS query \(DisplayText.escaped(query)))")
        case .ambiguous(let serial, let ids, let total):
            "\(total) CPEs match ONU \(DisplayText.value(serial)) "
                + "(\(ids.map { DisplayText.value($0) }.joined(separator: ", "))\(total > ids.count ? ", …" : "")); "
                + "nothing done: fix the duplicates or the correlation settings"
        }
    }
}
