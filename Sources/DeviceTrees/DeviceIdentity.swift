import CWMP
import FerruleJSON

/// A device's identity as GenieACS keeps it: `DeviceID.ID` (the device document's `_id`) and the
/// DeviceId fields of its Informs.
///
/// The id matters beyond display: the sandbox spreads `Date.now(interval)` and seeds `Math.random`
/// with it (lib/sandbox.ts:70-113 at v1.2.16), so an id that differs from GenieACS's gives other
/// download times and other "random" values. When the source does not carry the id, it is built
/// the way GenieACS builds it (``GenieACSDeviceID/make(oui:productClass:serialNumber:)``).
public struct DeviceIdentity: Sendable, Hashable {
    /// `DeviceID.ID` as stored, when the source carries it.
    public var id: String?
    public var manufacturer: String?
    public var oui: String?
    public var productClass: String?
    public var serialNumber: String?
    /// The device's tags as GenieACS stores them (an NBI document's `_tags`; a CSV export's
    /// `Tags.<name>` rows, names decoded as GenieACS's `decodeTag` does: lib/util.ts:44-46 at v1.2.16).
    public var tags: [String] = []
    /// Times (ms since the epoch) of the events GenieACS keeps across sessions, by event code
    /// (`1 BOOT`, `0 BOOTSTRAP`, `Registered`): an NBI document's `_lastBoot`, `_lastBootstrap`,
    /// `_registered`, a CSV export's `Events.1_BOOT`, `Events.0_BOOTSTRAP`, `Events.Registered`
    /// rows (lib/cwmp/db.ts:120-153 at v1.2.16).
    public var persistedEvents: [String: Double] = [:]
    /// The session time stored in `Reboot` and `FactoryReset` when the ACS last sent one, by name.
    public var storedTriggerTimes: [String: Double] = [:]
    /// The event codes of an Inform (`1 BOOT`, `M Reboot`).
    public var events: [String] = []

    public init(
        id: String? = nil,
        manufacturer: String? = nil,
        oui: String? = nil,
        productClass: String? = nil,
        serialNumber: String? = nil
    ) {
        self.id = id
        self.manufacturer = manufacturer
        self.oui = oui
        self.productClass = productClass
        self.serialNumber = serialNumber
    }

    /// The identity a tree source carries besides its parameters: an NBI device document's `_id`
    /// (or `DeviceID.ID`), `_deviceId` and `_tags`; a GenieACS CSV export's `DeviceID.*` and `Tags.*` rows; an Inform's
    /// `DeviceId`. Empty for other sources.
    public static func read(_ bytes: [UInt8], format: TreeSourceFormat) -> DeviceIdentity {
        switch format {
        case .nbiJSON: return nbi(bytes)
        case .csv: return csv(String(decoding: bytes, as: UTF8.self))
        case .inform:
            guard let parsed = try? CWMPParser().parse(bytes), let envelope = parsed.message.envelope,
                case .inform(let inform) = envelope.body
            else { return DeviceIdentity() }
            let d = inform.deviceId
            var identity = DeviceIdentity(
                manufacturer: d.manufacturer,
                oui: d.oui,
                productClass: d.productClass,
                serialNumber: d.serialNumber
            )
            identity.events = inform.events.map(\.code)
            return identity
        default: return DeviceIdentity()
        }
    }

    private static func nbi(_ bytes: [UInt8]) -> DeviceIdentity {
        guard var document = try? JSONValue.parse(bytes) else { return DeviceIdentity() }
        if case .array(let items) = document, items.count == 1, let only = items.first { document = only }
        // lib/cwmp/db.ts:154-230 at v1.2.16: DeviceID.ID is `_id`, the rest `_deviceId._<Field>`.
        let fields = document["_deviceId"]
        func field(_ name: String) -> String? {
            fields?["_" + name]?.stringValue ?? document["DeviceID"]?[name]?["_value"]?.stringValue
        }
        var identity = DeviceIdentity(
            id: document["_id"]?.stringValue ?? document["DeviceID"]?["ID"]?["_value"]?.stringValue,
            manufacturer: field("Manufacturer"),
            oui: field("OUI"),
            productClass: field("ProductClass"),
            serialNumber: field("SerialNumber")
        )
        if case .array(let tags)? = document["_tags"] { identity.tags = tags.compactMap(\.stringValue) }
        for (key, code) in [("_lastBoot", "1 BOOT"), ("_lastBootstrap", "0 BOOTSTRAP"), ("_registered", "Registered")] {
            if let time = document[key]?.stringValue.flatMap(Self.milliseconds) {
                identity.persistedEvents[code] = time
            }
        }
        for name in ["Reboot", "FactoryReset"] {
            if let time = document[name]?["_value"]?.stringValue.flatMap(Self.milliseconds) {
                identity.storedTriggerTimes[name] = time
            }
        }
        return identity
    }

    /// A tag from its `Tags.*` parameter name: `0x` before two hex digits is a percent escape of
    /// UTF-8 (`fw0x202024` is `fw 2024`); a name that does not decode stays as it is.
    static func decodedTag(_ name: Substring) -> String {
        let bytes = Array(name.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        func hex(_ byte: UInt8) -> UInt8? {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
            case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
            default: nil
            }
        }
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "0"), i + 3 < bytes.count, bytes[i + 1] == UInt8(ascii: "x"),
                let high = hex(bytes[i + 2]), let low = hex(bytes[i + 3])
            {
                out.append(high << 4 | low)
                i += 4
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return String(validating: out, as: UTF8.self) ?? String(name)
    }

    /// The CSV rows of the events GenieACS keeps across sessions, and their codes.
    private static let persistedEventRows = [
        "Events.1_BOOT": "1 BOOT", "Events.0_BOOTSTRAP": "0 BOOTSTRAP", "Events.Registered": "Registered",
    ]

    /// An xsd:dateTime text in ms since the epoch.
    private static func milliseconds(_ text: String) -> Double? { CWMPDateTime(text)?.millisecondsSince1970 }

    /// `DeviceID.<Field>` records of a CSV export: the value column of GenieACS's export (sixth) or
    /// genieacs-sim's (fourth, by the header).
    private static func csv(_ text: String) -> DeviceIdentity {
        var identity = DeviceIdentity()
        guard let records = try? CSVReader.parse(text), let header = records.first else { return identity }
        let valueColumn = header.fields.firstIndex(of: "Value") ?? 5
        for record in records.dropFirst() {
            let fields = record.fields
            guard let path = fields.first, fields.count > valueColumn else { continue }
            if path.hasPrefix("Tags."), path.count > 5 {
                identity.tags.append(decodedTag(path.dropFirst(5)))
                continue
            }
            let value = fields[valueColumn]
            if let code = Self.persistedEventRows[path], let time = Self.milliseconds(value) {
                identity.persistedEvents[code] = time
                continue
            }
            if path == "Reboot" || path == "FactoryReset", let time = Self.milliseconds(value) {
                identity.storedTriggerTimes[path] = time
                continue
            }
            guard path.hasPrefix("DeviceID.") else { continue }
            switch path.dropFirst("DeviceID.".count) {
            case "ID": identity.id = value
            case "Manufacturer": identity.manufacturer = value
            case "OUI": identity.oui = value
            case "ProductClass": identity.productClass = value
            case "SerialNumber": identity.serialNumber = value
            default: break
            }
        }
        return identity
    }
}
