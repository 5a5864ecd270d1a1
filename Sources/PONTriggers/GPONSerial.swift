/// GPON / XGS-PON ONU serial numbers: four ASCII vendor letters and eight hex digits (`HWTC1A2B3C4D`;
/// ITU-T G.984.3 `Serial_Number` = 4-byte vendor id + 4-byte vendor-specific serial, which VOLTHA shows
/// as the letters and the hex of the rest: voltha-openolt-adapter `internal/pkg/core/device_handler.go`
/// `getONUSerialNumber`).
public enum GPONSerial {
    /// Whether `serial` has the GPON form.
    public static func isValid(_ serial: String) -> Bool {
        // The UTF-8 view walked in place: no copy per check (it runs for every event's facts).
        let utf8 = serial.utf8
        guard utf8.count == 12 else { return false }
        return utf8.prefix(4).allSatisfy { isLetter($0) } && utf8.dropFirst(4).allSatisfy { isHex($0) }
    }

    /// The vendor letters of a GPON serial, nil for other texts.
    public static func vendor(_ serial: String) -> String? {
        isValid(serial) ? String(serial.prefix(4)) : nil
    }

    /// The serial with its vendor letters hex-encoded (`485754431A2B3C4D`), in upper case; nil for
    /// other texts.
    public static func hexVendorForm(_ serial: String) -> String? {
        guard isValid(serial) else { return nil }
        let digits = Array("0123456789ABCDEF")
        var out = ""
        for byte in serial.utf8.prefix(4) {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0xF)])
        }
        return out + serial.dropFirst(4).uppercased()
    }

    private static func isLetter(_ b: UInt8) -> Bool {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(b) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(b)
    }

    private static func isHex(_ b: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b) || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(b)
            || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(b)
    }
}
