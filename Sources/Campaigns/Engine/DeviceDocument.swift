import CWMP
import DeviceTrees
public import FerruleJSON
import Foundation
public import Rules

/// A GenieACS device document as campaigns read it (GenieACS 1.2.16 lib/cwmp/db.ts:23-240).
public struct DeviceDocument: Sendable {
    public let id: String
    public let json: JSONValue

    public init?(_ json: JSONValue) {
        guard let id = json["_id"]?.stringValue else { return nil }
        self.id = id
        self.json = json
    }

    /// The paths campaigns read SoftwareVersion from, TR-181 first.
    public static let softwareVersionPaths = [
        "Device.DeviceInfo.SoftwareVersion", "InternetGatewayDevice.DeviceInfo.SoftwareVersion",
    ]

    /// The text of a parameter's `_value` (numbers and booleans as written), nil when absent.
    public func value(_ path: String) -> String? {
        value(segments: path.split(separator: ".").map(String.init))
    }

    /// ``value(_:)`` of a path split once (the SoftwareVersion paths are read for every device).
    func value(segments: [String]) -> String? {
        var node: JSONValue? = json
        for part in segments { node = node?[part] }
        guard let value = node?["_value"] else { return nil }
        switch value {
        case .string(let s): return s
        case .number(let n): return n
        case .bool(let b): return b ? "true" : "false"
        case .null: return nil
        default: return value.compactText
        }
    }

    /// The parameter's `_type` (`xsd:unsignedInt`), nil when the device did not report one.
    public func type(_ path: String) -> String? {
        var node: JSONValue? = json
        for part in path.split(separator: ".") { node = node?[String(part)] }
        return node?["_type"]?.stringValue
    }

    /// The parameter's `_timestamp` in milliseconds since the epoch: when GenieACS last stored its value (a refresh,
    /// or a SetParameterValues the CPE accepted: the session's time + 1 ms, GenieACS 1.2.16 lib/session.ts:2715-2733).
    public func timestamp(_ path: String) -> Double? {
        var node: JSONValue? = json
        for part in path.split(separator: ".") { node = node?[String(part)] }
        return node?["_timestamp"]?.stringValue.flatMap(Self.milliseconds)
    }

    /// Whether the tree has a node at `path` (a parameter, even one whose value was never fetched).
    public func has(_ path: String) -> Bool {
        var node: JSONValue? = json
        for part in path.split(separator: ".") { node = node?[String(part)] }
        if case .object = node { return true }
        return false
    }

    public var softwareVersion: String? {
        Self.softwareVersionSegments.lazy.compactMap { value(segments: $0) }.first
    }

    private static let softwareVersionSegments = softwareVersionPaths.map {
        $0.split(separator: ".").map(String.init)
    }

    /// `_lastInform` in milliseconds since the epoch.
    public var lastInform: Double? { json["_lastInform"]?.stringValue.flatMap(Self.milliseconds) }

    public var tags: [String] { (json["_tags"]?.arrayValue ?? []).compactMap(\.stringValue) }

    /// The device as the rule evaluator sees it.
    public func deviceState(now: Double) throws -> DeviceState {
        let tree = try ParameterTree(nbiJSON: Array(json.compactText.utf8), file: id)
        var state = DeviceState.from(tree: tree, tags: tags, now: now)
        let deviceID = json["_deviceId"]
        state.id = id
        state.manufacturer = deviceID?["_Manufacturer"]?.stringValue ?? state.manufacturer
        state.oui = deviceID?["_OUI"]?.stringValue ?? state.oui
        state.productClass = deviceID?["_ProductClass"]?.stringValue ?? state.productClass
        state.serialNumber = deviceID?["_SerialNumber"]?.stringValue ?? state.serialNumber
        return state
    }

    /// ISO 8601 (with or without fractional seconds) → milliseconds since the epoch.
    ///
    /// GenieACS keeps `_lastInform` as a date, which the NBI's `JSON.stringify` writes with
    /// `Date.prototype.toISOString()` (`2026-12-05T20:49:20.123Z`): that shape, and the same without
    /// fraction, is read by hand: the runner reads it for every device it verifies, and
    /// Foundation's ISO 8601 parser is slow. Any other text goes to Foundation as before.
    static func milliseconds(_ text: String) -> Double? {
        if let fast = utcMilliseconds(text) { return fast }
        if let date = try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)) {
            return date.timeIntervalSince1970 * 1000
        }
        if let date = try? Date(text, strategy: .iso8601) { return date.timeIntervalSince1970 * 1000 }
        return nil
    }

    /// Where `YYYY-MM-DDTHH:MM:SS` has its separators.
    private static let isoSeparators: [(Int, UInt8)] = [
        (4, UInt8(ascii: "-")), (7, UInt8(ascii: "-")), (10, UInt8(ascii: "T")), (13, UInt8(ascii: ":")),
        (16, UInt8(ascii: ":")),
    ]

    /// `YYYY-MM-DDTHH:MM:SS[.fff]Z` → milliseconds since the epoch; nil for any other shape.
    static func utcMilliseconds(_ text: String) -> Double? {
        var text = text
        return text.withUTF8 { c -> Double? in
            guard c.count == 20 || c.count == 24, c[c.count - 1] == UInt8(ascii: "Z") else { return nil }
            func number(_ from: Int, _ count: Int) -> Int? {
                var value = 0
                for k in from..<(from + count) {
                    guard c[k] >= 0x30, c[k] <= 0x39 else { return nil }
                    value = value * 10 + Int(c[k] - 0x30)
                }
                return value
            }
            for (index, separator) in isoSeparators where c[index] != separator { return nil }
            guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
                let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2),
                (1...12).contains(month), (1...CivilTime.daysIn(year, month)).contains(day),
                hour < 24, minute < 60, second < 60
            else { return nil }
            var millisecond = 0
            if c.count == 24 {
                guard c[19] == UInt8(ascii: "."), let fraction = number(20, 3) else { return nil }
                millisecond = fraction
            }
            let seconds = CivilTime.daysFromCivil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second
            return Double(seconds * 1000 + millisecond)
        }
    }
}
