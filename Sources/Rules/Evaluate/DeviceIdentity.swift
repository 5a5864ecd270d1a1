import CWMP
public import DeviceTrees
import FerruleJSON

/// A device's identity as GenieACS keeps it: `DeviceID.ID` (the device document's `_id`) and the
/// DeviceId fields of its Informs.
///
/// The id matters beyond display: the sandbox spreads `Date.now(interval)` and seeds `Math.random`
/// with it (lib/sandbox.ts:70-113 at v1.2.16), so an id that differs from GenieACS's gives other
/// download times and other "random" values. When the source does not carry the id, it is built
/// the way GenieACS builds it (``genieACSId(oui:productClass:serialNumber:)``).
public struct DeviceIdentity: Sendable, Hashable {
    /// `DeviceID.ID` as stored, when the source carries it.
    public var id: String?
    public var manufacturer: String?
    public var oui: String?
    public var productClass: String?
    public var serialNumber: String?

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

    /// GenieACS's device id (lib/util.ts:3-27 at v1.2.16, `generateDeviceId`, called for every
    /// Inform in lib/cwmp.ts:1538): `OUI-ProductClass-SerialNumber`, or `OUI-SerialNumber` when the
    /// product class is empty; in each part every character outside `[A-Za-z0-9_]` becomes `%XX`
    /// per UTF-8 byte, upper-case hex (`SR360-0003` → `SR360%2D0003`).
    public static func genieACSId(oui: String, productClass: String, serialNumber: String) -> String {
        func escaped(_ text: String) -> String {
            var out = ""
            for byte in text.utf8 {
                switch byte {
                case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                    UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"):
                    out.unicodeScalars.append(Unicode.Scalar(byte))
                default:
                    let hex = String(byte, radix: 16, uppercase: true)
                    out += "%" + hex  // no zero padding: Buffer byte.toString(16), as GenieACS writes it
                }
            }
            return out
        }
        if productClass.isEmpty { return escaped(oui) + "-" + escaped(serialNumber) }
        return escaped(oui) + "-" + escaped(productClass) + "-" + escaped(serialNumber)
    }

    /// The identity a tree source carries besides its parameters: an NBI device document's `_id`
    /// (or `DeviceID.ID`) and `_deviceId`; a GenieACS CSV export's `DeviceID.*` rows; an Inform's
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
            return DeviceIdentity(
                manufacturer: d.manufacturer,
                oui: d.oui,
                productClass: d.productClass,
                serialNumber: d.serialNumber
            )
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
        return DeviceIdentity(
            id: document["_id"]?.stringValue ?? document["DeviceID"]?["ID"]?["_value"]?.stringValue,
            manufacturer: field("Manufacturer"),
            oui: field("OUI"),
            productClass: field("ProductClass"),
            serialNumber: field("SerialNumber")
        )
    }

    /// `DeviceID.<Field>` rows of a CSV export: the value column of GenieACS's export (sixth) or
    /// genieacs-sim's (fourth, by the header).
    private static func csv(_ text: String) -> DeviceIdentity {
        var identity = DeviceIdentity()
        var valueColumn = 5
        for (index, line) in text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" }).enumerated() {
            let fields = Self.csvFields(line)
            if index == 0 {
                valueColumn = fields.firstIndex(of: "Value") ?? 5
                continue
            }
            guard let path = fields.first, path.hasPrefix("DeviceID."), fields.count > valueColumn else { continue }
            let value = fields[valueColumn]
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

    /// One CSV line's fields (RFC 4180 quotes, `""` for a quote).
    static func csvFields(_ line: Substring) -> [String] {
        var fields: [String] = []
        var current = ""
        var quoted = false
        var iterator = line.makeIterator()
        while let c = iterator.next() {
            if quoted {
                if c == "\"" {
                    // Either the closing quote or the first of a doubled one.
                    var lookahead = iterator
                    if lookahead.next() == "\"" {
                        current.append("\"")
                        iterator = lookahead
                    } else {
                        quoted = false
                    }
                } else {
                    current.append(c)
                }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                fields.append(current)
                current = ""
            } else {
                current.append(c)
            }
        }
        fields.append(current)
        return fields
    }
}

extension DeviceState {
    /// The device a tree file describes: its parameters, and its identity from the file (`_id`,
    /// `DeviceID.*`, an Inform's `DeviceId`) or else from `DeviceInfo`, with GenieACS's id.
    ///
    /// - Throws: ``TreeSourceError`` when the file is not a tree.
    public static func load(
        _ bytes: [UInt8],
        file: String? = nil,
        tags: [String] = [],
        events: [String] = [],
        now: Double = 0
    ) throws(TreeSourceError) -> DeviceState {
        let loaded = try ParameterTree.loadSource(bytes, file: file)
        return from(
            tree: loaded.tree,
            identity: DeviceIdentity.read(bytes, format: loaded.format),
            tags: tags,
            events: events,
            now: now
        )
    }

    /// The device id GenieACS would have for these DeviceId fields.
    mutating func regenerateId() {
        id = DeviceIdentity.genieACSId(
            oui: oui ?? "",
            productClass: productClass ?? "",
            serialNumber: serialNumber ?? ""
        )
    }
}
