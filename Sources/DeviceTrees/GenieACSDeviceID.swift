/// GenieACS device ids: the `_id` of a device document, built from an Inform's DeviceId
/// (GenieACS 1.2.16 lib/util.ts:3-27, `generateDeviceId`, called for every Inform at
/// lib/cwmp.ts:1538).
public enum GenieACSDeviceID {
    /// `OUI-ProductClass-SerialNumber`, or `OUI-SerialNumber` when the product class is nil or empty
    /// (lib/util.ts:17-27), each part escaped by ``escape(_:)``.
    ///
    /// ```swift
    /// GenieACSDeviceID.make(oui: "00259E", productClass: "HG8245", serialNumber: "SR360NA0A4-0003196")
    /// // "00259E-HG8245-SR360NA0A4%2D0003196"
    /// ```
    public static func make(oui: String, productClass: String?, serialNumber: String) -> String {
        guard let productClass, !productClass.isEmpty else { return escape(oui) + "-" + escape(serialNumber) }
        return escape(oui) + "-" + escape(productClass) + "-" + escape(serialNumber)
    }

    /// One part of a device id, escaped as lib/util.ts:7-14 does: every character outside
    /// `[A-Za-z0-9_]` becomes `%` and the upper-case hex of each of its UTF-8 bytes.
    ///
    /// Two details follow GenieACS to the letter, since the id seeds the sandbox's `Date.now(interval)`
    /// and `Math.random` (lib/sandbox.ts:70-113): the hex is not zero-padded (`byte.toString(16)`, so
    /// a line feed is `%A`), and the regular expression has no `u` flag, so a character outside the
    /// Basic Multilingual Plane is replaced one UTF-16 surrogate at a time, and a lone surrogate is
    /// UTF-8 encoded by Node's `Buffer.from` as U+FFFD: `😀` becomes `%EF%BF%BD%EF%BF%BD`.
    public static func escape(_ part: String) -> String {
        var out = ""
        out.reserveCapacity(part.utf8.count)
        for scalar in part.unicodeScalars {
            switch scalar {
            case "A"..."Z", "a"..."z", "0"..."9", "_":
                out.unicodeScalars.append(scalar)
            case _ where scalar.value > 0xFFFF:
                out += "%EF%BF%BD%EF%BF%BD"
            default:
                for byte in String(scalar).utf8 { out += "%" + String(byte, radix: 16, uppercase: true) }
            }
        }
        return out
    }
}
