/// GenieACS device ids (GenieACS 1.2.16 lib/util.ts:3-27).
public enum DeviceIdentifier {
    /// GenieACS 1.2.16 lib/util.ts:3-27: `OUI-ProductClass-SerialNumber`, or `OUI-SerialNumber` without a product
    /// class; in each part every character outside `[A-Za-z0-9_]` becomes `%XX` per UTF-8 byte (`lib/util.ts`
    /// `generateDeviceId`).
    ///
    /// ```swift
    /// DeviceIdentifier.make(oui: "00259E", productClass: "HG8245", serialNumber: "SR360NA0A4-0003196")
    /// // "00259E-HG8245-SR360NA0A4%2D0003196"
    /// ```
    public static func make(oui: String, productClass: String?, serialNumber: String) -> String {
        var parts = [oui]
        if let productClass, !productClass.isEmpty { parts.append(productClass) }
        parts.append(serialNumber)
        return parts.map(escape).joined(separator: "-")
    }

    /// One part of a device id, escaped (GenieACS 1.2.16 lib/util.ts:3-27).
    public static func escape(_ part: String) -> String {
        let digits = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(part.utf8.count)
        for byte in part.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"):
                out.append(byte)
            default:
                out.append(UInt8(ascii: "%"))
                out.append(digits[Int(byte >> 4)])
                out.append(digits[Int(byte & 0xF)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
