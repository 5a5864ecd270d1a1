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
    static func milliseconds(_ text: String) -> Double? {
        if let date = try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)) {
            return date.timeIntervalSince1970 * 1000
        }
        if let date = try? Date(text, strategy: .iso8601) { return date.timeIntervalSince1970 * 1000 }
        return nil
    }
}
