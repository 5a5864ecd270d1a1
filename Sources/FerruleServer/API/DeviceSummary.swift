import CWMP
import Campaigns
import FerruleJSON
import Foundation

/// What the device routes show of a GenieACS device document (GenieACS 1.2.16 lib/cwmp/db.ts:23-240):
/// DotMac's `DeviceInfo` fields, read from the nested parameter tree of TR-098 or TR-181 devices
/// (DotMac read flat TR-098 keys that GenieACS never writes, and lost every field).
enum DeviceSummary {
    /// `DeviceInfo.<name>` under either root, TR-181 first.
    static func deviceInfo(_ document: DeviceDocument, _ name: String) -> String? {
        document.value("Device.DeviceInfo." + name) ?? document.value("InternetGatewayDevice.DeviceInfo." + name)
    }

    /// A `_deviceId` field (`_Manufacturer`, `_OUI`, `_ProductClass`, `_SerialNumber`).
    static func identity(_ document: DeviceDocument, _ field: String) -> String? {
        document.json["_deviceId"]?[field]?.stringValue
    }

    /// A `_lastInform`/`_registered`/`_lastBoot` time.
    static func time(_ document: DeviceDocument, _ field: String) -> Date? {
        document.json[field]?.stringValue.flatMap(APITime.milliseconds(iso:)).map(APITime.date)
    }

    static func info(_ document: DeviceDocument) -> Components.Schemas.DeviceInfo {
        Components.Schemas.DeviceInfo(
            _id: document.id,
            manufacturer: identity(document, "_Manufacturer") ?? deviceInfo(document, "Manufacturer"),
            model: deviceInfo(document, "ModelName") ?? identity(document, "_ProductClass"),
            productClass: identity(document, "_ProductClass") ?? deviceInfo(document, "ProductClass"),
            oui: identity(document, "_OUI") ?? deviceInfo(document, "ManufacturerOUI"),
            serialNumber: identity(document, "_SerialNumber") ?? deviceInfo(document, "SerialNumber"),
            hardwareVersion: deviceInfo(document, "HardwareVersion"),
            softwareVersion: document.softwareVersion,
            connectionRequestUrl: (document.value("Device.ManagementServer.ConnectionRequestURL")
                ?? document.value("InternetGatewayDevice.ManagementServer.ConnectionRequestURL")).map(Redaction.url),
            lastInform: time(document, "_lastInform"),
            registered: time(document, "_registered")
        )
    }

    /// `DeviceResponse.device_info`: the same fields keyed `device_id` instead of `_id`, times as
    /// ISO 8601 text.
    static func infoObject(_ document: DeviceDocument) -> JSONValue {
        let info = info(document)
        func text(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }
        func time(_ value: Date?) -> JSONValue {
            value.map { .string($0.formatted(.iso8601)) } ?? .null
        }
        return .object([
            ("device_id", .string(info._id)),
            ("manufacturer", text(info.manufacturer)),
            ("model", text(info.model)),
            ("product_class", text(info.productClass)),
            ("oui", text(info.oui)),
            ("serial_number", text(info.serialNumber)),
            ("hardware_version", text(info.hardwareVersion)),
            ("software_version", text(info.softwareVersion)),
            ("connection_request_url", text(info.connectionRequestUrl)),
            ("last_inform", time(info.lastInform)),
            ("registered", time(info.registered)),
        ])
    }

    /// Every parameter with a `_value`, keyed by its full path, in document order; at most
    /// `limit` (a CPE has a few thousand).
    static func parameters(_ json: JSONValue, limit: Int = 100_000) -> [(String, JSONValue)] {
        var out: [(String, JSONValue)] = []
        func walk(_ node: JSONValue, _ path: String) {
            guard out.count < limit, case .object(let members) = node else { return }
            if let value = node["_value"] {
                out.append((path, shown(path, value)))
                return
            }
            for (key, child) in members where !key.hasPrefix("_") {
                walk(child, path.isEmpty ? key : path + "." + key)
            }
        }
        walk(json, "")
        return out
    }

    /// What a response shows of a parameter's value, as `ferrule acs device` and `acs devices`
    /// do: ``Redaction/deviceValue(_:path:)``, the one masking of device reads.
    static func shown(_ path: String, _ value: JSONValue) -> JSONValue { Redaction.deviceValue(value, path: path) }

    /// How recent an Inform makes a device online, in milliseconds: five minutes (DotMac's rule).
    static let onlineWindow = 5 * 60 * 1000.0

    /// `online`: DotMac's rule, an Inform in the last five minutes.
    static func isOnline(_ document: DeviceDocument, now: Double) -> Bool {
        guard let last = document.lastInform else { return false }
        return now - last < onlineWindow
    }

    /// The NBI query of the devices ``isOnline(_:now:)`` holds for: `_lastInform` after the
    /// window's start, as an ISO 8601 text GenieACS also compares as a date (lib/query.ts:19-36).
    static func onlineQuery(now: Double) -> JSONValue {
        let since = APITime.date(now - onlineWindow)
        let text = since.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
        return .object([("_lastInform", .object([("$gt", .string(text))]))])
    }
}
