/// GenieACS device ids (GenieACS 1.2.16 lib/util.ts:3-27).
public enum GenieACSDeviceID {
    /// `OUI-ProductClass-SerialNumber`, or `OUI-SerialNumber` without a product class; in each part
    /// every character outside `[A-Za-z0-9_]` becomes `%XX` per UTF-8 byte (`lib/util.ts` `generateDeviceId`).
    public static func make(oui: String, productClass: String?, serialNumber: String) -> String {
        let parts = [oui] + (productClass.map { $0.isEmpty ? [] : [$0] } ?? []) + [serialNumber]
        return parts.map(escape).joined(separator: "-")
    }

    /// One part of a device id, escaped.
    public static func escape(_ part: String) -> String {
        var out = ""
        for byte in part.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out += "%" + hex(byte)
            }
        }
        return out
    }

    static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0xF)]])
    }
}
